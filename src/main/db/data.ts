// The database's own bookkeeping: how many migrations drizzle has applied, whether there is data
// to protect, and a consistent copy of it.
import type Database from 'better-sqlite3';

export function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!table) return 0;
  return (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}

export function holdsTables(sqlite: Database.Database): boolean {
  const row = sqlite
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .get() as { n: number };
  return row.n > 0;
}

/** A consistent copy of the database in `file`: VACUUM INTO also captures what is still in the WAL. */
export function copyInto(sqlite: Database.Database, file: string): void {
  sqlite.prepare('VACUUM INTO ?').run(file);
}
