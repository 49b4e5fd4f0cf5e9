// The file exchange's import of big files (src/server/exchange/importFile.ts): a BFU file of
// 100,000 orders and an MFU file of 100,000 recipients, each into a fresh server, against the
// baseline of a raw batched insert of the same sync_entities rows into the same engine (500 records
// per statement, one transaction, then the sequencer), measured in the same run, every step in its
// own process (bench/exchange-worker.ts).
// - embedded PGlite (durable, on disk, the default engine): seconds, records/s, ratio (no floor),
//   and the peak RSS of the importing process, which holds PGlite itself (600 MB–1.1 GB);
// - PostgreSQL (Debian's binaries, a throwaway cluster, fsync on) when it can be started: the same,
//   and the importing process's peak RSS must be at most 250 MB — the bench's only floor.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSpec } from '../src/server/db/database.ts';
import { bfuOrdersFile, mfuRecipientsFile, writeToFile } from '../test/helpers/exchange-files.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from '../test/server/helpers/postgres.ts';
import type { WorkerResult, WorkerTask } from './exchange-worker.ts';
import { report } from './support.ts';

const N = Number(process.env['CAREDOCK_BENCH_EXCHANGE_N'] ?? 100_000);
const RSS_LIMIT_MB = 250;
const MUNICIPALITY = '1480';
const PROVIDER = 'hemtjanst-nord';
const worker = path.join(import.meta.dirname, 'exchange-worker.ts');
const root = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-exchange-'));
const files = { bfu: path.join(root, 'orders.xml'), mfu: path.join(root, 'recipients.csv') };
const what = { bfu: 'BFU orders', mfu: 'MFU recipients' };

/**
 * Runs one worker step. Through /bin/sh, which forks it: on Linux a process's maxRSS survives
 * exec, so a child forked straight from this process would start with this process's peak.
 */
function step(task: WorkerTask): Promise<WorkerResult | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', '"$0" "$@"; exit $?', process.execPath, worker, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`exchange worker (${task.step} ${task.format}) exited ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? 'null') as WorkerResult | null);
    });
  });
}

/** Prepares a fresh server for the engine, runs the step in it, removes its data folder. */
async function measured(
  s: 'import' | 'raw',
  format: 'bfu' | 'mfu',
  database: () => Promise<DatabaseSpec | undefined>,
): Promise<WorkerResult> {
  const dataDir = mkdtempSync(path.join(root, `${s}-${format}-`));
  try {
    const task = {
      format,
      dataDir,
      file: files[format],
      municipalityId: MUNICIPALITY,
      providerId: PROVIDER,
      database: await database(),
    };
    await step({ step: 'prepare', ...task });
    const r = await step({ step: s, ...task });
    if (r === null) throw new Error(`exchange worker (${s} ${format}) printed nothing`);
    if (r.records !== N) throw new Error(`${s} ${format}: ${r.records} of ${N} records (${r.status})`);
    return r;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mb = (x: number) => Math.round(x);
const rate = (r: WorkerResult) => N / (r.ms / 1000);

async function measure(
  label: string,
  database: () => Promise<DatabaseSpec | undefined>,
  limited: boolean,
): Promise<boolean> {
  let ok = true;
  for (const format of ['bfu', 'mfu'] as const) {
    const base = await measured('raw', format, database);
    const ours = await measured('import', format, database);
    if (ours.status !== 'imported') throw new Error(`import ${format}: ${ours.status}`);
    if (ours.rows !== base.rows) throw new Error(`import ${format}: ${ours.rows} rows, raw insert ${base.rows}`);
    const unit = format === 'bfu' ? 'orders' : 'recipients';
    ok =
      report(
        `exchange-${format} (${label}): ${N} ${what[format]} imported in ${(ours.ms / 1000).toFixed(1)} s, ${Math.round(rate(ours))} ${unit}/s, ${(rate(ours) / rate(base)).toFixed(2)} of a raw batched insert of the same ${base.rows} sync_entities rows (${Math.round(rate(base))} ${unit}/s, ${(base.ms / 1000).toFixed(1)} s) (no floor)`,
        true,
      ) && ok;
    const rss = `peak RSS ${mb(ours.maxRssMb)} MB, ${mb(ours.openRssMb)} MB after opening the database, +${mb(ours.maxRssMb - ours.openRssMb)} MB for the import (sampled peak ${mb(ours.sampledPeakMb)} MB)`;
    if (limited) {
      const under = ours.maxRssMb <= RSS_LIMIT_MB;
      console.log(
        `exchange-${format}-rss (${label}): importing process ${rss}; peak RSS ${mb(ours.maxRssMb)} MB (limit ${RSS_LIMIT_MB} MB) ${under ? 'UNDER LIMIT' : 'OVER LIMIT'}`,
      );
      ok = under && ok;
    } else
      console.log(
        `exchange-${format}-rss (${label}): importing process ${rss}; no limit here: PGlite runs inside the importing process, the ${RSS_LIMIT_MB} MB limit is applied to the PostgreSQL run, where the database runs in its own process`,
      );
  }
  return ok;
}

let ok = true;
let cluster: PgCluster | undefined;
try {
  // The files, not timed.
  await writeToFile(files.bfu, bfuOrdersFile(N, { municipalityId: MUNICIPALITY, providerId: PROVIDER }));
  await writeToFile(files.mfu, mfuRecipientsFile(N, { providerId: PROVIDER }));

  ok = (await measure('pglite, durable, on disk', async () => undefined, false)) && ok;

  const bin = findPostgresBin();
  let skipped: string | null = null;
  if (bin === null) skipped = "no initdb/pg_ctl (install Debian's postgresql)";
  else
    try {
      cluster = await startPgCluster(bin, { durable: true });
    } catch (err) {
      skipped = `PostgreSQL did not start: ${(err as Error).message.split('\n')[0]}`;
    }
  if (cluster === undefined) console.log(`exchange (postgres): skipped — ${skipped}`);
  else {
    const c = cluster;
    let n = 0;
    ok =
      (await measure(
        'postgres, fsync on',
        async () => ({ engine: 'postgres', url: await c.createDatabase(`bench_exchange_${n++}`) }),
        true,
      )) && ok;
  }
} catch (err) {
  console.log(`exchange: failed — ${(err as Error).message}`);
  ok = false;
} finally {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
