// GET /v1/changes: the provider's rows changed since a cursor, in commit order.
import { and, asc, eq, gt } from 'drizzle-orm';
import { DEFAULT_PULL_LIMIT } from '../../shared/sync/headers.ts';
import type { PullPage, SyncChange } from '../../shared/sync/pull.ts';
import { syncEntityTypeSchema } from '../../shared/sync/entities.ts';
import type { Queryable } from '../db/database.ts';
import { syncEntities } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import { sequenceBounds, sequencePendingChanges } from './sequencer.ts';
import { readHomeAccess } from '../secrets/homeAccess.ts';
import type { SecretSealer } from '../secrets/seal.ts';

export async function pullChanges(
  db: Queryable,
  providerId: string,
  cursorText: string,
  limit: number = DEFAULT_PULL_LIMIT,
  now: Date = new Date(),
  /** Opens the door codes of the page's recipients; without it a pull carries none. */
  sealer?: SecretSealer,
  onUnopened?: (count: number) => void,
): Promise<PullPage> {
  const cursor = BigInt(cursorText);
  // Number what committed before this request, so a client sees its own writes at once.
  await sequencePendingChanges(db);
  const { purgedThrough, highest } = await sequenceBounds(db);
  if (cursor > 0n && cursor < purgedThrough) {
    throw new SyncError(
      'sync.cursorExpired',
      'the cursor is older than the server keeps deletions; resync from the beginning',
    );
  }
  if (cursor > highest) {
    // A cursor from the future: the server was restored from a backup. Only a full resync is safe.
    throw new SyncError(
      'sync.cursorExpired',
      'the cursor is ahead of the server (restored from a backup?); resync from the beginning',
    );
  }
  const rows = await db
    .select({
      entity: syncEntities.entity,
      entityId: syncEntities.entityId,
      data: syncEntities.data,
      deleted: syncEntities.deleted,
      seq: syncEntities.seq,
    })
    .from(syncEntities)
    .where(and(eq(syncEntities.providerId, providerId), gt(syncEntities.seq, cursor)))
    .orderBy(asc(syncEntities.seq))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  const changes: SyncChange[] = page.map((r) => {
    const entity = syncEntityTypeSchema.parse(r.entity);
    // Data was validated against the shared schema when it was written.
    return r.deleted
      ? { entity, op: 'delete', id: r.entityId }
      : ({ entity, op: 'upsert', id: r.entityId, data: r.data } as SyncChange);
  });
  if (sealer) {
    const ids = changes.flatMap((c) => (c.entity === 'recipient' && c.op === 'upsert' ? [c.id] : []));
    const { found, unopened } = await readHomeAccess(db, sealer, providerId, ids);
    if (unopened > 0) onUnopened?.(unopened);
    for (const c of changes)
      if (c.entity === 'recipient' && c.op === 'upsert')
        c.data = { ...c.data, homeAccess: found.get(c.id) ?? null };
  }
  return {
    changes,
    nextCursor: (last?.seq ?? cursor).toString(),
    hasMore,
    serverTime: now.toISOString(),
  };
}
