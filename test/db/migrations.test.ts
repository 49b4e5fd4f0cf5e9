import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, readJournal } from '../../src/main/db/migrate.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { tempDir } from '../helpers/core.ts';

const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');
const opened: { sqlite: { close(): void } }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.sqlite.close();
});
function open(file: string) {
  const o = openDatabase(file);
  opened.push(o);
  return o;
}

describe('workstation migrations', () => {
  it('has a monotonic journal whose entries all exist as SQL files', () => {
    const { entries } = readJournal(migrationsDir);
    expect(entries.length).toBeGreaterThan(0);
    entries.forEach((e, i) => {
      expect(e.idx).toBe(i);
      if (i > 0) expect(e.when).toBeGreaterThan(entries[i - 1]!.when);
      expect(existsSync(path.join(migrationsDir, `${e.tag}.sql`))).toBe(true);
    });
    const sqlFiles = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
    expect(sqlFiles.length).toBe(entries.length);
  });

  it('migrates a fresh database with the durable pragmas, and reopening is a no-op', () => {
    const dir = tempDir();
    const file = path.join(dir, 'caredock.db');
    const first = open(file);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const result = applyMigrations(first.sqlite, first.db, migrationsDir, path.join(dir, 'backups'));
    expect(result.applied).toBe(readJournal(migrationsDir).entries.length);
    expect(result.backup).toBeNull();
    first.sqlite.prepare("insert into settings (key, value) values ('k', '1')").run();
    first.sqlite.close();
    opened.pop();
    const again = open(file);
    const second = applyMigrations(again.sqlite, again.db, migrationsDir, path.join(dir, 'backups'));
    expect(second).toEqual({ applied: 0, backup: null });
    expect(again.sqlite.prepare("select value from settings where key = 'k'").get()).toEqual({ value: '1' });
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('copies a database that holds data before applying a new migration, keeping its data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'caredock.db');
    const db = open(file);
    applyMigrations(db.sqlite, db.db, migrationsDir, path.join(dir, 'backups'));
    db.sqlite.prepare("insert into settings (key, value) values ('kept', '\"yes\"')").run();

    // A later release: the same migrations plus one more.
    const next = path.join(dir, 'migrations-next');
    cpSync(migrationsDir, next, { recursive: true });
    const journalFile = path.join(next, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
      entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[];
    };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_test_addition' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(
      path.join(next, '9999_test_addition.sql'),
      'CREATE TABLE `probe` (`id` integer PRIMARY KEY);',
    );

    const result = applyMigrations(db.sqlite, db.db, next, path.join(dir, 'backups'));
    expect(result.applied).toBe(1);
    expect(result.backup).not.toBeNull();
    expect(existsSync(result.backup!)).toBe(true);
    const copy = open(result.backup!);
    expect(copy.sqlite.prepare("select value from settings where key = 'kept'").get()).toEqual({
      value: '"yes"',
    });
    expect(copy.sqlite.prepare("select name from sqlite_master where name = 'probe'").get()).toBeUndefined();
    expect(db.sqlite.prepare("select value from settings where key = 'kept'").get()).toEqual({
      value: '"yes"',
    });
    expect(db.sqlite.prepare("select name from sqlite_master where name = 'probe'").get()).toEqual({
      name: 'probe',
    });
  });
});
