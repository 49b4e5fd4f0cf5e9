// The sync area's tables behind typed functions: the outbox (the one way anything is written to
// it is `Outbox.add`), small named values in sync_state, the installation row, and the ids a
// full resync has seen. Every statement is prepared once, when the core opens.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { PushItemType } from '../../shared/sync/pushItems.ts';

// ── The outbox ─────────────────────────────────────────────────────────────────────────────

/**
 * What a domain area may do to the outbox: add a row for an item it has just written, in the same
 * transaction. Areas receive only this.
 */
export interface Outbox {
  add(kind: PushItemType, itemId: string): void;
}

export interface PendingRow {
  outboxId: number;
  kind: PushItemType;
  itemId: string;
  attempts: number;
}

export interface QuarantinedItem {
  outboxId: number;
  kind: PushItemType;
  itemId: string;
  code: string;
  attempts: number;
}

export class OutboxData implements Outbox {
  readonly #add: Database.Statement;
  readonly #pending: Database.Statement;
  readonly #markSent: Database.Statement;
  readonly #markQuarantined: Database.Statement;
  readonly #markRetry: Database.Statement;
  readonly #counts: Database.Statement;
  readonly #quarantined: Database.Statement;
  readonly #retryAll: Database.Statement;
  readonly #retryIds: Database.Statement;
  readonly #sentBounds: Database.Statement;
  readonly #sentBetween: Database.Statement;
  readonly #reEnqueue: Database.Statement;
  readonly #forgetSent: Database.Statement;
  readonly #unsent: Database.Statement;
  readonly #removeSent: Database.Statement;
  readonly #expireSent: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#add = sqlite.prepare('insert into outbox (kind, item_id) values (?, ?)');
    this.#pending = sqlite.prepare(
      `select id as outboxId, kind, item_id as itemId, attempts from outbox
       where state = 'pending' and id > ? and (next_attempt_at is null or next_attempt_at <= ?)
       order by id limit ?`,
    );
    this.#markSent = sqlite.prepare(
      `update outbox set state = 'sent', day = ?, sent_at = ?, last_error = null, next_attempt_at = null where id = ?`,
    );
    this.#markQuarantined = sqlite.prepare(
      `update outbox set state = 'quarantined', last_error = ?, attempts = attempts + 1, next_attempt_at = null where id = ?`,
    );
    this.#markRetry = sqlite.prepare(
      `update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?`,
    );
    this.#counts = sqlite.prepare(
      `select (select count(*) from outbox where state = 'pending') as waiting,
              (select count(*) from outbox where state = 'quarantined') as quarantined`,
    );
    this.#quarantined = sqlite.prepare(
      `select id as outboxId, kind, item_id as itemId, coalesce(last_error, 'sync.invalidItem') as code, attempts
       from outbox where state = 'quarantined' and id < ? order by id desc limit ?`,
    );
    this.#retryAll = sqlite.prepare(
      `update outbox set state = 'pending', attempts = 0, next_attempt_at = null where state = 'quarantined'`,
    );
    this.#retryIds = sqlite.prepare(
      `update outbox set state = 'pending', attempts = 0, next_attempt_at = null
       where state = 'quarantined' and id in (select value from json_each(?))`,
    );
    this.#sentBounds = sqlite.prepare(
      `select min(day) as lo, max(day) as hi from outbox where state = 'sent' and day is not null`,
    );
    this.#sentBetween = sqlite.prepare(
      `select day, kind, item_id as id from outbox where state = 'sent' and day between ? and ?`,
    );
    this.#reEnqueue = sqlite.prepare(
      `update outbox set state = 'pending', attempts = 0, next_attempt_at = null, last_error = null
       where kind = ? and state = 'sent' and item_id in (select value from json_each(?))`,
    );
    this.#forgetSent = sqlite.prepare(`delete from outbox where state = 'sent'`);
    // Each half answered from its partial index.
    this.#unsent = sqlite.prepare(
      `select kind, item_id as itemId from outbox where state = 'pending'
       union all select kind, item_id from outbox where state = 'quarantined'`,
    );
    this.#removeSent = sqlite.prepare(
      `delete from outbox where kind = ? and state = 'sent' and item_id in (select value from json_each(?))`,
    );
    this.#expireSent = sqlite.prepare(
      `delete from outbox where id in (select id from outbox where state = 'sent' and day < ? limit ?)`,
    );
  }

  add(kind: PushItemType, itemId: string): void {
    this.#add.run(kind, itemId);
  }

  /** Pending rows after `afterId` that are not backing off, in order. */
  pending(afterId: number, now: string, limit: number): PendingRow[] {
    return this.#pending.all(afterId, now, limit) as PendingRow[];
  }

  markSent(outboxId: number, day: string, at: string): void {
    this.#markSent.run(day, at, outboxId);
  }

  quarantine(outboxId: number, code: string): void {
    this.#markQuarantined.run(code, outboxId);
  }

  /** Stays pending, not before `notBefore`. */
  retryLater(outboxId: number, code: string, notBefore: string): void {
    this.#markRetry.run(code, notBefore, outboxId);
  }

  counts(): { waiting: number; quarantined: number } {
    return this.#counts.get() as { waiting: number; quarantined: number };
  }

  quarantined(limit: number, beforeId: number | undefined): QuarantinedItem[] {
    return this.#quarantined.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as QuarantinedItem[];
  }

  /** Quarantined rows back to pending; returns how many moved. */
  retry(outboxIds: readonly number[] | 'all'): number {
    return outboxIds === 'all'
      ? this.#retryAll.run().changes
      : this.#retryIds.run(JSON.stringify(outboxIds)).changes;
  }

  sentDays(): { lo: string | null; hi: string | null } {
    return this.#sentBounds.get() as { lo: string | null; hi: string | null };
  }

  sentBetween(from: string, to: string): { day: string; kind: PushItemType; id: string }[] {
    return this.#sentBetween.all(from, to) as { day: string; kind: PushItemType; id: string }[];
  }

  /** Sent items the server turned out to lack, back to pending; returns how many. */
  reEnqueue(kind: PushItemType, itemIds: readonly string[]): number {
    return this.#reEnqueue.run(kind, JSON.stringify(itemIds)).changes;
  }

  /** Every item the server has not confirmed: waiting or quarantined. */
  unsent(): { kind: PushItemType; itemId: string }[] {
    return this.#unsent.all() as { kind: PushItemType; itemId: string }[];
  }

  /** Sent rows of items retention removed. */
  removeSent(kind: PushItemType, itemIds: readonly string[]): number {
    return itemIds.length === 0 ? 0 : this.#removeSent.run(kind, JSON.stringify(itemIds)).changes;
  }

  /** Up to `limit` sent rows of reconciliation days before `beforeDay`; returns how many went. */
  expireSent(beforeDay: string, limit: number): number {
    return this.#expireSent.run(beforeDay, limit).changes;
  }

  /** What was sent belongs to the municipality it went to (installation reset). */
  forgetSent(): void {
    this.#forgetSent.run();
  }
}

