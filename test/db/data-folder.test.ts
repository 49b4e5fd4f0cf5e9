// The data folder holds personnummer and registrations: whatever was there before CareDock
// started, folders end up 700 and files 600, and a folder others could read is reported.
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataFolderWarnings, secureDataFolder } from '../../src/main/data-folder.ts';
import { ADMIN, ok, startTestCore, tempDir, withAdmin } from '../helpers/core.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every path under dir with its mode, as `ls -lR` would show them. */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (p: string) => {
    out[path.relative(dir, p) || '.'] = modeOf(p);
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(dir);
  return out;
}

// Skipped on Windows: the rule under test is POSIX mode bits (700/600, umask 077); Windows keeps
// access in ACLs, which these checks cannot read.
describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('closes a folder made with mkdir -m 755 and everything in it, logs and rotated logs too, and says so', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // A first run writes the database and a log; then someone opens it all up.
    const first = await startTestCore({ dataDir: dir, logLevel: 'info', watchDevices: false });
    await withAdmin(first.core.connect());
    await first.core.close();
    mkdirSync(path.join(dir, 'backups'), { recursive: true });
    writeFileSync(path.join(dir, 'backups', 'caredock-0005.db'), 'old copy');
    writeFileSync(path.join(dir, 'logs', 'caredock.2026-05-01.1.log'), '{"msg":"rotated"}\n');
    for (const file of Object.keys(modes(dir)))
      chmodSync(path.join(dir, file), statSync(path.join(dir, file)).isDirectory() ? 0o755 : 0o644);
    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(path.join(dir, 'caredock.db'))).toBe(0o644);

    const again = await startTestCore({ dataDir: dir, logLevel: 'info', watchDevices: false });
    try {
      expect(again.core.dataFolder.stillOpen).toEqual([]);
      expect(again.core.dataFolder.wasOpen).toEqual(
        expect.arrayContaining(['.', 'caredock.db', 'logs', 'backups', 'backups/caredock-0005.db']),
      );
      for (const [file, mode] of Object.entries(modes(dir)))
        expect(mode, file).toBe(statSync(path.join(dir, file)).isDirectory() ? 0o700 : 0o600);

      const client = again.core.connect();
      await ok(client, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect(await ok(client, 'app.warnings', {})).toEqual([{ code: 'data.wasReadable', params: { dir } }]);
      // What CareDock writes while it runs is born private, the WAL and a new log file included.
      await ok(client, 'staff.create', { name: 'Ny Person' });
    } finally {
      await again.core.close();
    }
    for (const [file, mode] of Object.entries(modes(dir)))
      expect(mode, file).toBe(statSync(path.join(dir, file)).isDirectory() ? 0o700 : 0o600);
    const log = readdirSync(path.join(dir, 'logs'))
      .map((f) => readFileSync(path.join(dir, 'logs', f), 'utf8'))
      .join('');
    expect(log).toContain('the data folder was readable by other users of this PC; it is closed now');

    // Closed, a third start has nothing to say.
    const third = await startTestCore({ dataDir: dir, watchDevices: false });
    expect(third.core.dataFolder).toEqual({ dir, wasOpen: [], stillOpen: [] });
    const client = third.core.connect();
    await ok(client, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await ok(client, 'app.warnings', {})).toEqual([]);
    await third.core.close();
  });

  it('reports what it could not close, and leaves what a link points to alone', () => {
    const dir = tempDir();
    const outside = tempDir();
    dirs.push(dir, outside);
    writeFileSync(path.join(outside, 'elsewhere.txt'), 'not ours');
    chmodSync(path.join(outside, 'elsewhere.txt'), 0o644);
    symlinkSync(path.join(outside, 'elsewhere.txt'), path.join(dir, 'link.txt'));
    chmodSync(dir, 0o755);
    // A folder owned by someone else, or a file system without modes: chmod cannot help.
    const refuse = {
      chmod: () => {
        throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      },
    };
    const report = secureDataFolder(dir, refuse);
    expect(report.stillOpen).toEqual(['.']);
    expect(dataFolderWarnings(report)).toEqual([{ code: 'data.readable', params: { dir } }]);
    expect(modeOf(path.join(outside, 'elsewhere.txt'))).toBe(0o644);
    expect(secureDataFolder(dir).stillOpen).toEqual([]);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(outside, 'elsewhere.txt'))).toBe(0o644);
  });
});
