// The workstation's job queue: 10,000 jobs enqueued in one transaction and run through a no-op
// adapter by a channel runner, against the baseline of raw better-sqlite3 doing the same rows'
// work (one insert each in one transaction, then one update each in batches of the runner's size)
// on the same kind of database in the same run. Floor: 15,000 jobs/s (plainjob's published
// figure for SQLite).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { ChannelRunner, JobQueue } from '../src/main/jobs/index.ts';
import { defineJobKind } from '../src/shared/jobs/index.ts';
import { report } from './support.ts';

const JOBS = 10_000;
const BATCH = 64;
const migrations = path.resolve(import.meta.dirname, '../migrations');
const kind = defineJobKind({
  kind: 'bench.noop',
  channel: 'bench',
  payload: z.object({ n: z.number().int() }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 10_000 },
  leaseMs: 60_000,
  delivery: 'at-least-once',
});

function freshDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-jobs-'));
  const db = openDatabase(path.join(dir, 'caredock.db'));
  applyMigrations(db.sqlite, db.db, migrations, path.join(dir, 'backups'));
  return { db, done: () => (db.sqlite.close(), rmSync(dir, { recursive: true, force: true })) };
}

function baseline(): number {
  const { db, done } = freshDb();
  const { sqlite } = db;
  const start = performance.now();
  const insert = sqlite.prepare(
    `insert into jobs (kind, channel, payload, idempotency_key, state, max_attempts, next_attempt_at, created_at, updated_at)
     values ('bench.noop', 'bench', ?, ?, 'waiting', 3, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    const now = Date.now();
    for (let n = 0; n < JOBS; n++) insert.run(JSON.stringify({ n }), `b:${n}`, now, now, now);
  })();
  const update = sqlite.prepare(`update jobs set state = 'done', done_at = ?, updated_at = ? where id = ?`);
  for (let first = 1; first <= JOBS; first += BATCH) {
    sqlite.transaction(() => {
      const now = Date.now();
      for (let id = first; id < Math.min(first + BATCH, JOBS + 1); id++) update.run(now, now, id);
    })();
  }
  const ms = performance.now() - start;
  done();
  return ms;
}

async function queued(): Promise<number> {
  const { db, done } = freshDb();
  const queue = new JobQueue({ sqlite: db.sqlite, kinds: [kind] });
  let sent = 0;
  let allSent: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allSent = resolve));
  const countDone = db.sqlite.prepare(`select count(*) from jobs where state = 'done'`).pluck();
  const runner = new ChannelRunner(queue, {
    channel: 'bench',
    concurrency: BATCH,
    adapters: {
      'bench.noop': {
        send: async () => {
          sent++;
          return { status: 'sent' };
        },
      },
    },
    // Checked only once every job was handed out: the count itself is not the queue's cost.
    onSettled: () => {
      if (sent >= JOBS && countDone.get() === JOBS) allSent();
    },
  });
  const start = performance.now();
  db.sqlite.transaction(() => {
    for (let n = 0; n < JOBS; n++) queue.enqueue(db.sqlite, kind, { n }, { key: `q:${n}` });
  })();
  if (process.env.BENCH_DEBUG) console.log('enqueue ms', performance.now() - start);
  runner.start();
  await finished;
  const ms = performance.now() - start;
  await runner.stop();
  done();
  return ms;
}

// Warm both paths once (JIT, page cache), then take the better of three runs each.
baseline();
await queued();
const base = Math.min(baseline(), baseline(), baseline());
const ours = Math.min(await queued(), await queued(), await queued());
const rate = Math.round(JOBS / (ours / 1000));
const baseRate = Math.round(JOBS / (base / 1000));
const ok = report(
  `jobs (workstation): ${rate} jobs/s through a no-op adapter, ${(base / ours).toFixed(2)} of raw insert+update (${baseRate} rows/s)`,
  rate >= 15_000,
);
process.exit(ok ? 0 : 1);