// ── Small named values ─────────────────────────────────────────────────────────────────────

export const SYNC_STATE_KEYS = [
  'cursor',
  'resyncing',
  'lastSuccessAt',
  'lastAttemptAt',
  'serverOffsetMs',
  'serverOffsetMeasuredAt',
  'roundTripMs',
  'seenAddress',
  'sourceAddress',
  'paused',
  'lastError',
  'lastReconcileAt',
  // Certificate renewal: when it last succeeded, and why the last attempt failed (cleared on success).
  'certificateRenewedAt',
  'certificateRenewalError',
] as const;
export type SyncStateKey = (typeof SYNC_STATE_KEYS)[number];

export class SyncStateStore {
  readonly #get: Database.Statement;
  readonly #set: Database.Statement;
  readonly #delete: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#get = sqlite.prepare('select value from sync_state where key = ?').pluck();
    this.#set = sqlite.prepare(
      'insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    );
    this.#delete = sqlite.prepare('delete from sync_state where key = ?');
  }

  get(key: SyncStateKey): string | null {
    return (this.#get.get(key) as string | undefined) ?? null;
  }
  set(key: SyncStateKey, value: string): void {
    this.#set.run(key, value);
  }
  delete(key: SyncStateKey): void {
    this.#delete.run(key);
  }
  getJson<S extends z.ZodType>(key: SyncStateKey, schema: S): z.output<S> | null {
    const raw = this.get(key);
    if (raw === null) return null;
    try {
      const r = schema.safeParse(JSON.parse(raw));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }
  setJson(key: SyncStateKey, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }
}

export const storedErrorSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  at: z.string(),
});
export type StoredError = z.infer<typeof storedErrorSchema>;

