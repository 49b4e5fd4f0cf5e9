// What every server function needs, built once at start (or by a test).
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { DataPaths } from './paths.ts';

export interface ServerContext {
  database: Database;
  paths: DataPaths;
  config: ServerConfig;
  log: Logger;
  /** Injected so tests can move time (certificate expiry, tombstone retention). */
  now: () => Date;
}
