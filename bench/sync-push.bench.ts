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
import { benchRegistrations, serverIngestRate } from './server-ingest.ts';
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

let ok = true;
for (const { durable, baseline } of await engines()) {
  try {
    const bulk = await bulkInsertRate(durable);
    const w = await push(durable);
    const old = await push(baseline);
    const rate = N / (w.ms / 1000);
    const oldRate = N / (old.ms / 1000);
    ok =
      report(
        `sync-push (${durable.name}): ${Math.round(rate)} rec/s, ${(rate / bulk).toFixed(2)} of the server's bulk insert (${Math.round(bulk)} rec/s); target 20000 rec/s ${rate >= 20_000 ? 'met' : 'not met'}`,
        rate >= 0.5 * bulk,
      ) && ok;
    ok =
      report(
        `sync-push-durable (${durable.name}): ${Math.round(rate)} rec/s durable, ${(rate / oldRate).toFixed(2)} of ${baseline.name} (${Math.round(oldRate)} rec/s)`,
        rate >= 0.5 * oldRate,
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
