// `caredock server start --workers N`: several server processes on one PostgreSQL sharing the
// listeners; a worker killed with -9 is replaced and the workstation's sync carries on; SIGTERM
// stops them all. The embedded database refuses workers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../src/server/admin/enrolmentCodes.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../../src/server/admin/organisations.ts';
import { exportInstallProfile } from '../../src/server/admin/profile.ts';
import { openContext } from '../../src/server/bootstrap.ts';
import { initServer } from '../../src/server/init.ts';
import { createLogger } from '../../src/server/log.ts';
import { tempDir } from '../helpers/core.ts';
import { freePort } from '../helpers/ports.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './helpers/postgres.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  REGISTERED,
  addRegistrations,
  outboxStates,
  workstation,
} from '../sync/helpers/world.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = findPostgresBin();
const suite = bin === null ? describe.skip : describe;
const why = bin === null ? " — skipped: no initdb/pg_ctl found (install Debian's postgresql package)" : '';

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function cli(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['bin/caredock.mjs', ...args], {
    cwd: root,
    env: { ...process.env, CAREDOCK_SERVER_LOG: 'silent', CAREDOCK_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function until(what: string, check: () => boolean, ms: number, proc: Proc): Promise<void> {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end || proc.child.exitCode !== null)
      throw new Error(`no ${what}: ${proc.out()} ${proc.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

suite(`caredock server start --workers (PostgreSQL)${why}`, () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster(bin!);
  }, 60_000);
  afterAll(async () => cluster?.stop());

  it('serves one workstation from two workers, replaces a killed one, and stops on SIGTERM', async () => {
    const url = await cluster.createDatabase('workers');
    const dataDir = tempDir('caredock-workers-');
    const port = await freePort();
    const log = createLogger({ level: 'silent' });
    const database = { engine: 'postgres' as const, url };
    await initServer({ dataDir, port, publicUrl: `https://127.0.0.1:${port}/`, database, log });
    const ctx = await openContext({ dataDir, database, log });
    await addMunicipality(ctx, { id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' });
    await addProvider(ctx, { id: PROVIDER_A, municipalityId: MUNICIPALITY_A, name: 'Omsorg AB' });
    await addProviderAddress(ctx, { providerId: PROVIDER_A, address: REGISTERED });
    const { code } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
    const profile = JSON.stringify(await exportInstallProfile(ctx, MUNICIPALITY_A));
    await ctx.database.close();

    const server = cli(
      ['server', 'start', '--data', dataDir, '--port', String(port), '--workers', '2', '--allow-non-durable'],
      { DATABASE_URL: url },
    );
    const tc = await workstation();
    try {
      await until('ready line', () => server.out().includes('CareDock server ready at'), 60_000, server);
      const pids = (/worker processes, pids ([\d, ]+)\)/.exec(server.out())?.[1] ?? '')
        .split(', ')
        .map(Number);
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      expect(existsSync(path.join(dataDir, 'server.run.json'))).toBe(true);

      await tc.core.sync.install({ profile, code, workstationName: 'Kontoret', sourceAddress: REGISTERED });
      addRegistrations(tc.core.database.sqlite, 600);
      await tc.core.sync.runOnce();

      // One worker dies hard; the primary starts another and the sync goes on.
      process.kill(pids[0]!, 'SIGKILL');
      await until('restart', () => server.err().includes('starting another'), 20_000, server);
      addRegistrations(tc.core.database.sqlite, 600);
      for (let i = 0; i < 10 && (outboxStates(tc.core.database.sqlite).sent ?? 0) < 1_200; i++)
        await tc.core.sync.runOnce().catch(() => undefined);
      expect(outboxStates(tc.core.database.sqlite)).toEqual({ sent: 1_200 });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(pids.slice(1).some(alive)).toBe(false);
      expect(existsSync(path.join(dataDir, 'server.run.json'))).toBe(false);

      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query<{ n: string; d: string }>(
          `select count(*)::text as n, count(distinct id)::text as d from pushed_items where type = 'registration'`,
        );
        expect(r.rows[0]).toEqual({ n: '1200', d: '1200' });
      } finally {
        await c.end();
      }
    } finally {
      server.child.kill('SIGKILL');
      await tc.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);

  it('refuses workers on the embedded database, saying why', async () => {
    const dataDir = tempDir('caredock-workers-pglite-');
    try {
      const init = cli(['server', 'init', '--data', dataDir]);
      expect(await init.exited, init.err()).toBe(0);
      const r = cli(['server', 'start', '--data', dataDir, '--port', '0', '--workers', '2'], {
        DATABASE_URL: '',
      });
      expect(await r.exited).toBe(1);
      expect(r.err()).toMatch(/--workers needs PostgreSQL \(DATABASE_URL\)/);
      expect(existsSync(path.join(dataDir, 'server.run.json'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
