// The floor under any push on PostgreSQL: the same rows written with no server at all, in two
// ways, into tables shaped like pushed_items (same columns, keys and indexes):
// - a batched INSERT … ON CONFLICT DO NOTHING, 500 rows per transaction (what a push batch is);
// - COPY, the fastest way PostgreSQL takes rows.
// Row values (hash, day, JSON) are made before the clock starts: only the database's part counts.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COLUMNS = 'id, type, municipality_id, provider_id, workstation_id, day, content_hash, payload';
const WORKSTATION = '00000000-0000-7000-8000-000000000000';

type Row = [string, string, string, string, string, string, string, string];

function values(rows: readonly Record<string, unknown>[]): Row[] {
  return rows.map((r) => {
    const payload = JSON.stringify(r);
    return [
      String(r['id']),
      'registration',
      'bench',
      'bench-p',
      WORKSTATION,
      String(r['penTime']).slice(0, 10),
      createHash('sha256').update(payload).digest('hex'),
      payload,
    ];
  });
}

const csv = (row: Row): string => `${row.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')}\n`;

/** Rows per second of both baselines, on a database the server has migrated (pushed_items exists). */
export async function rawInsertRates(
  url: string,
  rows: readonly Record<string, unknown>[],
): Promise<{ insert: number; copy: number }> {
  const data = values(rows);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const t of ['raw_insert_items', 'raw_copy_items'])
      await c.query(`DROP TABLE IF EXISTS ${t}; CREATE TABLE ${t} (LIKE pushed_items INCLUDING ALL)`);
    const t0 = performance.now();
    for (let i = 0; i < data.length; i += 500) {
      const chunk = data.slice(i, i + 500);
      const params = chunk.flat();
      const tuples = chunk.map(
        (_, k) =>
          `(${Array.from({ length: 8 }, (_, j) => `$${k * 8 + j + 1}${j === 4 ? '::uuid' : j === 5 ? '::date' : j === 7 ? '::jsonb' : ''}`).join(', ')})`,
      );
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO raw_insert_items (${COLUMNS}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
        params,
      );
      await c.query('COMMIT');
    }
    const insert = data.length / ((performance.now() - t0) / 1000);
    const t1 = performance.now();
    await pipeline(
      Readable.from(data.map(csv)),
      c.query(copyFrom(`COPY raw_copy_items (${COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
    );
    const copy = data.length / ((performance.now() - t1) / 1000);
    for (const t of ['raw_insert_items', 'raw_copy_items']) {
      const n = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
      if (Number(n.rows[0]?.n) !== data.length) throw new Error(`bench: ${t} holds ${n.rows[0]?.n} rows`);
    }
    return { insert, copy };
  } finally {
    await c.end();
  }
}
