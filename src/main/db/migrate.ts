import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { z } from 'zod';
import { CareDockError } from '../../shared/errors/index.ts';
import { backupDatabase, type BackupOptions } from './backup.ts';
import { appliedMigrations, copyInto, holdsTables } from './data.ts';
import type { Db } from './open.ts';

const journal = z.object({
  entries: z.array(z.object({ idx: z.number().int(), when: z.number().int(), tag: z.string() })),
});
export type Journal = z.infer<typeof journal>;

export function readJournal(migrationsDir: string): Journal {
  return journal.parse(JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')));
}

export interface MigrationResult {
  applied: number;
  backup: string | null;
}

/** How many migrations the database lacks. */
export function pendingMigrations(sqlite: Database.Database, migrationsDir: string): number {
  return readJournal(migrationsDir).entries.length - appliedMigrations(sqlite);
}

/**
 * The copy before a migration, when one is due and the database holds data: with progress, a
 * free-space check and a bounded number of copies kept (db/backup.ts). Returns null when none
 * was needed; pass what it returns to applyMigrations.
 */
export async function backupBeforeMigration(
  sqlite: Database.Database,
  migrationsDir: string,
  backupsDir: string,
  options: BackupOptions = {},
): Promise<string | null> {
  if (pendingMigrations(sqlite, migrationsDir) <= 0 || !holdsTables(sqlite)) return null;
  return backupDatabase(sqlite, backupsDir, options);
}

/**
 * Applies pending migrations. Before touching a database that already holds data, it writes a
 * consistent copy (VACUUM INTO also captures what is still in the WAL), because a table rebuild
 * in a migration can cascade-delete and the copy is the way back.
 */
export function applyMigrations(
  sqlite: Database.Database,
  db: Db,
  migrationsDir: string,
  backupsDir: string,
  /** A copy backupBeforeMigration already took (or null: none needed); else one is made here. */
  taken?: { backup: string | null },
): MigrationResult {
  const pending = pendingMigrations(sqlite, migrationsDir);
  if (pending <= 0) return { applied: 0, backup: null };
  let backup: string | null = taken ? taken.backup : null;
  if (!taken && holdsTables(sqlite)) {
    mkdirSync(backupsDir, { recursive: true });
    backup = path.join(
      backupsDir,
      `caredock-before-migration-${new Date().toISOString().replace(/[:.]/g, '-')}.db`,
    );
    copyInto(sqlite, backup);
  }
  try {
    migrate(db, { migrationsFolder: migrationsDir });
  } catch (error) {
    throw Object.assign(new CareDockError('db.migrationFailed', { backup: backup ?? '-' }), { cause: error });
  }
  return { applied: pending, backup };
}
