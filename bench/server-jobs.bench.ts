// The central server's queue (pg-boss) on each engine: jobs enqueued and run through a no-op
// adapter by a channel runner, against the baseline of the same engine inserting the same number
// of rows into a plain table and updating each one (one statement each) in the same run.
import { z } from 'zod';
import { openDatabase, type Database, type DatabaseSpec } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { ServerChannelRunner, ServerJobQueue } from '../src/server/jobs/index.ts';
import { defineJobKind } from '../src/shared/jobs/index.ts';
import { findPostgresBin, startPgCluster } from '../test/server/helpers/postgres.ts';
import { report } from './support.ts';

const JOBS = 2000;
const kind = defineJobKind({
  kind: 'bench.noop',
  channel: 'bench',
  payload: z.object({ n: z.number().int() }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 10_000 },
  leaseMs: 60_000,
  delivery: 'at-least-once',
});

async function baseline(database: Database): Promise<number> {
  await database.rawTransaction((s) =>
    s.exec('create table if not exists bench_rows (id int primary key, data jsonb, state text)'),
  );
  await database.rawTransaction((s) => s.exec('truncate bench_rows'));
  const start = performance.now();
  for (let n = 0; n < JOBS; n++)
    await database.rawTransaction((s) =>
      s.query('insert into bench_rows values ($1, $2, $3)', [n, JSON.stringify({ n }), 'created']),
    );
  for (let n = 0; n < JOBS; n++)
    await database.rawTransaction((s) =>
      s.query(`update bench_rows set state = 'completed' where id = $1`, [n]),
    );
  return performance.now() - start;
}

async function queued(database: Database, round: number): Promise<number> {
  const queue = await ServerJobQueue.open({ database, kinds: [kind] });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const runner = new ServerChannelRunner(queue, {
    channel: 'bench',
    concurrency: 32,
    pollMs: 20,
    adapters: {
      'bench.noop': {
        send: async () => {
          if (++done === JOBS) setImmediate(finish);
          return { status: 'sent' };
        },
      },
    },
  });
  const start = performance.now();
  for (let n = 0; n < JOBS; n++) await queue.enqueue(kind, { n }, { key: `r${round}:${n}` });
  runner.start();
  await finished;
  await runner.stop();
  const ms = performance.now() - start;
  await queue.close();
  return ms;
}

async function measure(label: string, spec: DatabaseSpec): Promise<boolean> {
  const database = await openDatabase(spec);
  try {
    await migrate(database);
    await queued(database, 0); // warm
    const ours = await queued(database, 1);
    const base = await baseline(database);
    const rate = Math.round(JOBS / (ours / 1000));
    return report(
      `jobs (server, ${label}): ${rate} jobs/s enqueued and run through a no-op adapter, ${(base / ours).toFixed(2)} of the engine's own insert+update of the same rows (${Math.round(JOBS / (base / 1000))} rows/s)`,
      rate >= 50,
    );
  } finally {
    await database.close();
  }
}

let ok = await measure('PGlite', { engine: 'pglite', dataDir: null });
const bin = findPostgresBin();
if (bin === null)
  console.log("jobs (server, PostgreSQL): skipped — no initdb/pg_ctl (install Debian's postgresql)");
else {
  const cluster = await startPgCluster(bin);
  try {
    ok =
      (await measure('PostgreSQL', {
        engine: 'postgres',
        url: await cluster.createDatabase('bench_jobs'),
      })) && ok;
  } finally {
    await cluster.stop();
  }
}
process.exit(ok ? 0 : 1);
