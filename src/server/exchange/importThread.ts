// Inside the import thread (isolatedImport.ts): its own context on the same database, one
// importFile, the outcome or the error posted back, the connections closed.
import { parentPort, workerData } from 'node:worker_threads';
import { CareDockError } from '../../shared/errors/index.ts';
import { openContext } from '../bootstrap.ts';
import { createLogger } from '../log.ts';
import { importFile } from './importFile.ts';
import type { ImportThreadData, ImportThreadMessage } from './isolatedImport.ts';

const port = parentPort;
if (!port) throw new Error('importThread.ts runs only as a worker thread');
const data = workerData as ImportThreadData;
const post = (m: ImportThreadMessage) => port.postMessage(m);

const ctx = await openContext({
  dataDir: data.dataDir,
  database: data.database,
  log: createLogger({ level: 'warn' }),
  now: () => new Date(Date.now() + data.clockOffsetMs),
});
try {
  const outcome = await importFile(ctx, {
    ...data.request,
    onProgress: (records) => post({ type: 'progress', records }),
  });
  post({ type: 'done', outcome });
} catch (err) {
  post(
    err instanceof CareDockError
      ? { type: 'failed', code: err.code, params: err.params, message: err.message }
      : { type: 'failed', code: null, params: {}, message: err instanceof Error ? err.message : String(err) },
  );
} finally {
  await ctx.database.close();
}
