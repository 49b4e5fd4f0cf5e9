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
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
const root = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-exchange-'));
const files = { bfu: path.join(root, 'orders.xml'), mfu: path.join(root, 'recipients.csv') };
const what = { bfu: 'BFU orders', mfu: 'MFU recipients' };

/**
 * bench/exchange-worker.ts bundled into dist/bench (inside the repo, so node_modules resolve), as
 * the server runs (scripts/build-cli.mjs): run from the sources, Node's ES module loader alone
 * takes some 200 MB of RSS loading drizzle's ~450 modules (most of it re-reading drizzle's
 * 180 kB package.json for each), which would be counted against the import.
 */
async function bundledWorker(): Promise<string> {
  const { build } = await import('esbuild');
  const repo = path.resolve(import.meta.dirname, '..');
  const outfile = path.join(repo, 'dist', 'bench', 'exchange-worker.mjs');
  const external = [
    'pino',
    'pino-roll',
    '@electric-sql/pglite',
    'pg',
    'pg-boss',
    'fastify',
    'ws',
    'nodemailer',
    '@azure/msal-node',
  ];
  const common: import('esbuild').BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: external.flatMap((n) => [n, `${n}/*`]),
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
    },
    logLevel: 'warning',
  };
  // The import thread's bundle sits beside the worker's (src/server/exchange/isolatedImport.ts).
  await Promise.all([
    build({ ...common, entryPoints: [path.join(repo, 'bench', 'exchange-worker.ts')], outfile }),
    build({
      ...common,
      entryPoints: [path.join(repo, 'src', 'server', 'exchange', 'importThread.ts')],
      outfile: path.join(repo, 'dist', 'bench', 'import-thread.mjs'),
    }),
  ]);
  return outfile;
}
let worker = '';

/**
 * Runs one worker step. Through /bin/sh, which forks it: on Linux a process's maxRSS survives
 * exec, so a child forked straight from this process would start with this process's peak.
 */
function step(task: WorkerTask): Promise<WorkerResult | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/bin/sh',
      ['-c', '"$0" "$@"; exit $?', process.execPath, worker, JSON.stringify(task)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`exchange worker (${task.step} ${task.format}) exited ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? 'null') as WorkerResult | null);
    });
  });
}

/** Where each step runs: a fresh server (data folder and database) with the organisations. */
interface Engine {
  label: string;
  /** Whether the importing process's peak RSS is held to the limit (the database runs apart). */
  limited: boolean;
  fresh(name: string): Promise<{ dataDir: string; database?: DatabaseSpec }>;
}

const task = (format: 'bfu' | 'mfu', at: { dataDir: string; database?: DatabaseSpec }) => ({
  format,
  file: files[format],
  rowsFile: path.join(root, `rows-${format}.jsonl`),
  municipalityId: MUNICIPALITY,
  providerId: PROVIDER,
  ...at,
});

/** PGlite: one server prepared (slow: PGlite makes its cluster and fsyncs it), copied for each step. */
function pgliteEngine(): Engine {
  let template: Promise<string> | undefined;
  return {
    label: 'pglite, durable, on disk',
    limited: false,
    async fresh(name) {
      template ??= (async () => {
        const dataDir = path.join(root, 'pglite-template');
        await step({ step: 'prepare', ...task('bfu', { dataDir }) });
        return dataDir;
      })();
      const dataDir = path.join(root, name);
      cpSync(await template, dataDir, { recursive: true });
      return { dataDir };
    },
  };
}

/** PostgreSQL: a database of the cluster and a data folder, prepared for each step. */
function postgresEngine(cluster: PgCluster): Engine {
  let n = 0;
  return {
    label: 'postgres, fsync on',
    limited: true,
    async fresh(name) {
      const at = {
        dataDir: path.join(root, name),
        database: { engine: 'postgres', url: await cluster.createDatabase(`bench_exchange_${n++}`) } as const,
      };
      await step({ step: 'prepare', ...task('bfu', at) });
      return at;
    },
  };
}

/** Runs the step in a fresh server, removes its data folder. */
async function measured(s: 'import' | 'raw', format: 'bfu' | 'mfu', engine: Engine): Promise<WorkerResult> {
  const at = await engine.fresh(`${s}-${format}`);
  try {
    const r = await step({ step: s, ...task(format, at) });
    if (r === null) throw new Error(`exchange worker (${s} ${format}) printed nothing`);
    if (r.records !== N) throw new Error(`${s} ${format}: ${r.records} of ${N} records (${r.status})`);
    return r;
  } finally {
    rmSync(at.dataDir, { recursive: true, force: true });
  }
}

const mb = (x: number) => Math.round(x);
const rate = (r: WorkerResult) => N / (r.ms / 1000);

async function measure(engine: Engine): Promise<boolean> {
  const { label, limited } = engine;
  let ok = true;
  for (const format of ['bfu', 'mfu'] as const) {
    const base = await measured('raw', format, engine);
    const ours = await measured('import', format, engine);
    if (ours.status !== 'imported') throw new Error(`import ${format}: ${ours.status}`);
    if (ours.rows !== base.rows)
      throw new Error(`import ${format}: ${ours.rows} rows, raw insert ${base.rows}`);
    const unit = format === 'bfu' ? 'orders' : 'recipients';
    ok =
      report(
        `exchange-${format} (${label}): ${N} ${what[format]} imported in ${(ours.ms / 1000).toFixed(1)} s, ${Math.round(rate(ours))} ${unit}/s, ${(rate(ours) / rate(base)).toFixed(2)} of a raw batched insert of the same ${base.rows} sync_entities rows (${Math.round(rate(base))} ${unit}/s, ${(base.ms / 1000).toFixed(1)} s) (no floor)`,
        true,
      ) && ok;
    const detail = `${mb(ours.openRssMb)} MB after opening the database, +${mb(ours.maxRssMb - ours.openRssMb)} MB over that (peak before reading the file ${mb(ours.openMaxRssMb)} MB, highest sampled during the import ${mb(ours.sampledPeakMb)} MB)`;
    if (limited) {
      const under = ours.maxRssMb <= RSS_LIMIT_MB;
      console.log(
        `exchange-${format}-rss (${label}): importing process peak RSS ${mb(ours.maxRssMb)} MB (limit ${RSS_LIMIT_MB} MB) ${under ? 'UNDER LIMIT' : 'OVER LIMIT'}; ${detail}`,
      );
      ok = under && ok;
    } else
      console.log(
        `exchange-${format}-rss (${label}): importing process peak RSS ${mb(ours.maxRssMb)} MB, ${detail}; PGlite itself runs in this process, so the ${RSS_LIMIT_MB} MB limit is applied to the PostgreSQL run, where the database runs in its own process`,
      );
  }
  return ok;
}

let ok = true;
let cluster: PgCluster | undefined;
const cleanUp = async () => {
  await cluster?.stop();
  cluster = undefined;
  rmSync(root, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
try {
  worker = await bundledWorker();
  // The files, not timed.
  await writeToFile(files.bfu, bfuOrdersFile(N, { municipalityId: MUNICIPALITY, providerId: PROVIDER }));
  await writeToFile(files.mfu, mfuRecipientsFile(N, { providerId: PROVIDER }));

  ok = (await measure(pgliteEngine())) && ok;

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
  else ok = (await measure(postgresEngine(cluster))) && ok;
} catch (err) {
  console.log(`exchange: failed — ${(err as Error).message}`);
  ok = false;
} finally {
  await cleanUp();
}
process.exit(ok ? 0 : 1);
