// A big file is imported in a worker thread with a heap of its own, capped: a 100,000-record file
// then peaks near 150 MB of RSS instead of the 300 MB V8 lets an uncapped heap grow to (it collects
// lazily while memory is plentiful). The thread opens its own connections to the same PostgreSQL;
// embedded PGlite belongs to the thread that opened it, so there the import runs in place.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CareDockError, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';
import type { ServerContext } from '../context.ts';
import type { DatabaseSpec } from '../db/database.ts';
import { importFile, type ImportOutcome, type ImportRequest } from './importFile.ts';

/**
 * The thread's heap. The young generation is what bounds RSS (records are short-lived); the old
 * generation holds the file's key maps, about 150 bytes a record, so 1,000,000 records fit.
 */
export const IMPORT_THREAD_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 384 } as const;

export interface ImportThreadData {
  dataDir: string;
  database: DatabaseSpec;
  /** The caller's clock as an offset from the thread's, so an injected time carries over. */
  clockOffsetMs: number;
  request: Omit<ImportRequest, 'onProgress'>;
}

export type ImportThreadMessage =
  | { type: 'progress'; records: number }
  | { type: 'done'; outcome: ImportOutcome }
  | { type: 'failed'; code: ErrorCode | null; params: ErrorParams; message: string };

/**
 * The thread's entry: the TypeScript source beside this file, or, in a bundle (dist/cli,
 * dist/bench), the bundled `import-thread.mjs` beside the bundle (scripts/build-cli.mjs).
 */
function threadEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./importThread.ts', import.meta.url)
    : new URL('./import-thread.mjs', import.meta.url);
}

export async function importIsolated(
  ctx: ServerContext,
  req: ImportRequest,
  limits: ResourceLimits = IMPORT_THREAD_LIMITS,
): Promise<ImportOutcome> {
  const spec = ctx.database.shareable;
  if (spec === null) return importFile(ctx, req);
  const { onProgress, ...request } = req;
  const data: ImportThreadData = {
    dataDir: ctx.paths.root,
    // Two connections: the import's transaction, and the sequencer after it.
    database: spec.engine === 'postgres' ? { ...spec, poolSize: 2 } : spec,
    clockOffsetMs: ctx.now().getTime() - Date.now(),
    request,
  };
  const worker = new Worker(threadEntry(), { workerData: data, resourceLimits: limits });
  return new Promise<ImportOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: ImportThreadMessage) => {
      if (m.type === 'progress') onProgress?.(m.records);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.outcome);
      } else {
        settled = true;
        reject(m.code ? new CareDockError(m.code, m.params) : new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      if (settled) return;
      settled = true;
      // Its connections closed with it, so PostgreSQL rolled the import back.
      reject(
        (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new CareDockError('exchange.file.outOfMemory', { file: req.name })
          : err,
      );
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the import thread stopped (exit ${code}) before it answered`));
    });
  });
}
