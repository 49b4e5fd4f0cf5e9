// Encryption at rest: an encrypted database file (and its WAL) holds no readable personnummer; a
// wrong or missing key is refused with the catalogue's message and changes nothing; a plain
// database is encrypted in place, its data kept, with an encrypted copy from before kept too.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreConfigInput } from '../../src/main/config.ts';
import { createCore } from '../../src/main/core.ts';
import { isPlainDatabase } from '../../src/main/db/open.ts';
import { dataPaths } from '../../src/main/paths.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';
import { tempDir } from '../helpers/core.ts';

const PNR = '19121212-1212';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const options = (dataDir: string, encryptDatabase: boolean): CoreConfigInput => ({
  dataDir,
  shell: 'cli',
  logLevel: 'silent',
  watchDevices: false,
  retention: false,
  syncIntervalSeconds: 0,
  encryptDatabase,
});

async function withRecipient(dataDir: string, encrypt: boolean): Promise<void> {
  const core = await createCore(options(dataDir, encrypt));
  core.database.sqlite
    .prepare(
      `insert into recipients (id, name, personal_id, source) values ('r-1', 'Karin Karlsson', ?, 'server')`,
    )
    .run(PNR);
  await core.close();
}

const filesOf = (dataDir: string) => {
  const db = dataPaths(dataDir).database;
  return [db, `${db}-wal`].filter((f) => existsSync(f));
};
const readable = (file: string) => readFileSync(file).includes(PNR);
const digest = (files: string[]) =>
  files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')).join();

describe('the encrypted database', () => {
  it('holds no readable personnummer, and its key file is the owner’s alone', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await withRecipient(dir, true);
    const db = dataPaths(dir).database;
    expect(isPlainDatabase(db)).toBe(false);
    for (const f of filesOf(dir)) expect(readable(f), f).toBe(false);
    expect(statSync(path.join(dir, 'keys', 'database.key')).mode & 0o777).toBe(0o600);
    // And it opens again with its key, data intact.
    const core = await createCore(options(dir, true));
    expect(core.database.sqlite.prepare('select personal_id from recipients').pluck().get()).toBe(PNR);
    await core.close();
  });

  it('refuses a wrong key or a lost one with a clear error, and changes nothing', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await withRecipient(dir, true);
    const keyFile = path.join(dir, 'keys', 'database.key');
    const before = digest(filesOf(dir));
    writeFileSync(keyFile, 'cd'.repeat(32));
    const wrong = await createCore(options(dir, true)).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CareDockError);
    expect((wrong as CareDockError).code).toBe('db.wrongKey');
    expect(digest(filesOf(dir))).toBe(before);
    rmSync(keyFile);
    const lost = await createCore(options(dir, true)).catch((e: unknown) => e);
    expect((lost as CareDockError).code).toBe('db.wrongKey');
    expect(existsSync(keyFile)).toBe(false);
    expect(digest(filesOf(dir))).toBe(before);
  });

  it('encrypts a plain database in place, keeping its data and an encrypted copy from before', async () => {
    const dir = tempDir();
    dirs.push(dir);
    await withRecipient(dir, false);
    const db = dataPaths(dir).database;
    expect(isPlainDatabase(db)).toBe(true);
    expect(readable(db)).toBe(true);
    const progress: number[] = [];
    const core = await createCore({ ...options(dir, true), onBackupProgress: (f) => progress.push(f) });
    expect(core.database.sqlite.prepare('select personal_id from recipients').pluck().get()).toBe(PNR);
    await core.close();
    expect(isPlainDatabase(db)).toBe(false);
    for (const f of filesOf(dir)) expect(readable(f), f).toBe(false);
    const backups = readdirSync(dataPaths(dir).backups);
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^caredock-before-encryption-.*\.db$/);
    const copy = path.join(dataPaths(dir).backups, backups[0]!);
    expect(isPlainDatabase(copy)).toBe(false);
    expect(readable(copy)).toBe(false);
    expect(progress).toEqual([0, 1]);
  });
});
