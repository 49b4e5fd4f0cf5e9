// Applies src/server/migrations/*.sql in name order, each in its own transaction with a journal
// row, under an advisory lock so two server processes starting together do not race.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from './database.ts';

/**
 * The SQL files beside this module's folder. Found by walking up rather than by a fixed
 * relative path, so the same code works from the sources and from the bundled CLI.
 */
export const SERVER_MIGRATIONS_DIR = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, 'migrations'), path.join(dir, 'src', 'server', 'migrations')]) {
      if (existsSync(path.join(candidate, '0001_init.sql'))) return candidate + path.sep;
    }
    dir = path.dirname(dir);
  }
  return fileURLToPath(new URL('../migrations/', import.meta.url));
})();

const MIGRATION_LOCK = 727_001; // arbitrary constant shared by every server process

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = SERVER_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const journalRow = z.object({ name: z.string(), checksum: z.string() });

/** Returns the names applied now. Throws if an applied migration's file has changed since. */
export async function migrate(database: Database, dir = SERVER_MIGRATIONS_DIR): Promise<string[]> {
  const files = listMigrations(dir);
  const applied: string[] = [];
  await database.rawTransaction(async (s) => {
    await s.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await s.exec(`CREATE TABLE IF NOT EXISTS server_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await s.query('SELECT name, checksum FROM server_migrations')).map((r) => {
        const row = journalRow.parse(r);
        return [row.name, row.checksum] as const;
      }),
    );
    for (const file of files) {
      const known = done.get(file.name);
      if (known !== undefined) {
        if (known !== file.checksum)
          throw new Error(`server migration ${file.name} changed after it was applied`);
        continue;
      }
      // One transaction for all pending files: a half-migrated database never starts.
      await s.exec(file.sql);
      await s.query('INSERT INTO server_migrations (name, checksum) VALUES ($1, $2)', [
        file.name,
        file.checksum,
      ]);
      applied.push(file.name);
    }
  });
  return applied;
}
