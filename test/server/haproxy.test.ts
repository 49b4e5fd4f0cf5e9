// Two server processes' worth of listeners on one PostgreSQL behind Debian's haproxy in TCP mode:
// TLS passes through (the workstation's certificate reaches the server), the PROXY protocol (v2 to
// one, v1 to the other) carries the workstation's address, and the fixed-IP check judges that
// address, not the balancer's.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../src/server/admin/enrolmentCodes.ts';
import { exportInstallProfile } from '../../src/server/admin/profile.ts';
import { createLogger } from '../../src/server/log.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { freePort, listening } from '../helpers/ports.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  REGISTERED,
  UNREGISTERED,
  startFixture,
  type Fixture,
} from './helpers/fixture.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './helpers/postgres.ts';
import { addRegistrations, outboxStates, workstation } from '../sync/helpers/world.ts';

const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? null;
const bin = findPostgresBin();
const why =
  HAPROXY === null
    ? " — skipped: no haproxy found (install Debian's haproxy package)"
    : bin === null
      ? " — skipped: no initdb/pg_ctl found (install Debian's postgresql package)"
      : '';
const suite = why === '' ? describe : describe.skip;

suite(`the sync API behind haproxy (TLS passed through, PROXY protocol)${why}`, () => {
  let cluster: PgCluster;
  let fx: Fixture;
  let second: RunningServer;
  let haproxy: ChildProcess | undefined;
  let haPort = 0;
  let dir = '';
  let url = '';
  let haLog = '';
  const connections = [0, 0];

  beforeAll(async () => {
    cluster = await startPgCluster(bin!);
    url = await cluster.createDatabase('behind_haproxy');
    fx = await startFixture(
      { engine: 'postgres', url },
      { configure: (c) => ({ ...c, proxyProtocolFrom: ['127.0.0.1'] }) },
    );
    // A second server on the same database and data directory (its CA), as a second process is.
    second = await startServer({
      dataDir: fx.dataDir,
      database: { engine: 'postgres', url },
      host: '127.0.0.1',
      port: 0,
      log: createLogger({ level: 'silent' }),
      exchange: false,
      inbox: false,
      tweb: false,
      console: false,
    });
    fx.server.app.server.on('secureConnection', () => connections[0]!++);
    second.app.server.on('secureConnection', () => connections[1]!++);
    dir = mkdtempSync(path.join(tmpdir(), 'caredock-haproxy-'));
    haPort = await freePort();
    const cfg = path.join(dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      [
        'global',
        '  maxconn 256',
        'defaults',
        '  mode tcp',
        '  timeout connect 5s',
        '  timeout client 30s',
        '  timeout server 30s',
        'frontend sync',
        `  bind 127.0.0.1:${haPort}`,
        '  default_backend servers',
        'backend servers',
        '  balance roundrobin',
        `  server one 127.0.0.1:${fx.server.port} send-proxy-v2`,
        `  server two 127.0.0.1:${second.port} send-proxy`,
        '',
      ].join('\n'),
    );
    execFileSync(HAPROXY!, ['-c', '-q', '-f', cfg]);
    haproxy = spawn(HAPROXY!, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    haproxy.stdout?.on('data', (c: Buffer) => (haLog += c.toString()));
    haproxy.stderr?.on('data', (c: Buffer) => (haLog += c.toString()));
    await listening(haPort, 10_000);
  }, 120_000);

  afterAll(async () => {
    haproxy?.kill('SIGKILL');
    await second?.close();
    await fx?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('enrols, pushes through both servers and is judged by the workstation’s own address', async () => {
    const tc = await workstation();
    try {
      const ctx = fx.server.ctx;
      const profile = JSON.stringify(
        await exportInstallProfile(ctx, MUNICIPALITY_A, `https://127.0.0.1:${haPort}/`),
      );
      const { code } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
      await tc.core.sync.install({
        profile,
        code,
        workstationName: 'Bakom lastbalanseraren',
        sourceAddress: REGISTERED,
      });
      const ids = addRegistrations(tc.core.database.sqlite, 1_200);
      for (let i = 0; i < 10 && (outboxStates(tc.core.database.sqlite).sent ?? 0) < ids.length; i++)
        await tc.core.sync.runOnce();
      expect(outboxStates(tc.core.database.sqlite)).toEqual({ sent: 1_200 });
      // The address the server saw is the workstation's, as the balancer's header said.
      expect(tc.core.sync.status()).toMatchObject({ state: 'idle', seenAddress: REGISTERED });
      expect(connections[0], haLog).toBeGreaterThan(0);
      expect(connections[1], haLog).toBeGreaterThan(0);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query<{ n: string }>(
          `select count(distinct id)::text as n from pushed_items where type = 'registration'`,
        );
        expect(Number(rows[0]?.n)).toBe(1_200);
      } finally {
        await c.end();
      }

      // From an address the provider has not registered: refused, with that address named.
      tc.core.sync.setSourceAddress(UNREGISTERED);
      addRegistrations(tc.core.database.sqlite, 2);
      const failure = await tc.core.sync.runOnce().then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toMatchObject({ code: 'sync.addressNotRegistered', params: { address: UNREGISTERED } });
    } finally {
      await tc.cleanup();
    }
  }, 120_000);
});
