// POST /v1/push: store a batch of items, answering each on its own. Idempotent on the item id:
// a re-sent item is a `duplicate`; another item under a known id is a non-retryable `conflict`.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { PushItem, PushItemType } from '../../shared/sync/pushItems.ts';
import { pushItemSchema, reconciliationDay } from '../../shared/sync/pushItems.ts';
import type { PushItemResult } from '../../shared/sync/push.ts';
import type { Queryable } from '../db/database.ts';
import { resultRows } from '../db/database.ts';
import { pushedItems } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { contentHash } from './canonical.ts';
import { planChanged } from '../inbox/rules.ts';
import { deviationReported, monthAttested } from '../tweb/rules.ts';
import { putPlanEdit } from './entities.ts';
import { recordAudit } from '../audit.ts';

interface Candidate {
  index: number;
  item: PushItem;
  hash: string;
  day: string;
}

const INSERT_CHUNK = 500;
const insertedRow = z.object({ id: z.string() });

export async function pushItems(
  db: Queryable,
  who: Principal,
  rawItems: readonly unknown[],
  now: Date = new Date(),
): Promise<PushItemResult[]> {
  const results: (PushItemResult | undefined)[] = new Array(rawItems.length);
  const firstById = new Map<string, Candidate>();
  const repeats: Candidate[] = [];
  rawItems.forEach((raw, index) => {
    const parsed = pushItemSchema.safeParse(raw);
    if (!parsed.success) {
      const id =
        typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
      results[index] = {
        index,
        id,
        status: 'rejected',
        code: 'sync.invalidItem',
        retryable: false,
        message: z.prettifyError(parsed.error).slice(0, 500),
      };
      return;
    }
    const c: Candidate = {
      index,
      item: parsed.data,
      hash: contentHash(parsed.data),
      day: reconciliationDay(parsed.data),
    };
    if (firstById.has(c.item.id)) repeats.push(c);
    else firstById.set(c.item.id, c);
  });

  const candidates = [...firstById.values()];
  const corrections = candidates.filter((c) => c.item.type === 'correction');

  await db.transaction(async (tx) => {
    const inserted = new Set<string>();
    const insert = async (list: readonly Candidate[]): Promise<void> => {
      for (let i = 0; i < list.length; i += INSERT_CHUNK) {
        const chunk = list.slice(i, i + INSERT_CHUNK);
        // One JSON parameter per chunk instead of eight parameters per row: on PGlite the
        // per-parameter cost dominated ingest (3× slower with a multi-row VALUES list).
        const batch = chunk.map((c) => ({
          id: c.item.id,
          type: c.item.type satisfies PushItemType,
          day: c.day,
          content_hash: c.hash,
          payload: c.item,
        }));
        const res = await tx.execute(sql`
          INSERT INTO pushed_items (id, type, municipality_id, provider_id, workstation_id, day, content_hash, payload)
          SELECT x.id, x.type, ${who.municipalityId}, ${who.providerId}, ${who.workstationId}::uuid, x.day, x.content_hash, x.payload
          FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS x(id uuid, type text, day date, content_hash text, payload jsonb)
          ON CONFLICT (municipality_id, id) DO NOTHING
          RETURNING id::text AS id`);
        const rows = resultRows(res).map((r) => insertedRow.parse(r));
        for (const r of rows) inserted.add(r.id);
      }
    };
    await insert(candidates.filter((c) => c.item.type !== 'correction'));
    // A correction must point at a registration this provider holds. Looked up after the rest of
    // the batch is in, inside the transaction, so a registration in the same batch counts only if
    // it is now this provider's: an id another provider holds is not one this batch can correct.
    const referenced = [
      ...new Set(corrections.flatMap((c) => (c.item.type === 'correction' ? [c.item.correctsId] : []))),
    ];
    const known = new Set<string>();
    for (let i = 0; i < referenced.length; i += INSERT_CHUNK) {
      const found = await tx
        .select({ id: pushedItems.id })
        .from(pushedItems)
        .where(
          and(
            inArray(pushedItems.id, referenced.slice(i, i + INSERT_CHUNK)),
            eq(pushedItems.municipalityId, who.municipalityId),
            eq(pushedItems.providerId, who.providerId),
            eq(pushedItems.type, 'registration'),
          ),
        );
      for (const r of found) known.add(r.id);
    }
    const referable = corrections.filter((c) => {
      if (c.item.type === 'correction' && !known.has(c.item.correctsId)) {
        results[c.index] = {
          index: c.index,
          id: c.item.id,
          status: 'rejected',
          code: 'sync.unknownReference',
          retryable: true,
          message: 'the corrected registration has not reached the server yet',
        };
        return false;
      }
      return true;
    });
    await insert(referable);
    const toInsert = [...candidates.filter((c) => c.item.type !== 'correction'), ...referable];
    const existingIds = toInsert.filter((c) => !inserted.has(c.item.id)).map((c) => c.item.id);
    const existing = new Map<string, { hash: string; providerId: string }>();
    for (let i = 0; i < existingIds.length; i += INSERT_CHUNK) {
      const rows = await tx
        .select({ id: pushedItems.id, hash: pushedItems.contentHash, providerId: pushedItems.providerId })
        .from(pushedItems)
        .where(
          and(
            eq(pushedItems.municipalityId, who.municipalityId),
            inArray(pushedItems.id, existingIds.slice(i, i + INSERT_CHUNK)),
          ),
        );
      for (const r of rows) existing.set(r.id, { hash: r.hash, providerId: r.providerId });
    }
    const acceptedByType: Partial<Record<PushItemType, number>> = {};
    for (const c of toInsert) {
      if (inserted.has(c.item.id)) {
        results[c.index] = { index: c.index, id: c.item.id, status: 'accepted' };
        acceptedByType[c.item.type] = (acceptedByType[c.item.type] ?? 0) + 1;
        if (c.item.type === 'visitPlan') {
          const plan = planOf(c.item);
          const { stored, before } = await putPlanEdit(tx, who.providerId, plan);
          // The recipient is told of a visit moved or cancelled at short notice (1177 inbox).
          if (stored) await planChanged(tx, who, before, plan, now);
        }
        // The municipality files deviation reports and attested months as cases (TWeb).
        if (c.item.type === 'deviationReport') await deviationReported(tx, who, c.item);
        if (c.item.type === 'attestation') await monthAttested(tx, who, c.item);
        continue;
      }
      const prior = existing.get(c.item.id);
      results[c.index] =
        prior && prior.hash === c.hash && prior.providerId === who.providerId
          ? { index: c.index, id: c.item.id, status: 'duplicate' }
          : conflict(c);
    }
    // The evidence that these items arrived, committed with them.
    if (inserted.size > 0)
      await recordAudit(tx, {
        action: 'push.accepted',
        actor: `workstation:${who.workstationId}`,
        municipalityId: who.municipalityId,
        providerId: who.providerId,
        workstationId: who.workstationId,
        details: {
          accepted: inserted.size,
          types: acceptedByType,
          sourceAddress: who.sourceAddress,
        },
      });
  });

  for (const r of repeats) {
    const first = firstById.get(r.item.id);
    const firstResult = first ? results[first.index] : undefined;
    if (first && first.hash === r.hash && firstResult?.status !== 'rejected') {
      results[r.index] = { index: r.index, id: r.item.id, status: 'duplicate' };
    } else if (first && first.hash === r.hash && firstResult) {
      results[r.index] = { ...firstResult, index: r.index };
    } else {
      results[r.index] = conflict(r);
    }
  }
  return results.map(
    (r, index) => r ?? { index, id: null, status: 'rejected', code: 'sync.serverError', retryable: true },
  );
}

function conflict(c: Candidate): PushItemResult {
  return {
    index: c.index,
    id: c.item.id,
    status: 'rejected',
    code: 'sync.conflict',
    retryable: false,
    message: 'another item with this id, different content, is already on the server',
  };
}

function planOf(p: Extract<PushItem, { type: 'visitPlan' }>) {
  return {
    id: p.planId,
    recipientId: p.recipientId,
    orderId: p.orderId,
    staffIds: p.staffIds,
    plannedStart: p.plannedStart,
    plannedEnd: p.plannedEnd,
    tasks: p.tasks,
    ...(p.services === undefined ? {} : { services: p.services }),
    ...(p.seriesId === undefined ? {} : { seriesId: p.seriesId }),
    status: p.status,
    editedAt: p.editedAt,
    editedBy: p.editedBy,
  };
}
