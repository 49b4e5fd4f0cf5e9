// The console's tables (src/server/migrations/0007_console.sql).
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const consoleAccounts = pgTable('console_accounts', {
  username: text('username').primaryKey(),
  displayName: text('display_name').notNull(),
  roles: jsonb('roles').notNull(),
  units: jsonb('units').notNull(),
  language: text('language').notNull(),
  seeProtected: boolean('see_protected').notNull(),
  active: boolean('active').notNull(),
  passwordHash: text('password_hash'),
  mustChangePassword: boolean('must_change_password').notNull(),
  totpSealed: text('totp_sealed'),
  totpPendingSealed: text('totp_pending_sealed'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  oidcIssuer: text('oidc_issuer'),
  oidcSubject: text('oidc_subject'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
});

export const consoleRecoveryCodes = pgTable(
  'console_recovery_codes',
  {
    username: text('username')
      .notNull()
      .references(() => consoleAccounts.username, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.username, t.codeHash] })],
);

export const consoleSessions = pgTable('console_sessions', {
  idHash: text('id_hash').primaryKey(),
  csrfToken: text('csrf_token').notNull(),
  username: text('username').references(() => consoleAccounts.username, { onDelete: 'cascade' }),
  stage: text('stage').notNull(),
  oidcPending: jsonb('oidc_pending'),
  sourceAddress: text('source_address'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

export const consoleSignInFailures = pgTable('console_sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
});

export const consoleTables = {
  consoleAccounts,
  consoleRecoveryCodes,
  consoleSessions,
  consoleSignInFailures,
};
