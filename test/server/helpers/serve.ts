// A central server for tests that trace it from outside (strace): `caredock server start`'s
// path with the engine chosen by flag — DATABASE_URL, or embedded PGlite in DATA/pgdata, durable
// unless --no-fsync (the old engine, for the control case). Prints "ready <port> <pid>".
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseSpec } from '../../../src/server/db/database.ts';
import { createLogger } from '../../../src/server/log.ts';
import { startServer } from '../../../src/server/server.ts';

const { values } = parseArgs({
  options: { data: { type: 'string' }, 'no-fsync': { type: 'boolean', default: false } },
});
const dataDir = path.resolve(values.data ?? '.');
const url = process.env['DATABASE_URL'];
const database: DatabaseSpec = url
  ? { engine: 'postgres', url }
  : { engine: 'pglite', dataDir: path.join(dataDir, 'pgdata'), durable: !values['no-fsync'] };
const server = await startServer({
  dataDir,
  database,
  host: '127.0.0.1',
  port: 0,
  log: createLogger({ level: 'silent' }),
});
const stopped = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
process.stdout.write(`ready ${server.port} ${process.pid}\n`);
await stopped;
await server.close();
process.exit(0);
