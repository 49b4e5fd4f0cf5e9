// The server's drizzle schema (what the code queries) and its SQL migrations (what creates the
// tables) are written separately; this keeps them in step: every table and column the schema
// names exists after the migrations, with the same type and nullability, and no column is left
// over that the schema does not know.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { listMigrations, migrate } from '../../src/server/db/migrate.ts';
import { schema } from '../../src/server/db/schema.ts';
import { inboxTables } from '../../src/server/inbox/tables.ts';
import { twebTables } from '../../src/server/tweb/tables.ts';
import { consoleTables } from '../../src/server/console/tables.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ engine: 'pglite', dataDir: null });
  await migrate(database);
});
afterAll(async () => {
  await database?.close();
});

/** A serial is a column of its integer type with a sequence behind it: that is what the catalogue shows. */
const serialAs: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

interface DbColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

async function columns(): Promise<DbColumn[]> {
  return database.rawTransaction(async (s) =>
    (
      await s.query(
        `SELECT table_name, column_name, format_type(a.atttypid, a.atttypmod) AS type, is_nullable
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                             AND a.attname = c.column_name
         JOIN pg_class k ON k.oid = a.attrelid
         WHERE c.table_schema = 'public' AND NOT k.relispartition`,
      )
    ).map((r) => ({
      table: String(r['table_name']),
      column: String(r['column_name']),
      type: String(r['type']),
      nullable: r['is_nullable'] === 'YES',
    })),
  );
}

describe('server schema and migrations', () => {
  it('agree on every table, column, type and nullability', async () => {
    const inDb = await columns();
    // Areas that own their tables declare them beside their code.
    for (const table of Object.values({ ...schema, ...inboxTables, ...twebTables, ...consoleTables })) {
      const config = getTableConfig(table);
      const dbColumns = inDb.filter((c) => c.table === config.name);
      expect(dbColumns.length, `table ${config.name}`).toBeGreaterThan(0);
      const declared = config.columns.map((c) => ({
        table: config.name,
        column: c.name,
        type: serialAs[c.getSQLType()] ?? c.getSQLType(),
        nullable: !c.notNull,
      }));
      const sort = (xs: DbColumn[]) => [...xs].sort((a, b) => a.column.localeCompare(b.column));
      expect(sort(dbColumns)).toEqual(sort(declared));
    }
  });

  it('keeps each municipality’s pushed items in a partition of its own, made when it is added', async () => {
    await database.rawTransaction(async (s) => {
      await s.query(
        `INSERT INTO municipalities (id, name) VALUES ('0999', 'Provkommun'), ('0998', 'Annan kommun')`,
      );
      await s.query(
        `INSERT INTO providers (id, municipality_id, name) VALUES ('p-0999', '0999', 'P'), ('p-0998', '0998', 'Q')`,
      );
      for (const [m, p] of [
        ['0999', 'p-0999'],
        ['0998', 'p-0998'],
      ])
        await s.query(
          `INSERT INTO pushed_items (id, type, municipality_id, provider_id, workstation_id, day, content_hash, payload)
           VALUES ('0190f0f0-0000-7000-8000-000000000001', 'registration', $1, $2, '0190f0f0-0000-7000-8000-0000000000aa', '2026-12-01', 'h', '{}')`,
          [m, p],
        );
      const where = await s.query(
        `SELECT municipality_id, tableoid::regclass::text AS part FROM pushed_items WHERE id = '0190f0f0-0000-7000-8000-000000000001' ORDER BY municipality_id`,
      );
      const names = await s.query(
        `SELECT pushed_items_partition_name('0998') AS a, pushed_items_partition_name('0999') AS b`,
      );
      // The same id in two municipalities: two rows, each in its municipality's partition.
      expect(where.map((r) => [r['municipality_id'], r['part']])).toEqual([
        ['0998', names[0]?.['a']],
        ['0999', names[0]?.['b']],
      ]);
      const fallback = await s.query(`SELECT count(*)::int AS n FROM pushed_items_default`);
      expect(fallback[0]?.['n']).toBe(0);
    });
  });

  it('moves the rows of a server from before the partitioning into their partitions', async () => {
    const old = mkdtempSync(path.join(tmpdir(), 'caredock-migrations-'));
    const db = await openDatabase({ engine: 'pglite', dataDir: null });
    try {
      for (const m of listMigrations().filter((f) => f.name < '0009'))
        writeFileSync(path.join(old, m.name), m.sql);
      await migrate(db, old);
      await db.rawTransaction(async (s) => {
        await s.query(`INSERT INTO municipalities (id, name) VALUES ('0139', 'Upplands-Bro kommun')`);
        await s.query(`INSERT INTO providers (id, municipality_id, name) VALUES ('p', '0139', 'P')`);
        await s.query(
          `INSERT INTO pushed_items (id, type, municipality_id, provider_id, workstation_id, day, content_hash, payload)
           SELECT ('0190f0f0-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, 'registration', '0139', 'p',
                  '0190f0f0-0000-7000-8000-0000000000aa', '2026-12-01', 'h' || i, '{}'
           FROM generate_series(1, 250) AS i`,
        );
      });
      expect(await migrate(db)).toEqual(['0009_partition_pushed_items.sql']);
      await db.rawTransaction(async (s) => {
        const parts = await s.query(
          `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM pushed_items GROUP BY 1`,
        );
        const name = await s.query(`SELECT pushed_items_partition_name('0139') AS n`);
        expect(parts).toEqual([{ part: name[0]?.['n'], n: 250 }]);
      });
    } finally {
      await db.close();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
