// Writing what flows down: the municipality's orders, recipients, tags and staff (admin API) and
// visit plans (pushed by one workstation, handed down to the provider's others).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { SyncEntityType } from '../../shared/sync/entities.ts';
import { ENTITY_SCHEMAS, syncEntityTypeSchema } from '../../shared/sync/entities.ts';
import type { Queryable } from '../db/database.ts';
import { resultRows } from '../db/database.ts';
import { syncEntities } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { SEQUENCER_LOCK } from './sequencer.ts';
import { recordAudit } from '../audit.ts';

/** Validates and stores the row's new state, unnumbered (the sequencer numbers it after commit). */
export async function putEntity(
  db: Queryable,
  providerId: string,
  entity: SyncEntityType,
  data: unknown,
): Promise<string> {
  const parsed = ENTITY_SCHEMAS[syncEntityTypeSchema.parse(entity)].safeParse(data);
  if (!parsed.success) throw new AdminError('admin.invalid', z.prettifyError(parsed.error));
  const row = parsed.data;
  await db
    .insert(syncEntities)
    .values({
      providerId,
      entity,
      entityId: row.id,
      data: row,
      deleted: false,
      seq: null,
      changedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: [syncEntities.providerId, syncEntities.entity, syncEntities.entityId],
      set: { data: row, deleted: false, seq: null, changedAt: sql`now()` },
    });
  return row.id;
}

/** Turns the row into a tombstone. Returns false when there was no such row. */
export async function deleteEntity(
  db: Queryable,
  providerId: string,
  entity: SyncEntityType,
  entityId: string,
): Promise<boolean> {
  const done = await db
    .update(syncEntities)
    .set({ data: null, deleted: true, seq: null, changedAt: sql`now()` })
    .where(
      and(
        eq(syncEntities.providerId, providerId),
        eq(syncEntities.entity, entity),
        eq(syncEntities.entityId, entityId),
        eq(syncEntities.deleted, false),
      ),
    )
    .returning({ id: syncEntities.entityId });
  return done.length > 0;
}

/**
 * Stores a pushed plan edit unless a later edit (by editedAt) is already stored: edits from two
 * workstations can arrive in any order, the latest edit wins everywhere. Answers whether it was
 * stored, and the plan as it stood before (for what the change means to the recipient).
 */
export async function putPlanEdit(
  db: Queryable,
  providerId: string,
  plan: z.output<typeof ENTITY_SCHEMAS.plan>,
): Promise<{ stored: boolean; before: z.output<typeof ENTITY_SCHEMAS.plan> | null }> {
  const editedAt = new Date(plan.editedAt);
  const prior = await db
    .select({ data: syncEntities.data, deleted: syncEntities.deleted })
    .from(syncEntities)
    .where(
      and(
        eq(syncEntities.providerId, providerId),
        eq(syncEntities.entity, 'plan'),
        eq(syncEntities.entityId, plan.id),
      ),
    )
    .for('update');
  const parsed = prior[0] && !prior[0].deleted ? ENTITY_SCHEMAS.plan.safeParse(prior[0].data) : null;
  const stored = await db
    .insert(syncEntities)
    .values({
      providerId,
      entity: 'plan',
      entityId: plan.id,
      data: plan,
      deleted: false,
      seq: null,
      versionAt: editedAt,
    })
    .onConflictDoUpdate({
      target: [syncEntities.providerId, syncEntities.entity, syncEntities.entityId],
      set: { data: plan, deleted: false, seq: null, versionAt: editedAt, changedAt: sql`now()` },
      setWhere: sql`${syncEntities.versionAt} IS NULL OR ${syncEntities.versionAt} < ${editedAt.toISOString()}::timestamptz`,
    })
    .returning({ id: syncEntities.entityId });
  return { stored: stored.length > 0, before: parsed?.success ? parsed.data : null };
}

const purgedRow = z.object({ purged: z.coerce.number(), through: z.coerce.bigint().nullable() });

/**
 * Forgets tombstones older than `before` and moves the horizon past them: a client whose cursor
 * is below the horizon may have missed a deletion, so it gets 410 and resyncs from scratch.
 */
export async function purgeTombstones(
  db: Queryable,
  before: Date,
  actor: 'admin' | 'server' = 'server',
): Promise<{ purged: number; horizon: bigint }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
    const res = await tx.execute(sql`
      WITH gone AS (
        DELETE FROM sync_entities
        WHERE deleted AND seq IS NOT NULL AND changed_at < ${before.toISOString()}::timestamptz
        RETURNING seq
      )
      SELECT count(*)::int AS purged, max(seq)::text AS through FROM gone`);
    const row = purgedRow.parse(resultRows(res)[0]);
    if (row.through !== null) {
      await tx.execute(
        sql`UPDATE sync_horizon SET purged_through_seq = GREATEST(purged_through_seq, ${row.through.toString()}::bigint)`,
      );
    }
    const h = await tx.execute(sql`SELECT purged_through_seq::text AS h FROM sync_horizon`);
    const horizon = z.object({ h: z.coerce.bigint() }).parse(resultRows(h)[0]).h;
    if (row.purged > 0)
      await recordAudit(tx, {
        action: 'tombstones.purged',
        actor,
        details: { purged: row.purged, before: before.toISOString(), horizon: horizon.toString() },
      });
    return { purged: row.purged, horizon };
  });
}
