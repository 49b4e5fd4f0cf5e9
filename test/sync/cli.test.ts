// The command line: `caredock install`, `caredock sync --once` (one line, or the catalogue's
// message and a non-zero exit) and `caredock serve --demo`, each in a child process as a person
// would run them.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core.ts';
import { mulberry32, startFaultProxy } from './helpers/fault-proxy.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  REGISTERED,
  UNREGISTERED,
  addRegistrations,
  startWorld,
  type World,
} from './helpers/world.ts';

const root = path.resolve(import.meta.dirname, '../..');

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/caredock.mjs', ...args], {
      cwd: root,
      env: { ...process.env, CAREDOCK_LANG: 'en', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('caredock install and caredock sync --once', () => {
  it('installs, syncs with one line, and refuses from an unregistered address with the catalogue message', async () => {
    const data = tempDir();
    const profile = path.join(data, 'profile.json');
    writeFileSync(profile, await world.profile(MUNICIPALITY_A));
    const code = await world.code(PROVIDER_A);
    const installed = await run([
      'install',
      '--profile',
      profile,
      '--code',
      code,
      '--data',
      data,
      '--name',
      'Kontoret',
      '--source-address',
      REGISTERED,
    ]);
    expect(installed.err).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.out).toMatch(
      /^installed for Upplands-Bro kommun \(Omsorg AB\); workstation [0-9a-f-]{36}, certificate valid until \d{4}-/,
    );

    const db = new Database(path.join(data, 'caredock.db'));
    addRegistrations(db, 42);
    db.close();
    const synced = await run(['sync', '--once', '--data', data]);
    expect(synced.code).toBe(0);
    expect(synced.out).toBe('synced: 42 accepted, 0 duplicate, 0 rejected, 0 pulled\n');

    const refused = await run(['sync', '--once', '--data', data, '--source-address', UNREGISTERED]);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`This PC’s address ${UNREGISTERED} is not registered for Omsorg AB`);
    expect(refused.err).toContain('[sync.addressNotRegistered]');
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack trace

    // Swedish by default.
    const sv = await run(['sync', '--once', '--data', data], { CAREDOCK_LANG: 'sv' });
    expect(sv.code).toBe(1);
    expect(sv.err).toContain('är inte registrerad för Omsorg AB');

    const back = await run(['sync', '--once', '--data', data, '--source-address', REGISTERED]);
    expect(back.out).toBe('synced: 0 accepted, 0 duplicate, 0 rejected, 0 pulled\n');
    // Reset refuses nothing here: everything reached the server.
    expect((await run(['install', '--reset', '--data', data])).out).toBe('installation reset\n');
  }, 90_000); // six starts of the bundled command, each seconds on a loaded machine
});

describe('caredock sync --once cut off mid-push', () => {
  it('prints what reached the server before the network went away', async () => {
    const proxy = await startFaultProxy(world.fx.server.port, mulberry32(1));
    try {
      const data = tempDir();
      const profile = path.join(data, 'profile.json');
      writeFileSync(profile, await world.profile(MUNICIPALITY_A, `https://127.0.0.1:${proxy.port}/`));
      const code = await world.code(PROVIDER_A);
      const installed = await run([
        'install',
        '--profile',
        profile,
        '--code',
        code,
        '--data',
        data,
        '--source-address',
        REGISTERED,
      ]);
      expect(installed.code, installed.err).toBe(0);
      const db = new Database(path.join(data, 'caredock.db'));
      addRegistrations(db, 3000); // six batches of 500
      db.close();
      // The network goes away for good partway into the third batch: at least one batch has
      // been answered (the third is read only after an answer), not all six.
      proxy.cutAfterBytes(300_000);
      const synced = await run(['sync', '--once', '--data', data, '--timeout', '5']);
      expect(synced.code).toBe(1);
      expect(synced.err).toContain('[sync.unreachable]');
      const line = /^synced before the failure: (\d+) accepted, 0 duplicate, 0 rejected, 0 pulled$/m.exec(
        synced.out,
      );
      expect(line, synced.out).not.toBeNull();
      const check = new Database(path.join(data, 'caredock.db'), { readonly: true });
      const sent = (
        check.prepare(`select count(*) as n from outbox where state = 'sent'`).get() as { n: number }
      ).n;
      check.close();
      expect(Number(line?.[1])).toBe(sent);
      expect(sent).toBeGreaterThanOrEqual(500);
      expect(sent).toBeLessThan(3000);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('caredock serve --demo', () => {
  // serve refuses to start without the built page, so without it this test is skipped, by name.
  const built = existsSync(path.join(root, 'dist/renderer/index.html'));
  it.skipIf(!built)(
    `starts an embedded server, enrols, docks simulated pens and syncs; a second start reuses it${built ? '' : ' — skipped: the renderer is not built (npm run build:renderer)'}`,
    async () => {
      const data = tempDir();
      const start = () =>
        new Promise<{ stop: () => Promise<void>; line: string }>((resolve, reject) => {
          const child = spawn(process.execPath, ['bin/caredock.mjs', 'serve', '--demo', '--data', data], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 60_000);
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const line = /^CareDock ready at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m.exec(out)?.[0];
            if (line) {
              clearTimeout(timer);
              resolve({
                line,
                stop: () =>
                  new Promise<void>((r) => {
                    child.once('exit', () => r());
                    child.kill('SIGTERM');
                  }),
              });
            }
          });
          child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
        });
      const sent = (): number => {
        const db = new Database(path.join(data, 'caredock.db'), { readonly: true });
        try {
          return (db.prepare(`select count(*) as n from outbox where state = 'sent'`).get() as { n: number })
            .n;
        } finally {
          db.close();
        }
      };
      const first = await start();
      expect(first.line).toMatch(/^CareDock ready at/);
      // The simulated pens dock and their registrations reach the embedded server.
      for (let i = 0; i < 900 && sent() < 42; i++) await new Promise((r) => setTimeout(r, 50));
      expect(sent()).toBe(42);
      await first.stop();
      const second = await start();
      await second.stop();
      expect(sent()).toBe(42); // the same pens: nothing new, nothing doubled
    },
    150_000,
  );
});
