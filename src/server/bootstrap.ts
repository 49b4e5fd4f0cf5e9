// Building a ServerContext from a data dir: config, database (migrated), logger.
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import { readServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import type { Database, DatabaseSpec } from './db/database.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createLogger } from './log.ts';
import type { DataPaths } from './paths.ts';
import { dataPaths } from './paths.ts';

export interface OpenContextOptions {
  dataDir: string;
  /** Default: PostgreSQL when DATABASE_URL is set, else PGlite under DATA/pgdata. */
  database?: DatabaseSpec | Database;
  log?: Logger;
  now?: () => Date;
  config?: Partial<ServerConfig>;
}

export function defaultDatabaseSpec(paths: DataPaths): DatabaseSpec {
  const url = process.env['DATABASE_URL'];
  return url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir: paths.pgliteDir };
}

/** An already open database (handed in, so not ours to close) rather than a spec to open. */
export function isDatabase(d: DatabaseSpec | Database): d is Database {
  return 'db' in d;
}

export async function openContext(opts: OpenContextOptions): Promise<ServerContext> {
  const paths = dataPaths(opts.dataDir);
  const config = { ...readServerConfig(paths), ...opts.config };
  const spec = opts.database ?? defaultDatabaseSpec(paths);
  const database = isDatabase(spec) ? spec : await openDatabase(spec);
  try {
    await migrate(database);
  } catch (err) {
    if (!isDatabase(spec)) await database.close();
    throw err;
  }
  return { database, paths, config, log: opts.log ?? createLogger(), now: opts.now ?? (() => new Date()) };
}

export function readAdminToken(paths: DataPaths): string {
  if (!existsSync(paths.adminToken))
    throw new Error(`no admin token in ${paths.root}; run "caredock server init" first`);
  return readFileSync(paths.adminToken, 'utf8').trim();
}
