// The 1177 inbox's tables (src/server/migrations/0005_inbox.sql).
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities, providers } from '../db/schema.ts';

export const inboxSettingsTable = pgTable('inbox_settings', {
  municipalityId: text('municipality_id')
    .primaryKey()
    .references(() => municipalities.id),
  settings: jsonb('settings').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const inboxConsents = pgTable(
  'inbox_consents',
  {
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    recipientId: text('recipient_id').notNull(),
    consent: boolean('consent').notNull(),
    weekly: boolean('weekly').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.recipientId] })],
);

export const inboxMessages = pgTable('inbox_messages', {
  id: uuid('id').primaryKey(),
  municipalityId: text('municipality_id')
    .notNull()
    .references(() => municipalities.id),
  providerId: text('provider_id')
    .notNull()
    .references(() => providers.id),
  recipientId: text('recipient_id').notNull(),
  reason: text('reason').notNull(),
  dedupKey: text('dedup_key').notNull().unique(),
  content: jsonb('content').notNull(),
  state: text('state').notNull().default('new'),
  code: text('code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});

export const inboxRounds = pgTable('inbox_rounds', {
  channel: text('channel').primaryKey(),
  sent: integer('sent').notNull().default(0),
  inflight: integer('inflight').notNull().default(0),
  roundStartedAt: timestamp('round_started_at', { withTimezone: true }),
  lastReservedAt: timestamp('last_reserved_at', { withTimezone: true }),
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
});

export const inboxTables = { inboxSettingsTable, inboxConsents, inboxMessages, inboxRounds };
