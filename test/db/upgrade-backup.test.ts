// Upgrading a large database: the copy before the migration reports its progress, is refused
// with the catalogue's message when the disk has no room (nothing changed, no copy written), and
// only the newest copies are kept. The database is 2 GB of rows (CAREDOCK_TEST_BIG_MB to change).
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../src/main/core.ts';
import { BACKUP_PREFIX, pruneBackups } from '../../src/main/db/backup.ts';
import { appliedMigrations } from '../../src/main/db/data.ts';
import { applyMigrations, readJournal } from '../../src/main/db/migrate.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { dataPaths } from '../../src/main/paths.ts';
import { backupProgressPrinter } from '../../src/cli/output.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';
import { tempDir } from '../helpers/core.ts';

const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');
const BIG_MB = Number(process.env['CAREDOCK_TEST_BIG_MB'] ?? 2048);

let root: string;
let dataDir: string;
beforeAll(() => {
  root = tempDir();
  // The migrations of the previous version: every one but the last.
  const previous = path.join(root, 'migrations');
  cpSync(migrationsDir, previous, { recursive: true });
  const journal = readJournal(migrationsDir);
  writeFileSync(
    path.join(previous, 'meta', '_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }),
  );
  dataDir = path.join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const db = openDatabase(dataPaths(dataDir).database);
  applyMigrations(db.sqlite, db.db, previous, path.join(dataDir, 'backups'));
  db.sqlite.exec('create table filler (b blob)');
  db.sqlite.exec(
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${BIG_MB})
     insert into filler select randomblob(1048576) from n`,
  );
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.close();
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const migrated = () => {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    return appliedMigrations(db.sqlite);
  } finally {
    db.sqlite.close();
  }
};

describe('the backup before a migration', () => {
  it('refuses with the catalogue message when the disk has no room, and changes nothing', async () => {
    const before = migrated();
    const error = await createCore({
      dataDir,
      shell: 'cli',
      logLevel: 'silent',
      watchDevices: false,
      retention: false,
      // A disk with 1 GB free: less than the copy needs.
      statfs: () => ({ bavail: 262_144, bsize: 4096 }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CareDockError);
    expect((error as CareDockError).code).toBe('db.backupNoSpace');
    expect((error as CareDockError).params).toMatchObject({ free: '1024 MB' });
    expect(migrated()).toBe(before);
    expect(readdirSync(path.join(dataDir, 'backups')).filter((f) => f.startsWith(BACKUP_PREFIX))).toEqual([]);
  }, 120_000);

  it('reports its progress step by step, then migrates', async () => {
    const seen: number[] = [];
    const core = await createCore({
      dataDir,
      shell: 'cli',
      logLevel: 'silent',
      watchDevices: false,
      retention: false,
      onBackupProgress: (f) => seen.push(f),
    });
    try {
      expect(core.migration.applied).toBe(1);
      const backup = core.migration.backup!;
      expect(statSync(backup).size).toBeGreaterThan(BIG_MB * 1024 * 1024);
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(1);
      // Steps of 8 MiB: many reports between start and end, never going back.
      expect(seen.length).toBeGreaterThan(BIG_MB / 16);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    } finally {
      await core.close();
    }
  }, 300_000);

  it('keeps only the newest copies', () => {
    const dir = path.join(root, 'prune');
    mkdirSync(dir);
    const names = [1, 2, 3, 4, 5].map((d) => `${BACKUP_PREFIX}2026-0${d}-01T00-00-00-000Z.db`);
    for (const n of names) writeFileSync(path.join(dir, n), '');
    writeFileSync(path.join(dir, 'notes.txt'), '');
    expect(pruneBackups(dir, 3)).toEqual(names.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual([...names.slice(2), 'notes.txt'].sort());
  });

  it('is shown on the command line in steps of 5 %', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    try {
      const print = backupProgressPrinter();
      for (let f = 0; f <= 1; f += 0.01) print(f);
      print(1);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^caredock: .* 0 %$/);
    expect(lines.at(-1)).toMatch(/ 100 %$/);
  });
});
