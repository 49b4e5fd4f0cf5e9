// A central server brought back from an older state: three workstations push while the server
// (`caredock server start`, embedded PGlite, in a process of its own) runs; partway through, the
// server's data folder is copied as a backup or a VM snapshot would take it (the process frozen
// with SIGSTOP, so the copy is what a power cut at that instant would leave); the pushes finish;
// the server is stopped and restored from the copy. Each workstation's reconciliation must then
// find exactly what the server lacks and send it again. Used by test/sync/restore.test.ts (small)
// and bench/server-restore.bench.ts (large).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../../../src/server/admin/organisations.ts';
import { exportInstallProfile } from '../../../src/server/admin/profile.ts';
import { openContext } from '../../../src/server/bootstrap.ts';
import { openDatabase, resultRows } from '../../../src/server/db/database.ts';
import { initServer } from '../../../src/server/init.ts';
import { createLogger } from '../../../src/server/log.ts';
import { dataPaths } from '../../../src/server/paths.ts';
import { sql } from 'drizzle-orm';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core.ts';
import {
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  PROVIDER_A,
  PROVIDER_B,
  REGISTERED,
  addRegistrations,
} from './world.ts';
import { freePort } from '../../helpers/ports.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function startServerProcess(dataDir: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/caredock.mjs', 'server', 'start', '--data', dataDir, '--port', String(port)],
      { cwd: root, env: { ...process.env, CAREDOCK_SERVER_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('CareDock server ready at')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function countPushed(pgdata: string): Promise<number> {
  // Opened on a copy of the copy: the backup itself stays as it was taken.
  const scratch = `${pgdata}-count`;
  cpSync(pgdata, scratch, { recursive: true });
  const db = await openDatabase({ engine: 'pglite', dataDir: scratch });
  try {
    const r = await db.db.execute(sql`SELECT count(*)::int AS n FROM pushed_items`);
    return Number((resultRows(r)[0] as { n: number }).n);
  } finally {
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface WorkstationCounts {
  name: string;
  sent: number;
  reEnqueued: number;
  reSent: number;
}

export interface RestoreResult {
  perWorkstation: WorkstationCounts[];
  total: number;
  /** What the server held when the copy was taken (and so after the restore). */
  inCopy: number;
  /** What the server held after reconciliation (distinct ids). */
  finalDistinct: number;
  finalRows: number;
  /** Second reconciliation, after the re-send: days that still differ (must be 0). */
  stillDiffering: number;
  pushMs: number;
  reconcileMs: number;
}

export async function runRestoreScenario(opts: { perWorkstation: number }): Promise<RestoreResult> {
  const serverDir = tempDir('caredock-restore-server-');
  const backupDir = tempDir('caredock-restore-backup-');
  const port = await freePort();
  const quiet = createLogger({ level: 'silent' });
  const paths = dataPaths(serverDir);
  await initServer({ dataDir: serverDir, port, publicUrl: `https://127.0.0.1:${port}/`, log: quiet });
  const ctx = await openContext({ dataDir: serverDir, log: quiet });
  await addMunicipality(ctx, { id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' });
  await addMunicipality(ctx, { id: MUNICIPALITY_B, name: 'Vallentuna kommun' });
  await addProvider(ctx, { id: PROVIDER_A, municipalityId: MUNICIPALITY_A, name: 'Omsorg AB' });
  await addProvider(ctx, { id: PROVIDER_B, municipalityId: MUNICIPALITY_B, name: 'Hemtjänst B' });
  await addProviderAddress(ctx, { providerId: PROVIDER_A, address: REGISTERED });
  await addProviderAddress(ctx, { providerId: PROVIDER_B, address: REGISTERED });
  const plan = [
    { name: 'Omsorg AB, dator 1', municipality: MUNICIPALITY_A, provider: PROVIDER_A },
    { name: 'Omsorg AB, dator 2', municipality: MUNICIPALITY_A, provider: PROVIDER_A },
    { name: 'Hemtjänst B, dator 1', municipality: MUNICIPALITY_B, provider: PROVIDER_B },
  ];
  const enrolment = await Promise.all(
    plan.map(async (p) => ({
      ...p,
      code: (await createEnrolmentCode(ctx, { providerId: p.provider })).code,
      profile: JSON.stringify(await exportInstallProfile(ctx, p.municipality)),
    })),
  );
  await ctx.database.close();

  let server = await startServerProcess(serverDir, port);
  const stations: TestCore[] = [];
  try {
    for (const e of enrolment) {
      const tc = await startTestCore({
        syncIntervalSeconds: 0,
        syncTimeoutMs: 30_000,
        watchDevices: false,
        shell: 'cli',
      });
      stations.push(tc);
      await tc.core.sync.install({
        profile: e.profile,
        code: e.code,
        workstationName: e.name,
        sourceAddress: REGISTERED,
      });
      addRegistrations(tc.core.database.sqlite, opts.perWorkstation);
    }
    const sentCount = (tc: TestCore): number =>
      (
        tc.core.database.sqlite.prepare(`select count(*) as n from outbox where state = 'sent'`).get() as {
          n: number;
        }
      ).n;
    const total = opts.perWorkstation * stations.length;

    // All three push at once; the copy is taken when about a third has arrived.
    const t0 = performance.now();
    const pushing = Promise.all(stations.map((tc) => tc.core.sync.runOnce('user')));
    let settled = false;
    void pushing.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 6000 && !settled; i++) {
      if (stations.reduce((n, tc) => n + sentCount(tc), 0) >= total / 3) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    server.kill('SIGSTOP');
    try {
      cpSync(paths.pgliteDir, path.join(backupDir, 'pgdata'), { recursive: true });
    } finally {
      server.kill('SIGCONT');
    }
    await pushing;
    const pushMs = performance.now() - t0;
    const sent = stations.map(sentCount);

    // The restore: stop, put the copy back, start.
    await stop(server);
    rmSync(paths.pgliteDir, { recursive: true, force: true });
    cpSync(path.join(backupDir, 'pgdata'), paths.pgliteDir, { recursive: true });
    const inCopy = await countPushed(paths.pgliteDir);
    server = await startServerProcess(serverDir, port);

    const t1 = performance.now();
    const perWorkstation: WorkstationCounts[] = [];
    for (const [i, tc] of stations.entries()) {
      const r = await tc.core.sync.reconcileNow();
      const pass = await tc.core.sync.runOnce('user');
      perWorkstation.push({
        name: plan[i]?.name ?? '',
        sent: sent[i] ?? 0,
        reEnqueued: r.reEnqueued,
        reSent: pass.accepted,
      });
    }
    const reconcileMs = performance.now() - t1;
    let stillDiffering = 0;
    for (const tc of stations) stillDiffering += (await tc.core.sync.reconcileNow()).daysDiffering;

    await stop(server);
    const final = await openDatabase({ engine: 'pglite', dataDir: paths.pgliteDir });
    let finalRows = 0;
    let finalDistinct = 0;
    try {
      const r = await final.db.execute(
        sql`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM pushed_items`,
      );
      const row = resultRows(r)[0] as { n: number; d: number };
      finalRows = Number(row.n);
      finalDistinct = Number(row.d);
    } finally {
      await final.close();
    }
    return { perWorkstation, total, inCopy, finalDistinct, finalRows, stillDiffering, pushMs, reconcileMs };
  } finally {
    await stop(server);
    for (const tc of stations) await tc.cleanup();
    rmSync(serverDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  }
}

/** The counts, one line per workstation and one in all, as the test and the bench print them. */
export function formatRestore(r: RestoreResult): string[] {
  return [
    ...r.perWorkstation.map(
      (w) =>
        `  ${w.name}: ${w.sent} sent before the restore, ${w.reEnqueued} found missing, ${w.reSent} sent again`,
    ),
    `  server: ${r.inCopy} of ${r.total} in the copy; after reconciliation ${r.finalDistinct} distinct in ${r.finalRows} rows`,
  ];
}
