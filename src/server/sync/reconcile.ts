// GET /v1/reconciliation: per day and type, the count and id hash of what the server holds.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { pushItemTypeSchema } from '../../shared/sync/pushItems.ts';
import type { ReconciliationIdsResponse, ReconciliationResponse } from '../../shared/sync/reconciliation.ts';
import { MAX_RECONCILIATION_DAYS } from '../../shared/sync/headers.ts';
import type { PushItemType } from '../../shared/sync/pushItems.ts';
import type { Queryable } from '../db/database.ts';
import { resultRows } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import { SyncError } from '../errors.ts';

type Scope = 'workstation' | 'provider';

const dayRow = z.object({
  day: z.string(),
  type: pushItemTypeSchema,
  count: z.coerce.number().int(),
  id_hash: z.string(),
});
const idRow = z.object({ id: z.string() });

function scopeFilter(who: Principal, scope: Scope) {
  // The municipality first: it names the one partition to read.
  return scope === 'workstation'
    ? sql`municipality_id = ${who.municipalityId} AND workstation_id = ${who.workstationId}::uuid`
    : sql`municipality_id = ${who.municipalityId} AND provider_id = ${who.providerId}`;
}

export async function reconciliation(
  db: Queryable,
  who: Principal,
  q: { from: string; to: string; scope: Scope },
): Promise<ReconciliationResponse> {
  const span = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
  if (span > MAX_RECONCILIATION_DAYS) {
    throw new SyncError('sync.invalidRequest', `ask for at most ${MAX_RECONCILIATION_DAYS} days at a time`);
  }
  // ORDER BY the uuid itself: uuid order is byte order, which is the code-unit order of the
  // lowercase text the client sorts (a text ORDER BY would follow the database's collation).
  const res = await db.execute(sql`
    SELECT day::text AS day, type, count(*)::int AS count,
      encode(sha256(convert_to(string_agg(id::text, E'\n' ORDER BY id), 'UTF8')), 'hex') AS id_hash
    FROM pushed_items
    WHERE ${scopeFilter(who, q.scope)} AND day BETWEEN ${q.from}::date AND ${q.to}::date
    GROUP BY day, type
    ORDER BY day, type`);
  const days = resultRows(res).map((r) => {
    const row = dayRow.parse(r);
    return { day: row.day, type: row.type, count: row.count, idHash: row.id_hash };
  });
  return { from: q.from, to: q.to, scope: q.scope, days };
}

export async function reconciliationIds(
  db: Queryable,
  who: Principal,
  q: { day: string; type: PushItemType; scope: Scope },
): Promise<ReconciliationIdsResponse> {
  const res = await db.execute(sql`
    SELECT id::text AS id FROM pushed_items
    WHERE ${scopeFilter(who, q.scope)} AND day = ${q.day}::date AND type = ${q.type}
    ORDER BY id`);
  const ids = resultRows(res).map((r) => idRow.parse(r).id);
  return { day: q.day, type: q.type, ids };
}
