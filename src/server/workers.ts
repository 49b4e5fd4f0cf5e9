// `caredock server start --workers N`: N server processes on one machine, sharing its listeners
// through node:cluster (the primary accepts and hands each connection to a worker in turn). They
// share nothing else: everything that matters is in PostgreSQL (docs/scaling.md), which is why
// the embedded database, one process's own, cannot have workers. The primary restarts a worker
// that dies, within a bound, and stops them all on SIGTERM or SIGINT.
import cluster, { type Worker } from 'node:cluster';
import { z } from 'zod';
import type { DataPaths } from './paths.ts';
import { removeRunInfo, writeRunInfo } from './runFile.ts';

/** Set in each worker's environment: its index, 0 first. */
export const WORKER_ENV = 'CAREDOCK_SERVER_WORKER';
/** More than this many restarts in RESTART_WINDOW_MS is a crash loop: stop instead. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long a stopping worker may take before it is killed. */
const STOP_MS = 15_000;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    url: z.string(),
    adminUrl: z.string(),
    consoleUrl: z.string().nullable(),
    host: z.string(),
    port: z.number().int(),
    adminPort: z.number().int(),
    consolePort: z.number().int().nullable(),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** This process's worker index, or null when it is not a worker of `--workers`. */
export function workerIndex(): number | null {
  if (!cluster.isWorker) return null;
  const n = Number(process.env[WORKER_ENV]);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** A worker tells the primary how its start went. */
export function tellPrimary(message: WorkerMessage): void {
  process.send?.(message);
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The primary: forks `count` workers of this same command, and waits for a stop signal. */
export async function runPrimary(paths: DataPaths, count: number, io: Io): Promise<number> {
  const workers = new Map<number, Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let ready: Extract<WorkerMessage, { type: 'ready' }> | null = null;
  let settle!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (settle = resolve));
  const readyCount = new Set<number>();

  const stopAll = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const alive = [...workers.values()].filter((w) => !w.isDead());
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => w.process.kill('SIGKILL'), STOP_MS);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.process.kill('SIGTERM');
          }),
      ),
    );
    removeRunInfo(paths);
    settle(code);
  };

  const fork = (index: number): void => {
    const w = cluster.fork({ [WORKER_ENV]: String(index) });
    workers.set(index, w);
    w.on('message', (raw: unknown) => {
      const m = workerMessageSchema.safeParse(raw);
      if (!m.success) return;
      if (m.data.type === 'failed') {
        io.err(m.data.message);
        void stopAll(1);
        return;
      }
      readyCount.add(index);
      if (ready === null) ready = m.data;
      if (readyCount.size === count && !stopping) announce();
    });
    w.once('exit', (code, signal) => {
      if (stopping) return;
      if (readyCount.size < count) {
        // A worker that ends before every worker is ready: the start failed.
        io.err(`worker ${index} ended during start (${signal ?? `exit ${code}`})`);
        void stopAll(1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && (restarts[0] ?? 0) < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        io.err(
          `worker ${index} ended (${signal ?? `exit ${code}`}); too many restarts in a minute, stopping`,
        );
        void stopAll(1);
        return;
      }
      io.err(`worker ${index} (pid ${w.process.pid}) ended (${signal ?? `exit ${code}`}); starting another`);
      fork(index);
    });
  };

  let announced = false;
  const announce = (): void => {
    if (announced || ready === null) return;
    announced = true;
    writeRunInfo(paths, {
      pid: process.pid,
      port: ready.port,
      host: ready.host,
      adminPort: ready.adminPort,
      ...(ready.consolePort === null ? {} : { consolePort: ready.consolePort }),
    });
    const pids = [...workers.values()].map((w) => w.process.pid).join(', ');
    io.out(
      `CareDock server ready at ${ready.url} (admin API on ${ready.adminUrl}, this computer only; ${count} worker processes, pids ${pids})`,
    );
    if (ready.consoleUrl) io.out(`Municipality console at ${ready.consoleUrl}`);
  };

  const onSignal = (): void => void stopAll(0);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (let i = 0; i < count; i++) fork(i);
  try {
    return await finished;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
