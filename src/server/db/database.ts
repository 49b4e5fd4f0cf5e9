// One way into the server's database, whichever engine runs underneath: embedded PGlite (the
// default, a directory under --data, made durable in durablePglite.ts) or PostgreSQL
// (DATABASE_URL).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { z } from 'zod';
import { schema } from './schema.ts';
import { openPgliteDirectory } from './durablePglite.ts';

export type ServerDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The database or an open transaction: every store function accepts either. */
export type Queryable = ServerDb;

/** Raw access for scripts (migrations) that drizzle's prepared statements cannot run. */
export interface RawSession {
  /** Several statements, no parameters. */
  exec(script: string): Promise<void>;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** What the engine promises about a commit it has acknowledged. */
export interface Durability {
  durable: boolean;
  /** The engine in words: which one, which PostgreSQL, where its data is. */
  engine: string;
  /** How a commit reaches the disk (durable), or why it may not (each problem one sentence). */
  detail: string;
  problems: string[];
}

export interface Database {
  readonly engine: 'pglite' | 'postgres';
  readonly db: ServerDb;
  /**
   * PGlite runs one transaction at a time; PostgreSQL runs many at once. Tests of commit-order
   * visibility need the second to mean anything.
   */
  readonly concurrentTransactions: boolean;
  /**
   * How another thread or process opens this same database (PostgreSQL), or null when it cannot:
   * embedded PGlite belongs to the thread that opened it.
   */
  readonly shareable: DatabaseSpec | null;
  /** The engine's own client, for pg-boss (src/server/jobs), which runs its own statements. */
  readonly native: { engine: 'pglite'; client: PGlite } | { engine: 'postgres'; pool: pg.Pool };
  /** Run fn in one raw transaction (BEGIN … COMMIT, ROLLBACK on throw). */
  rawTransaction<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  /**
   * Checks, now, whether an acknowledged commit survives a power cut: PostgreSQL's settings, or
   * for embedded PGlite a probe commit that must flush its WAL to disk.
   */
  durability(): Promise<Durability>;
  close(): Promise<void>;
}

export type DatabaseSpec =
  // dataDir null: in memory (tests). durable false: no fsync, the old engine (benchmark baseline).
  | { engine: 'pglite'; dataDir: string | null; durable?: boolean }
  | { engine: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(spec: DatabaseSpec): Promise<Database> {
  return spec.engine === 'pglite'
    ? openPglite(spec.dataDir, spec.durable ?? true)
    : openPostgres(spec.url, spec.poolSize ?? 10);
}

const showRow = z.record(z.string(), z.string());

async function openPglite(dataDir: string | null, durable: boolean): Promise<Database> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { client, flushes } =
    dataDir === null ? { client: new PGlite(), flushes: null } : await openPgliteDirectory(dataDir, durable);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as ServerDb;
  const show = async (name: string): Promise<string> =>
    Object.values(showRow.parse((await client.query(`SHOW ${name}`)).rows[0]))[0] ?? '?';
  return {
    engine: 'pglite',
    db,
    concurrentTransactions: false,
    shareable: null,
    native: { engine: 'pglite', client },
    durability: async () => {
      const engine = `embedded PGlite (PostgreSQL ${await show('server_version')}) ${
        dataDir === null ? 'in memory' : `in ${dataDir}`
      }`;
      if (dataDir === null)
        return { durable: false, engine, detail: 'in memory', problems: ['it keeps nothing on disk'] };
      if (flushes === null)
        return {
          durable: false,
          engine,
          detail: 'fsync off',
          problems: ['it acknowledges commits before their WAL is on disk (fsync off)'],
        };
      // A transaction that writes WAL (here a transactional logical message, which touches no
      // table) must flush it at commit.
      const before = flushes.wal;
      await client.transaction(async (tx) => {
        await tx.query(`SELECT pg_logical_emit_message(true, 'caredock', 'durability probe')`);
      });
      const flushed = flushes.installed && flushes.wal > before && (await show('fsync')) === 'on';
      return flushed
        ? {
            durable: true,
            engine,
            detail: "each commit's WAL is flushed to disk (fsync) before the commit is acknowledged",
            problems: [],
          }
        : {
            durable: false,
            engine,
            detail: 'WAL not flushed',
            problems: ['a probe commit did not flush its WAL to disk (this PGlite ignores fsync)'],
          };
    },
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
    shareable: { engine: 'postgres', url },
    native: { engine: 'postgres', pool },
    durability: async () => {
      const settings = new Map(
        (
          await pool.query<{ name: string; setting: string }>(
            `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'server_version')`,
          )
        ).rows.map((r) => [r.name, r.setting]),
      );
      const where = (() => {
        try {
          const u = new URL(url);
          return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
        } catch {
          return 'DATABASE_URL';
        }
      })();
      const problems: string[] = [];
      if (settings.get('fsync') !== 'on')
        problems.push('fsync is off: the cluster never forces its writes to disk');
      if (settings.get('synchronous_commit') === 'off')
        problems.push('synchronous_commit is off: a commit is acknowledged before its WAL is flushed');
      if (settings.get('full_page_writes') !== 'on')
        problems.push(
          'full_page_writes is off: a power cut can leave torn pages that recovery cannot repair',
        );
      return {
        durable: problems.length === 0,
        engine: `PostgreSQL ${(settings.get('server_version') ?? '?').split(' ')[0]} at ${where}`,
        detail:
          problems.length === 0
            ? `fsync on, synchronous_commit ${settings.get('synchronous_commit') ?? '?'}, full_page_writes on`
            : problems.join('; '),
        problems,
      };
    },
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
