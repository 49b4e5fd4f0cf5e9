// The copy taken before a migration changes a database that holds data. It is made with SQLite's
// online backup (better-sqlite3's db.backup), which copies the database as this connection sees
// it, WAL included, a step at a time, so the UI and the CLI can show how far it has got. First it
// checks that the copy fits on the disk, and afterwards it keeps only the newest few copies.
import { mkdirSync, readdirSync, renameSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import { copyInto } from './data.ts';

export interface FreeSpace {
  bavail: number | bigint;
  bsize: number | bigint;
}

export interface BackupOptions {
  /** Fraction done, 0 to 1, after each step. */
  onProgress?: (fraction: number) => void;
  /** The file system's free space; injectable so a test can pretend the disk is full. */
  statfs?: (dir: string) => FreeSpace;
  /** How many copies before migrations are kept (the newest). */
  keep?: number;
  /**
   * The database is encrypted: SQLite's backup cannot write an encrypted copy, VACUUM INTO
   * writes one with the same key, in one step (progress shows its start and its end).
   */
  encrypted?: boolean;
}

export const BACKUP_PREFIX = 'caredock-before-migration-';
/** Room left on the disk beyond the copy itself: the migration and the WAL need some too. */
const MARGIN_BYTES = 64 * 1024 * 1024;
/** Pages per step: 8 MiB at 4 KiB pages, small enough for smooth progress on a slow disk. */
const PAGES_PER_STEP = 2048;

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/** The space a copy needs: every page of the database, as the connection sees it. */
export function databaseBytes(sqlite: Database.Database): number {
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  const size = sqlite.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

/** Refuses (db.backupNoSpace) unless the copy and a margin fit in the backups folder's file system. */
export function checkFreeSpace(
  sqlite: Database.Database,
  dir: string,
  statfs: (dir: string) => FreeSpace,
): void {
  const needed = databaseBytes(sqlite) + MARGIN_BYTES;
  const s = statfs(dir);
  const free = Number(s.bavail) * Number(s.bsize);
  if (free < needed)
    throw new CareDockError('db.backupNoSpace', { needed: mb(needed), free: mb(free), folder: dir });
}

/** Writes the copy (as a .partial file, renamed when whole) and prunes old copies; returns its path. */
export async function backupDatabase(
  sqlite: Database.Database,
  backupsDir: string,
  options: BackupOptions = {},
): Promise<string> {
  mkdirSync(backupsDir, { recursive: true });
  checkFreeSpace(sqlite, backupsDir, options.statfs ?? statfsSync);
  const file = path.join(backupsDir, `${BACKUP_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
  const partial = `${file}.partial`;
  options.onProgress?.(0);
  try {
    if (options.encrypted) copyInto(sqlite, partial);
    else
      await sqlite.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          options.onProgress?.(totalPages === 0 ? 1 : (totalPages - remainingPages) / totalPages);
          return PAGES_PER_STEP;
        },
      });
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  options.onProgress?.(1);
  pruneBackups(backupsDir, options.keep ?? 3);
  return file;
}

/** Keeps the newest `keep` copies (their names sort by time); returns what was removed. */
export function pruneBackups(backupsDir: string, keep: number): string[] {
  const copies = readdirSync(backupsDir)
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('.db'))
    .sort();
  const old = copies.slice(0, Math.max(0, copies.length - keep));
  for (const f of old) rmSync(path.join(backupsDir, f), { force: true });
  return old;
}
