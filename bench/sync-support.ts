// Shared by the sync benchmarks: a central server on a chosen engine with one municipality,
// provider and fixed address; a workstation installed against it; a worker mode that runs one
// sync pass in its own process and reports its time and peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/main/core.ts';
import { createEnrolmentCode } from '../src/server/admin/enrolmentCodes.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../src/server/admin/organisations.ts';
import { exportInstallProfile } from '../src/server/admin/profile.ts';
import type { DatabaseSpec } from '../src/server/db/database.ts';
import { initServer } from '../src/server/init.ts';
import { createLogger } from '../src/server/log.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from '../test/server/helpers/postgres.ts';

export const PROVIDER = 'bench-omsorg';
export const MUNICIPALITY = '0139';

export interface BenchServer {
  server: RunningServer;
  engine: string;
  close(): Promise<void>;
}

/** A server whose database is the spec, or the spec an engine makes for the server's folder. */
export async function benchServer(
  engine: DatabaseSpec | ((serverDir: string) => Promise<DatabaseSpec>),
): Promise<BenchServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-server-'));
  const database = typeof engine === 'function' ? await engine(dir) : engine;
  const log = createLogger({ level: 'silent' });
  await initServer({ dataDir: dir, port: 0, database, log });
  const server = await startServer({ dataDir: dir, database, host: '127.0.0.1', port: 0, log });
  await addMunicipality(server.ctx, { id: MUNICIPALITY, name: 'Bench kommun' });
  await addProvider(server.ctx, { id: PROVIDER, municipalityId: MUNICIPALITY, name: 'Bench Omsorg' });
  await addProviderAddress(server.ctx, { providerId: PROVIDER, address: '127.0.0.1' });
  return {
    server,
    engine: database.engine,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A workstation data folder installed against the server; `fill` writes its local rows. */
export async function benchWorkstation(
  bs: BenchServer,
  fill: (sqlite: import('better-sqlite3').Database) => void = () => undefined,
): Promise<{ dir: string; done(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-ws-'));
  const core = await createCore({
    dataDir: dir,
    shell: 'cli',
    logLevel: 'silent',
    watchDevices: false,
    syncIntervalSeconds: 0,
  });
  try {
    const { code } = await createEnrolmentCode(bs.server.ctx, { providerId: PROVIDER });
    const profile = await exportInstallProfile(bs.server.ctx, MUNICIPALITY, bs.server.url);
    await core.sync.install({
      profile: JSON.stringify(profile),
      code,
      workstationName: 'Bench',
      sourceAddress: '127.0.0.1',
    });
    fill(core.database.sqlite);
  } finally {
    await core.close();
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WorkerResult {
  ms: number;
  /** Peak resident set while the sync pass ran. */
  passRssMb: number;
  /** The process's peak before the pass: opening the core (module loading). */
  startupRssMb: number;
  /** The larger of the two samples: after opening the core, and during the pass. */
  maxRssMb: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  pulled: number;
}

let workerBundle: Promise<string> | null = null;

/** bench/sync-worker.ts bundled into dist/bench (inside the repo, so node_modules resolve). */
function bundledWorker(): Promise<string> {
  workerBundle ??= (async () => {
    const { build } = await import('esbuild');
    const root = path.resolve(import.meta.dirname, '..');
    const outfile = path.join(root, 'dist', 'bench', 'sync-worker.mjs');
    await build({
      entryPoints: [path.join(root, 'bench', 'sync-worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      // Native modules and those that find files beside themselves stay out of the bundle, as
      // in scripts/build-cli.mjs (the encrypted database's driver reads its prebuilds folder).
      external: [
        'better-sqlite3',
        'better-sqlite3-multiple-ciphers',
        'nodemailer',
        'pg-boss',
        '@azure/msal-node',
        'serialport',
        'usb',
        'pino',
        'pino-roll',
        'ws',
        '@electric-sql/pglite',
        'pg',
        'fastify',
        'esbuild',
      ],
      banner: {
        js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
      },
      logLevel: 'warning',
    });
    return outfile;
  })();
  return workerBundle;
}

/** Runs one sync pass of the data folder in a child process (the workstation's own process). */
export async function runWorker(_benchFile: string, dir: string): Promise<WorkerResult> {
  const worker = await bundledWorker();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as WorkerResult);
    });
  });
}

export interface BenchEngine {
  name: string;
  /** Whether a commit is on disk before it is acknowledged. */
  durable: boolean;
  /** The database for a server whose data folder is `dir`. */
  spec(dir: string): Promise<DatabaseSpec>;
  stop(): Promise<void>;
}

/**
 * Engines to measure on, each as shipped and in its non-durable form (the baseline that says what
 * durability costs): embedded PGlite on disk, the default, and the old PGlite without fsync;
 * PostgreSQL with fsync on and off when Debian's binaries exist.
 */
export async function engines(): Promise<{ durable: BenchEngine; baseline: BenchEngine }[]> {
  const pglite = (durable: boolean): BenchEngine => ({
    name: durable ? 'pglite' : 'pglite without fsync (the old default)',
    durable,
    spec: async (dir) => ({ engine: 'pglite', dataDir: path.join(dir, 'pgdata'), durable }),
    stop: async () => undefined,
  });
  const list = [{ durable: pglite(true), baseline: pglite(false) }];
  const bin = findPostgresBin();
  if (process.env['CAREDOCK_BENCH_PGLITE_ONLY'] !== '1' && bin !== null) {
    const postgres = (durable: boolean): BenchEngine => {
      let cluster: PgCluster | undefined;
      let n = 0;
      return {
        name: durable ? 'postgres' : 'postgres with fsync off',
        durable,
        spec: async () => {
          cluster ??= await startPgCluster(bin, { durable });
          return { engine: 'postgres', url: await cluster.createDatabase(`bench_${process.pid}_${n++}`) };
        },
        stop: async () => {
          await cluster?.stop();
        },
      };
    };
    list.push({ durable: postgres(true), baseline: postgres(false) });
  }
  return list;
}