// ── The installation ───────────────────────────────────────────────────────────────────────

export interface Installation {
  municipalityId: string;
  municipalityName: string;
  serverUrl: string;
  caCertificatePem: string;
  workstationId: string;
  workstationName: string;
  providerId: string;
  providerName: string;
  certificatePem: string;
  certificateNotAfter: string;
  installedAt: string;
}

export class InstallationStore {
  readonly #get: Database.Statement;
  readonly #put: Database.Statement;
  readonly #setServerUrl: Database.Statement;
  readonly #setCertificate: Database.Statement;
  readonly #remove: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#get = sqlite.prepare(
      `select municipality_id as municipalityId, municipality_name as municipalityName, server_url as serverUrl,
       ca_certificate_pem as caCertificatePem, workstation_id as workstationId, workstation_name as workstationName,
       provider_id as providerId, provider_name as providerName, certificate_pem as certificatePem,
       certificate_not_after as certificateNotAfter, installed_at as installedAt
       from sync_installation where id = 1`,
    );
    this.#put = sqlite.prepare(
      `insert into sync_installation (id, municipality_id, municipality_name, server_url, ca_certificate_pem,
         workstation_id, workstation_name, provider_id, provider_name, certificate_pem, certificate_not_after)
       values (1, @municipalityId, @municipalityName, @serverUrl, @caCertificatePem, @workstationId, @workstationName,
         @providerId, @providerName, @certificatePem, @certificateNotAfter)`,
    );
    this.#setServerUrl = sqlite.prepare('update sync_installation set server_url = ? where id = 1');
    this.#setCertificate = sqlite.prepare(
      'update sync_installation set certificate_pem = ?, certificate_not_after = ? where id = 1',
    );
    this.#remove = sqlite.prepare('delete from sync_installation');
  }
  get(): Installation | null {
    return (this.#get.get() as Installation | undefined) ?? null;
  }
  put(i: Omit<Installation, 'installedAt'>): void {
    this.#put.run(i);
  }
  /** The demo's embedded server may come back on another port. */
  setServerUrl(url: string): void {
    this.#setServerUrl.run(url);
  }
  /** A renewed certificate (its key is in the key store, never here). */
  setCertificate(certificatePem: string, notAfter: string): void {
    this.#setCertificate.run(certificatePem, notAfter);
  }
  remove(): void {
    this.#remove.run();
  }
}

// ── Full resync bookkeeping ────────────────────────────────────────────────────────────────

/**
 * The rows a full resync (after 410) has been handed. The areas' sweeps delete the server rows
 * not listed here; each area names the table in its own statement (`sync_resync_seen`).
 */
export class ResyncSeen {
  readonly #add: Database.Statement;
  readonly #clear: Database.Statement;
  constructor(sqlite: Database.Database) {
    this.#add = sqlite.prepare(
      `insert into sync_resync_seen (entity, id) values (?, ?) on conflict do nothing`,
    );
    this.#clear = sqlite.prepare('delete from sync_resync_seen');
  }
  add(entity: string, id: string): void {
    this.#add.run(entity, id);
  }
  clear(): void {
    this.#clear.run();
  }
}

/** Everything the sync area keeps, opened together. */
export class SyncData {
  readonly sqlite: Database.Database;
  readonly outbox: OutboxData;
  readonly state: SyncStateStore;
  readonly installation: InstallationStore;
  readonly seen: ResyncSeen;
  constructor(sqlite: Database.Database) {
    this.sqlite = sqlite;
    this.outbox = new OutboxData(sqlite);
    this.state = new SyncStateStore(sqlite);
    this.installation = new InstallationStore(sqlite);
    this.seen = new ResyncSeen(sqlite);
  }
  /** One synchronous write transaction (better-sqlite3: no awaits inside). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }
  immediate<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }
}
