import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import Cipher from 'better-sqlite3-multiple-ciphers';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import { fileDatabaseKey } from './key.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
export interface OpenDatabase {
  sqlite: Database.Database;
  db: Db;
}

/**
 * A connection through better-sqlite3-multiple-ciphers: better-sqlite3's API on SQLite3
 * Multiple Ciphers, so drizzle and every data layer work unchanged; with a key the file is
 * encrypted (its default cipher, ChaCha20-Poly1305), without one it is plain SQLite.
 */
function connect(file: string, key: Buffer | null, options?: Database.Options): Database.Database {
  const sqlite = new Cipher(file, options);
  if (key) sqlite.pragma(`hexkey = '${key.toString('hex')}'`);
  try {
    // The first read tells a wrong key (or a plain file opened with one) before anything is written.
    sqlite.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB')
      throw Object.assign(new CareDockError('db.wrongKey', { file }), { cause: error });
    throw error;
  }
  return sqlite;
}

/**
 * Registrations are evidence for payment: a commit the UI confirmed must survive power loss,
 * hence WAL with synchronous=FULL rather than WAL's usual NORMAL.
 */
export function openDatabase(file: string, key: Buffer | null = null): OpenDatabase {
  const sqlite = connect(file, key);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** Whether the file is a plain SQLite database (its header says so); false when absent or empty. */
export function isPlainDatabase(file: string): boolean {
  if (!existsSync(file) || statSync(file).size < 16) return false;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a plain database in place with `key` (SQLite3 Multiple Ciphers' rekey, which needs a
 * rollback journal rather than WAL while it rewrites every page). The caller takes a backup first.
 */
export function encryptInPlace(file: string, key: Buffer): void {
  const sqlite = connect(file, null);
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma(`hexrekey = '${key.toString('hex')}'`);
    sqlite.pragma('journal_mode = WAL');
  } finally {
    sqlite.close();
  }
  // Proof before anything relies on it: the key opens it.
  connect(file, key).close();
}

/**
 * The database of a data folder for a tool beside the running core (the CLI's export and jobs
 * commands): with the headless key file when the database is encrypted. A key kept by the OS
 * keychain (the desktop app) is not readable here; that gives db.wrongKey.
 */
export function openForTool(
  paths: { root: string; database: string },
  options: { readonly?: boolean } = {},
): Database.Database {
  const key = isPlainDatabase(paths.database) ? null : fileDatabaseKey(paths.root).load();
  if (!isPlainDatabase(paths.database) && !key)
    throw new CareDockError('db.wrongKey', { file: paths.database });
  return connect(paths.database, key, { fileMustExist: true, readonly: options.readonly ?? false });
}
