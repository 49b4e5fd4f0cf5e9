// Reconciliation: compare per-day counts and id hashes of what this PC believes it sent with what
// the server holds, and put back in the outbox whatever the server lacks (e.g. after the server
// was restored from a backup). Both sides hash with the shared idHashInput.
import { createHash } from 'node:crypto';
import {
  MAX_RECONCILIATION_DAYS,
  idHashInput,
  reconciliationIdsResponseSchema,
  reconciliationResponseSchema,
  type PushItemType,
} from '../../shared/sync/index.ts';
import type { OutboxData } from './data.ts';

export interface ReconcileResult {
  daysChecked: number;
  daysDiffering: number;
  reEnqueued: number;
}

/** GET a /v1 path and return its JSON; throws a SyncFailure on anything but 2xx. */
export type GetJson = (pathAndQuery: string) => Promise<unknown>;

const DAY_MS = 86_400_000;
/** At most this many windows of MAX_RECONCILIATION_DAYS per run (about ten years). */
const MAX_WINDOWS = 40;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function reconcile(outbox: OutboxData, get: GetJson, now: Date): Promise<ReconcileResult> {
  const result: ReconcileResult = { daysChecked: 0, daysDiffering: 0, reEnqueued: 0 };
  const bounds = outbox.sentDays();
  if (bounds.lo === null || bounds.hi === null) return result;
  const today = dayOf(now.getTime());
  const hiMs = Date.parse(`${bounds.hi > today ? bounds.hi : today}T00:00:00Z`);
  const loMs = Date.parse(`${bounds.lo}T00:00:00Z`);

  // Newest window first: recent days matter most if a run is cut short.
  for (let w = 0, toMs = hiMs; w < MAX_WINDOWS && toMs >= loMs; w++) {
    const fromMs = Math.max(loMs, toMs - (MAX_RECONCILIATION_DAYS - 1) * DAY_MS);
    const from = dayOf(fromMs);
    const to = dayOf(toMs);
    toMs = fromMs - DAY_MS;
    const server = reconciliationResponseSchema.parse(
      await get(`/v1/reconciliation?from=${from}&to=${to}&scope=workstation`),
    );
    const serverDays = new Map(server.days.map((d) => [`${d.day}|${d.type}`, d]));
    const local = new Map<string, { day: string; type: PushItemType; ids: string[] }>();
    for (const r of outbox.sentBetween(from, to)) {
      const key = `${r.day}|${r.kind}`;
      let entry = local.get(key);
      if (!entry) local.set(key, (entry = { day: r.day, type: r.kind, ids: [] }));
      entry.ids.push(r.id);
    }
    for (const [key, mine] of local) {
      result.daysChecked++;
      const theirs = serverDays.get(key);
      const hash = createHash('sha256').update(idHashInput(mine.ids)).digest('hex');
      if (theirs && theirs.count === mine.ids.length && theirs.idHash === hash) continue;
      result.daysDiffering++;
      // Provider scope: an item this PC sent under an earlier enrolment still counts as there.
      const ids = reconciliationIdsResponseSchema.parse(
        await get(`/v1/reconciliation/ids?day=${mine.day}&type=${mine.type}&scope=provider`),
      );
      const held = new Set(ids.ids.map((id) => id.toLowerCase()));
      const missing = mine.ids.filter((id) => !held.has(id.toLowerCase()));
      if (missing.length > 0) result.reEnqueued += outbox.reEnqueue(mine.type, missing);
    }
  }
  return result;
}
