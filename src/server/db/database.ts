// One way into the server's database, whichever engine runs underneath: embedded PGlite (the
// default, a directory under --data) or PostgreSQL (DATABASE_URL).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { schema } from './schema.ts';

export type ServerDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The database or an open transaction: every store function accepts either. */
export type Queryable = ServerDb;

/** Raw access for scripts (migrations) that drizzle's prepared statements cannot run. */
export interface RawSession {
  /** Several statements, no parameters. */
  exec(script: string): Promise<void>;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface Database {
  readonly engine: 'pglite' | 'postgres';
  readonly db: ServerDb;
  /**
   * PGlite runs one transaction at a time; PostgreSQL runs many at once. Tests of commit-order
   * visibility need the second to mean anything.
   */
  readonly concurrentTransactions: boolean;
  /** The engine's own client, for pg-boss (src/server/jobs), which runs its own statements. */
  readonly native: { engine: 'pglite'; client: PGlite } | { engine: 'postgres'; pool: pg.Pool };
  /** Run fn in one raw transaction (BEGIN … COMMIT, ROLLBACK on throw). */
  rawTransaction<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseSpec =
  | { engine: 'pglite'; dataDir: string | null } // null: in memory (tests)
  | { engine: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(spec: DatabaseSpec): Promise<Database> {
  return spec.engine === 'pglite' ? openPglite(spec.dataDir) : openPostgres(spec.url, spec.poolSize ?? 10);
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = dataDir === null ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as ServerDb;
  return {
    engine: 'pglite',
    db,
    concurrentTransactions: false,
    native: { engine: 'pglite', client },
    rawTransaction: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows,
        }),
      ),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg({ client: pool, schema }) as unknown as ServerDb;
  return {
    engine: 'postgres',
    db,
    concurrentTransactions: true,
    native: { engine: 'postgres', pool },
    rawTransaction: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn({
          exec: async (script) => {
            await c.query(script);
          },
          query: async (text, params) => (await c.query<Record<string, unknown>>(text, params)).rows,
        });
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Rows of a drizzle `execute` result on either engine (both answer `{ rows }`). */
export function resultRows(result: unknown): unknown[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error('unexpected query result shape');
}
