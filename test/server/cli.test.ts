// `caredock server …` end to end in-process: init, admin commands on the database, start (the
// ready line), admin commands through the running server, and stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverMain } from '../../src/server/cli.ts';
import { installProfileSchema } from '../../src/shared/sync/enrolment.ts';
import { findPostgresBin, startPgCluster } from './helpers/postgres.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let onLine: ((l: string) => void) | undefined;
  return {
    out,
    err,
    io: {
      out: (l: string) => {
        out.push(l);
        onLine?.(l);
      },
      err: (l: string) => err.push(l),
    },
    waitFor: (re: RegExp) =>
      new Promise<string>((resolve) => {
        const hit = out.find((l) => re.test(l));
        if (hit) resolve(hit);
        else
          onLine = (l) => {
            if (re.test(l)) resolve(l);
          };
      }),
  };
}

const run = async (...argv: string[]) => {
  const o = io();
  const code = await serverMain(argv, o.io);
  return { code, out: o.out.join('\n'), err: o.err.join('\n') };
};

describe('caredock server CLI', () => {
  it('initialises, administers, starts and stops', async () => {
    const data = path.join(dir, 'srv');
    expect((await run('init', '--data', data, '--port', '0', '--url', 'https://localhost:9443/')).code).toBe(
      0,
    );
    expect(statSync(path.join(data, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(data, 'admin-token')).mode & 0o777).toBe(0o600);
    expect((await run('init', '--data', data)).code).toBe(1);
    expect(
      (await run('municipality', 'add', '--data', data, '--id', '0139', '--name', 'Upplands-Bro kommun'))
        .code,
    ).toBe(0);
    expect(
      (
        await run(
          'provider',
          'add',
          '--data',
          data,
          '--id',
          'p1',
          '--municipality',
          '0139',
          '--name',
          'Omsorg AB',
        )
      ).code,
    ).toBe(0);
    expect(
      (await run('provider', 'add', '--data', data, '--id', 'p2', '--municipality', 'nope', '--name', 'X'))
        .code,
    ).toBe(1);
    expect(
      (await run('provider', 'ip', 'add', '--data', data, '--provider', 'p1', '--address', '127.0.0.2')).code,
    ).toBe(0);
    expect((await run('bogus', '--data', data)).code).toBe(2);

    const server = io();
    const started = serverMain(['start', '--data', data, '--host', '127.0.0.1', '--port', '0'], server.io);
    const ready = await server.waitFor(/^CareDock server ready at /);
    expect(ready).toMatch(
      /^CareDock server ready at https:\/\/127\.0\.0\.1:\d+\/ \(admin API on https:\/\/127\.0\.0\.1:\d+\/, this computer only\)$/,
    );

    // While it runs, admin commands go through its admin API.
    const code = await run('enrolment-code', '--data', data, '--provider', 'p1');
    expect(code.code).toBe(0);
    expect(JSON.parse(code.out)).toMatchObject({
      providerId: 'p1',
      code: expect.stringMatching(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/),
    });
    const profileFile = path.join(dir, 'profile.json');
    expect(
      (await run('profile', 'export', '--data', data, '--municipality', '0139', '--out', profileFile)).code,
    ).toBe(0);
    const profile = installProfileSchema.parse(JSON.parse(readFileSync(profileFile, 'utf8')));
    expect(profile).toMatchObject({ municipalityId: '0139', serverUrl: 'https://localhost:9443/' });
    expect(
      (await run('provider', 'ip', 'remove', '--data', data, '--provider', 'p1', '--address', '127.0.0.9'))
        .code,
    ).toBe(1);

    // The evidence of what was done, listed from the audit table through the running server.
    const audit = await run('audit', '--data', data);
    expect(audit.code).toBe(0);
    const actions = audit.out.split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual([
      'municipality.added',
      'provider.added',
      'providerAddress.added',
      'enrolmentCode.created',
    ]);

    process.emit('SIGTERM');
    expect(await started).toBe(0);
  });
});

/** `caredock server start` in a child process: its stdout lines up to the ready line, or its exit. */
function startChild(
  data: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<{ lines: string[]; code: number | null; stop(): Promise<void>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/caredock.mjs', 'server', 'start', '--data', data, '--port', '0', ...extra],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no ready line: ${out} ${stderr}`)), 60_000);
    const stop = () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/CareDock server ready at/.test(out)) {
        clearTimeout(timer);
        resolve({ lines: out.split('\n').filter(Boolean), code: null, stop, stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ lines: out.split('\n').filter(Boolean), code, stop, stderr });
    });
  });
}

const root = path.resolve(import.meta.dirname, '../..');

describe('caredock server start and durability', () => {
  it('states the engine and its durability in its first log line', async () => {
    const data = path.join(dir, 'durable');
    expect((await run('init', '--data', data, '--port', '0')).code).toBe(0);
    const s = await startChild(data);
    try {
      const first = JSON.parse(s.lines[0] ?? '{}') as Record<string, unknown>;
      expect(first).toMatchObject({ engine: 'pglite', durable: true, level: 30 });
      expect(first['msg']).toMatch(
        /^database: embedded PGlite \(PostgreSQL [\d.]+\) in .*pgdata — durable: each commit's WAL is flushed to disk/,
      );
    } finally {
      await s.stop();
    }
  }, 90_000);

  const bin = findPostgresBin();
  const pgIt = bin === null ? it.skip : it;
  pgIt(
    `refuses PostgreSQL with fsync off unless told --allow-non-durable${bin === null ? " — skipped: no initdb/pg_ctl (Debian's postgresql package)" : ''}`,
    async () => {
      const cluster = await startPgCluster(bin!); // fsync=off: fast, and exactly what is refused
      try {
        const url = await cluster.createDatabase('cli_durability');
        const data = path.join(dir, 'pg');
        expect((await run('init', '--data', data, '--port', '0')).code).toBe(0);
        const refused = await startChild(data, [], { DATABASE_URL: url });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          /not durable — PostgreSQL [\d.]+ at 127\.0\.0\.1:\d+\/cli_durability: fsync is off/,
        );
        expect(refused.stderr).toContain('--allow-non-durable');
        const allowed = await startChild(data, ['--allow-non-durable'], { DATABASE_URL: url });
        try {
          expect(allowed.code).toBeNull();
          const first = JSON.parse(allowed.lines[0] ?? '{}') as Record<string, unknown>;
          expect(first).toMatchObject({ engine: 'postgres', durable: false, level: 40 });
          expect(first['msg']).toMatch(/NOT durable: fsync is off/);
        } finally {
          await allowed.stop();
        }
      } finally {
        await cluster.stop();
      }
    },
    120_000,
  );
});
