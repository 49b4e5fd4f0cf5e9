// Push 100,000 queued registrations over mTLS on loopback, the workstation in its own process,
// against two baselines measured in the same run:
// - the server's own bulk insert of the same rows (pushItems straight into the database), floor
//   0.5 — the cost of TLS, HTTP, JSON and the workstation's side;
// - the same push to the same engine without durability (PGlite without fsync, the old default;
//   PostgreSQL with fsync off), floor 0.5 — the cost of waiting for the disk at each commit.
// Peak RSS of the workstation ≤ 300 MB. The target of 20,000 rec/s is printed beside the
// figure: it is set by the server's engine.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/server/db/database.ts';
import { pushItems } from '../src/server/sync/push.ts';
import { benchRegistrations, serverIngestRate } from './server-ingest.ts';
import { rawInsertRates } from './raw-insert.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { report } from './support.ts';
import {
  benchServer,
  benchWorkstation,
  engines,
  runWorker,
  type BenchEngine,
  type WorkerResult,
} from './sync-support.ts';

const N = Number(process.env['CAREDOCK_BENCH_PUSH_N'] ?? 100_000);
/** Rounds of each engine pair, taken in turn so a busy moment of the machine hits both. */
const ROUNDS = Number(process.env['CAREDOCK_BENCH_ROUNDS'] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const here = fileURLToPath(import.meta.url);

const rows = benchRegistrations(N);

async function bulkInsertRate(engine: BenchEngine): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-bulk-'));
  try {
    const db = await openDatabase(await engine.spec(dir));
    try {
      return await serverIngestRate(db, rows);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** On PostgreSQL: the raw INSERT and COPY of the same rows (./raw-insert.ts). */
async function rawRates(engine: BenchEngine): Promise<{ insert: number; copy: number } | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-raw-'));
  try {
    const spec = await engine.spec(dir);
    if (spec.engine !== 'postgres') return null;
    const db = await openDatabase(spec);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    return await rawInsertRates(spec.url, rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function push(engine: BenchEngine): Promise<WorkerResult> {
  const bs = await benchServer((dir) => engine.spec(dir));
  const ws = await benchWorkstation(bs, (sqlite) => {
    // The same rows in the local form, as docking ingest writes them (row + outbox row).
    const ins = sqlite.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?, null, '[]', ?, ?)`,
    );
    const out = sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`);
    sqlite.transaction(() => {
      for (const r of rows as Record<string, string & number>[]) {
        const tag = String(r.tagUid);
        ins.run(
          r.id,
          r.penSerial,
          r.sequence,
          tag.toUpperCase(),
          r.penTime,
          r.penTime,
          r.kind,
          r.staffId,
          r.receivedAt,
        );
        out.run(r.id);
      }
    })();
  });
  try {
    const w = await runWorker(here, ws.dir);
    if (w.accepted !== N) throw new Error(`only ${w.accepted} of ${N} accepted`);
    return w;
  } finally {
    ws.done();
    await bs.close();
  }
}

const SMALL_PUSHES = 300;

/**
 * The price of one commit: the server's own store of a 42-item push (one pen's docking), in turn
 * on both engines, median ms per push. No TLS or HTTP: what is left is the engine and its disk.
 */
async function smallPushMs(
  durable: BenchEngine,
  baseline: BenchEngine,
): Promise<{ durable: number; baseline: number }> {
  const who = {
    workstationId: '00000000-0000-7000-8000-000000000000',
    providerId: 'bench-p',
    municipalityId: 'bench',
    sourceAddress: '127.0.0.1',
    certificateNotAfter: new Date(Date.now() + 86_400_000),
    certificateFingerprint: 'bench',
  };
  const dirs = [durable, baseline].map(() => mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-commit-')));
  const dbs = await Promise.all(
    [durable, baseline].map(async (e, i) => openDatabase(await e.spec(dirs[i]!))),
  );
  try {
    // Migrated and seeded by a tiny bulk run.
    for (const db of dbs) await serverIngestRate(db, benchRegistrations(1));
    const small = benchRegistrations(42 * SMALL_PUSHES);
    const times: number[][] = [[], []];
    for (let k = 0; k < SMALL_PUSHES; k++) {
      const batch = small.slice(k * 42, (k + 1) * 42);
      for (const [i, db] of dbs.entries()) {
        const t0 = performance.now();
        await pushItems(db.db, who, batch);
        times[i]!.push(performance.now() - t0);
      }
    }
    return { durable: median(times[0]!), baseline: median(times[1]!) };
  } finally {
    for (const db of dbs) await db.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

let ok = true;
for (const { durable, baseline } of await engines()) {
  try {
    const bulk = await bulkInsertRate(durable);
    const raw = await rawRates(durable);
    const runs: WorkerResult[] = [];
    const rates: number[] = [];
    const oldRates: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Each round pushes to both, back to back, alternating which goes first; the ratio of a
      // round compares two runs that saw the same load on the shared machine.
      const pair = round % 2 === 0 ? [durable, baseline] : [baseline, durable];
      const timed = new Map<BenchEngine, WorkerResult>();
      for (const e of pair) timed.set(e, await push(e));
      const w = timed.get(durable)!;
      const o = timed.get(baseline)!;
      runs.push(w);
      rates.push(N / (w.ms / 1000));
      oldRates.push(N / (o.ms / 1000));
      ratios.push(o.ms / w.ms);
    }
    const rate = median(rates);
    const oldRate = median(oldRates);
    const ratio = median(ratios);
    const commit = await smallPushMs(durable, baseline);
    const w = {
      passRssMb: Math.max(...runs.map((r) => r.passRssMb)),
      startupRssMb: median(runs.map((r) => r.startupRssMb)),
    };
    ok =
      report(
        `sync-push (${durable.name}): ${Math.round(rate)} rec/s, ${(rate / bulk).toFixed(2)} of the server's bulk insert (${Math.round(bulk)} rec/s); target 20000 rec/s ${rate >= 20_000 ? 'met' : 'not met'}`,
        rate >= 0.5 * bulk,
      ) && ok;
    if (raw)
      ok =
        report(
          `sync-push-raw (${durable.name}): the push over mutual TLS at ${Math.round(rate)} rec/s is ${(rate / raw.insert).toFixed(2)} of a raw INSERT … ON CONFLICT DO NOTHING, 500 per transaction (${Math.round(raw.insert)} rec/s), and ${(rate / raw.copy).toFixed(2)} of COPY (${Math.round(raw.copy)} rec/s); floor 0.8 of the INSERT`,
          rate >= 0.8 * raw.insert,
        ) && ok;
    ok =
      report(
        `sync-push-durable (${durable.name}): ${Math.round(rate)} rec/s durable, ${ratio.toFixed(2)} of ${baseline.name} (${Math.round(oldRate)} rec/s); medians of ${ROUNDS} rounds, the ratio of each round's pair`,
        ratio >= 0.5,
      ) && ok;
    ok =
      report(
        `sync-push-commit (${durable.name}): ${commit.durable.toFixed(2)} ms per 42-item push (one docking) stored durably, ${(commit.baseline / commit.durable).toFixed(2)} of ${baseline.name} (${commit.baseline.toFixed(2)} ms); server side, ${SMALL_PUSHES} pushes each`,
        commit.baseline / commit.durable >= 0.25,
      ) && ok;
    ok =
      report(
        `sync-push-rss (${durable.name}): ${Math.round(w.passRssMb)} MB peak RSS of the workstation process during the push (limit 300 MB); ${Math.round(w.startupRssMb)} MB after opening the core`,
        w.passRssMb <= 300,
      ) && ok;
  } finally {
    await durable.stop();
    await baseline.stop();
  }
}
process.exit(ok ? 0 : 1);
