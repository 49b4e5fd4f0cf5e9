// The change sequence behind pull cursors. Writers never pick a sequence number: they leave
// `seq` NULL. The sequencer — one transaction at a time, serialised by an advisory lock across all
// server processes — numbers the rows whose writes have committed. Because numbering happens
// after commit and sequencer runs never overlap, seq order is commit order: a reader that has
// seen seq N can never later find a row with seq ≤ N appear, however late its writer committed.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { resultRows } from '../db/database.ts';

export const SEQUENCER_LOCK = 727_002;
const BATCH = 10_000;
const MAX_BATCHES = 1_000; // bounded: 10 million pending rows per call at most

const countRow = z.object({ n: z.coerce.number() });

/** Numbers every committed, unnumbered change. Returns how many it numbered. */
export async function sequencePendingChanges(db: Queryable): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      // SKIP LOCKED: a row an open transaction is rewriting stays unnumbered until that
      // transaction commits and a later run numbers it — the reader waits for nobody.
      const res = await tx.execute(sql`
        WITH picked AS (
          SELECT provider_id, entity, entity_id FROM sync_entities
          WHERE seq IS NULL
          ORDER BY changed_at
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED
        ), numbered AS (
          UPDATE sync_entities s SET seq = nextval('sync_change_seq')
          FROM picked p
          WHERE s.provider_id = p.provider_id AND s.entity = p.entity AND s.entity_id = p.entity_id
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM numbered`);
      const n = countRow.parse(resultRows(res)[0]).n;
      total += n;
      if (n < BATCH) break;
    }
    return total;
  });
}

const horizonRow = z.object({ purged: z.coerce.bigint(), last: z.coerce.bigint(), called: z.boolean() });

/** The purge horizon and the highest number ever handed out. */
export async function sequenceBounds(db: Queryable): Promise<{ purgedThrough: bigint; highest: bigint }> {
  const res = await db.execute(sql`
    SELECT h.purged_through_seq::text AS purged, s.last_value::text AS last, s.is_called AS called
    FROM sync_horizon h, sync_change_seq s`);
  const row = horizonRow.parse(resultRows(res)[0]);
  return { purgedThrough: row.purged, highest: row.called ? row.last : 0n };
}
