// The central server's schema (drizzle pg-core): one schema for embedded PGlite and PostgreSQL.
// The SQL that creates it is in src/server/migrations/ (kept in step by test/server/schema.test.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const municipalities = pgTable('municipalities', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const providers = pgTable(
  'providers',
  {
    id: text('id').primaryKey(),
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('providers_municipality_idx').on(t.municipalityId)],
);

/** A provider's registered fixed IP addresses (normalised text, IPv4 dotted or IPv6). */
export const providerAddresses = pgTable(
  'provider_addresses',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who registered it: a console account, or the CLI. */
    registeredBy: text('registered_by'),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.address] })],
);

/** One-time enrolment codes; only a SHA-256 of the code is stored. */
export const enrolmentCodes = pgTable('enrolment_codes', {
  codeHash: text('code_hash').primaryKey(),
  providerId: text('provider_id')
    .notNull()
    .references(() => providers.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  workstationId: uuid('workstation_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const workstations = pgTable(
  'workstations',
  {
    id: uuid('id').primaryKey(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    name: text('name').notNull(),
    /** SHA-256 of the client certificate's DER, colon-separated uppercase hex (Node's fingerprint256). */
    certFingerprint: text('cert_fingerprint').notNull(),
    certSerial: text('cert_serial').notNull(),
    certNotAfter: timestamp('cert_not_after', { withTimezone: true }).notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    /** What the server last saw of it: when, from which address, running which version. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    lastAddress: text('last_address'),
    clientVersion: text('client_version'),
    /**
     * Renewal: the current certificate's PEM and the SHA-256 of its key (SPKI DER, hex), so a
     * repeated request for the same key gets the same certificate back; null for a certificate
     * from enrolment before renewal existed.
     */
    certPem: text('cert_pem'),
    certKeySha256: text('cert_key_sha256'),
    renewedAt: timestamp('renewed_at', { withTimezone: true }),
    /**
     * The certificate a renewal replaced. It still authenticates until the new one is first
     * used (the answer may have been lost, so the workstation may not hold the new one yet).
     */
    previousCertFingerprint: text('previous_cert_fingerprint'),
    previousCertNotAfter: timestamp('previous_cert_not_after', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('workstations_cert_fingerprint_key').on(t.certFingerprint),
    uniqueIndex('workstations_previous_cert_fingerprint_key').on(t.previousCertFingerprint),
  ],
);

/**
 * Everything that flows up, one row per client-generated id. `content_hash` (SHA-256 of the item's
 * canonical JSON) tells a harmless re-send (duplicate) from a different item under the same id
 * (conflict). `day` is reconciliationDay(item).
 */
export const pushedItems = pgTable(
  'pushed_items',
  {
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    municipalityId: text('municipality_id').notNull(),
    providerId: text('provider_id').notNull(),
    workstationId: uuid('workstation_id').notNull(),
    day: date('day').notNull(),
    contentHash: text('content_hash').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Partitioned by municipality (migration 0009), so the key holds the partition key.
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.id] }),
    index('pushed_items_provider_day_idx').on(t.providerId, t.day, t.type),
    index('pushed_items_workstation_day_idx').on(t.workstationId, t.day, t.type),
  ],
);

/**
 * Current state of every row that flows down, per provider. `seq` is assigned by the sequencer
 * after the writing transaction commits (NULL until then), so seq order is commit order and a
 * cursor can never skip a late commit. `deleted` rows are tombstones until retention purges them.
 */
export const syncEntities = pgTable(
  'sync_entities',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data'),
    deleted: boolean('deleted').notNull().default(false),
    seq: bigint('seq', { mode: 'bigint' }),
    /** For plans: editedAt of the stored edit, so an older edit arriving late does not win. */
    versionAt: timestamp('version_at', { withTimezone: true }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.entity, t.entityId] }),
    index('sync_entities_provider_seq_idx').on(t.providerId, t.seq),
    index('sync_entities_unsequenced_idx')
      .on(t.providerId)
      .where(sql`${t.seq} IS NULL`),
  ],
);

/** Singleton: the highest seq of any purged tombstone; cursors below it answer 410. */
export const syncHorizon = pgTable('sync_horizon', {
  id: boolean('id').primaryKey().default(true),
  purgedThroughSeq: bigint('purged_through_seq', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
});

/** Enrolment attempts per source address in the current window (the rate limit's state). */
export const enrolmentAttempts = pgTable('enrolment_attempts', {
  address: text('address').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull(),
});

/**
 * The evidence record, one row per push accepted, enrolment, revocation and admin change,
 * written in the same transaction as the change: it is exactly as durable as the data.
 */
export const serverAudit = pgTable(
  'server_audit',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    /** 'admin' (token holder), 'workstation:<id>', or 'server' (its own timers). */
    actor: text('actor').notNull(),
    municipalityId: text('municipality_id'),
    providerId: text('provider_id'),
    workstationId: uuid('workstation_id'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('server_audit_at_idx').on(t.at),
    index('server_audit_provider_at_idx').on(t.providerId, t.at),
  ],
);

/** Every file the file exchange took, and what became of it (src/server/exchange/). */
export const exchangeFiles = pgTable(
  'exchange_files',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    format: text('format').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    status: text('status').notNull(),
    records: integer('records').notNull(),
    rejected: integer('rejected').notNull(),
    code: text('code'),
    params: jsonb('params')
      .notNull()
      .default(sql`'{}'::jsonb`),
    source: text('source').notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('exchange_files_imported_key')
      .on(t.municipalityId, t.format, t.sha256)
      .where(sql`${t.status} = 'imported'`),
    index('exchange_files_municipality_idx').on(t.municipalityId, t.id),
  ],
);

/** The stored version of each BFU order. */
export const exchangeOrders = pgTable(
  'exchange_orders',
  {
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    orderId: text('order_id').notNull(),
    version: integer('version').notNull(),
    providerId: text('provider_id').notNull(),
    contentHash: text('content_hash').notNull(),
    fileId: bigint('file_id', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.orderId] })],
);

/** The BFU-back and MFU-time files written per provider, month and attest version. */
export const exchangeExports = pgTable(
  'exchange_exports',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    month: text('month').notNull(),
    attestVersion: integer('attest_version').notNull(),
    figuresHash: text('figures_hash').notNull(),
    files: jsonb('files').notNull(),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.month, t.attestVersion] })],
);

/** Per municipality: the MFU column mappings. */
export const exchangeSettings = pgTable('exchange_settings', {
  municipalityId: text('municipality_id')
    .primaryKey()
    .references(() => municipalities.id),
  settings: jsonb('settings').notNull(),
});

/** Door codes and key information, sealed (src/server/secrets/seal.ts); never in sync_entities. */
export const recipientSecrets = pgTable(
  'recipient_secrets',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    recipientId: text('recipient_id').notNull(),
    sealed: text('sealed').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.recipientId] })],
);

export const schema = {
  municipalities,
  providers,
  providerAddresses,
  enrolmentCodes,
  workstations,
  pushedItems,
  syncEntities,
  syncHorizon,
  enrolmentAttempts,
  serverAudit,
  exchangeFiles,
  exchangeOrders,
  exchangeExports,
  exchangeSettings,
  recipientSecrets,
};
