// TWeb's tables (src/server/migrations/0006_tweb.sql).
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities, providers } from '../db/schema.ts';

export const twebSettingsTable = pgTable('tweb_settings', {
  municipalityId: text('municipality_id')
    .primaryKey()
    .references(() => municipalities.id),
  settings: jsonb('settings').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const twebTransactions = pgTable('tweb_transactions', {
  id: uuid('id').primaryKey(),
  municipalityId: text('municipality_id')
    .notNull()
    .references(() => municipalities.id),
  providerId: text('provider_id')
    .notNull()
    .references(() => providers.id),
  kind: text('kind').notNull(),
  sourceId: uuid('source_id').notNull().unique(),
  state: text('state').notNull().default('new'),
  caseId: text('case_id'),
  documentIds: jsonb('document_ids').notNull().default([]),
  code: text('code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  filedAt: timestamp('filed_at', { withTimezone: true }),
});

export const twebTables = { twebSettingsTable, twebTransactions };
