// Each push the server acknowledges must have its WAL on disk first: the server is run under
// `strace -f -e trace=fsync,fdatasync` (plus its socket writes), and for every acknowledged push
// a flush of a pg_wal file must finish after the request was sent and before the answer was
// written. Embedded PGlite (the default) and PostgreSQL with fsync on pass; the old PGlite (no
// fsync) and PostgreSQL with fsync off are the control: the same check finds them out.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../src/server/admin/enrolmentCodes.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../../src/server/admin/organisations.ts';
import { openContext } from '../../src/server/bootstrap.ts';
import type { DatabaseSpec } from '../../src/server/db/database.ts';
import { initServer } from '../../src/server/init.ts';
import { createLogger } from '../../src/server/log.ts';
import { createCsr } from '../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../src/server/pki/keys.ts';
import { enrolResponseSchema } from '../../src/shared/sync/enrolment.ts';
import { pushResponseSchema } from '../../src/shared/sync/push.ts';
import { tempDir } from '../helpers/core.ts';
import { rawCall } from './helpers/client.ts';
import { MUNICIPALITY_A, PROVIDER_A, REGISTERED } from './helpers/fixture.ts';
import { uuidv7 } from './helpers/ids.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './helpers/postgres.ts';
import {
  attachStrace,
  findStrace,
  parseStrace,
  unflushedAcks,
  type AckedPush,
  type Syscall,
} from './helpers/trace.ts';

const root = path.resolve(import.meta.dirname, '../..');
const strace = findStrace();
const pgBin = findPostgresBin();
const PUSHES = 5;
const dirs: string[] = [];
const clusters: PgCluster[] = [];
afterAll(async () => {
  for (const c of clusters) await c.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const registration = (i: number) => ({
  type: 'registration',
  id: uuidv7(),
  penSerial: 'PEN-TRACE',
  sequence: i,
  tagUid: '04a1b2c3d4e5f6',
  penTime: '2026-03-02T08:15:00Z',
  correctedTime: null,
  kind: 'arrive',
  flags: [],
  staffId: 'staff-1',
  receivedAt: '2026-03-02T16:00:00Z',
});

interface Traced {
  /** Every acknowledged push, with its connection and send time. */
  acks: AckedPush[];
  /** The server process's fsyncs and writes. */
  server: Syscall[];
}

/**
 * Starts a traced server (embedded PGlite in its data folder, or PostgreSQL at `url`), enrols
 * one workstation, pushes, stops.
 */
async function tracedPushes(engine: { url?: string; flags?: string[] }): Promise<Traced> {
  const dataDir = tempDir('caredock-trace-');
  dirs.push(dataDir);
  const database: DatabaseSpec = engine.url
    ? { engine: 'postgres', url: engine.url }
    : { engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') };
  const log = createLogger({ level: 'silent' });
  await initServer({ dataDir, port: 0, database, log });
  const ctx = await openContext({ dataDir, database, log });
  await addMunicipality(ctx, { id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' });
  await addProvider(ctx, { id: PROVIDER_A, municipalityId: MUNICIPALITY_A, name: 'Omsorg AB' });
  await addProviderAddress(ctx, { providerId: PROVIDER_A, address: REGISTERED });
  const { code } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
  const ca = readFileSync(ctx.paths.caCert, 'utf8');
  await ctx.database.close();

  const traceFile = path.join(dataDir, 'server.strace');
  const child: ChildProcess = spawn(
    strace!,
    [
      '-f',
      '-ttt',
      '-T',
      '-yy',
      '-e',
      'trace=fsync,fdatasync,write,writev',
      '-o',
      traceFile,
      process.execPath,
      'test/server/helpers/serve.ts',
      '--data',
      dataDir,
      ...(engine.flags ?? []),
    ],
    {
      cwd: root,
      env: { ...process.env, ...(database.engine === 'postgres' ? { DATABASE_URL: database.url } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const [port, pid] = await new Promise<[number, number]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^ready (\d+) (\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve([Number(m[1]), Number(m[2])]);
      }
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  try {
    const key = generateEcKeyPem();
    const enrolled = await rawCall({
      port,
      ca,
      target: '/v1/enrol',
      localAddress: REGISTERED,
      body: {
        code,
        csrPem: await createCsr(key, [['CN', 'trace']]),
        municipalityId: MUNICIPALITY_A,
        workstationName: 'Trace',
      },
    });
    expect(enrolled.status, JSON.stringify(enrolled.json)).toBe(200);
    const identity = { key, cert: enrolResponseSchema.parse(enrolled.json).certificatePem };
    const acks: AckedPush[] = [];
    for (let k = 0; k < PUSHES; k++) {
      const items = Array.from({ length: 40 }, (_, i) => registration(k * 100 + i));
      const res = await rawCall({
        port,
        ca,
        target: '/v1/push',
        identity,
        localAddress: REGISTERED,
        headers: { 'x-caredock-municipality': MUNICIPALITY_A },
        body: { items },
      });
      expect(res.status).toBe(200);
      const results = pushResponseSchema.parse(res.json).results;
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
      acks.push({ clientPort: res.clientPort ?? 0, sentAt: res.sentAt ?? 0 });
    }
    process.kill(pid, 'SIGTERM');
    await exited;
    return { acks, server: parseStrace(readFileSync(traceFile, 'utf8')) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      await exited;
    }
  }
}

const suite = strace === null ? describe.skip : describe;
const why = strace === null ? " — skipped: no strace (Debian's strace package)" : '';

suite(`every acknowledged push is preceded by a WAL flush (strace)${why}`, () => {
  it('embedded PGlite, the default, flushes before it answers', async () => {
    const t = await tracedPushes({});
    expect(t.acks).toHaveLength(PUSHES);
    expect(unflushedAcks(t.server, t.server, t.acks)).toEqual([]);
  }, 120_000);

  it('the old embedded PGlite (no fsync) is caught by the same check', async () => {
    const t = await tracedPushes({ flags: ['--no-fsync'] });
    expect(unflushedAcks(t.server, t.server, t.acks)).toHaveLength(PUSHES);
  }, 120_000);

  const pg = pgBin === null ? it.skip : it;
  const pgWhy = pgBin === null ? " — skipped: no initdb/pg_ctl (Debian's postgresql package)" : '';

  for (const durable of [true, false]) {
    pg(
      `PostgreSQL with fsync ${durable ? 'on flushes before the server answers' : 'off is caught by the same check'}${pgWhy}`,
      async () => {
        const cluster = await startPgCluster(pgBin!, { durable });
        clusters.push(cluster);
        const url = await cluster.createDatabase(`trace_${durable ? 'on' : 'off'}`);
        const pgTraceDir = tempDir('caredock-pgtrace-');
        dirs.push(pgTraceDir);
        // The WAL is flushed by PostgreSQL's processes: trace every one of them as well.
        const tracer = await attachStrace(strace!, cluster.processes(), path.join(pgTraceDir, 'pg.strace'));
        let flushes: Syscall[] = [];
        let t: Traced | undefined;
        try {
          t = await tracedPushes({ url });
        } finally {
          flushes = await tracer.stop();
        }
        const missing = unflushedAcks(t.server, flushes, t.acks);
        if (durable) expect(missing).toEqual([]);
        else expect(missing).toHaveLength(PUSHES);
      },
      180_000,
    );
  }
});
