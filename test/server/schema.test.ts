// The server's drizzle schema (what the code queries) and its SQL migrations (what creates the
// tables) are written separately; this keeps them in step: every table and column the schema
// names exists after the migrations, with the same type and nullability, and no column is left
// over that the schema does not know.
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
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
         WHERE c.table_schema = 'public'`,
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
});
