// Where the notice rules hook into other areas without those areas knowing them: orders as they
// come down from the server (inside the sync page's transaction), and the missed visits a docking
// reveals (after the docking's commit: pairing is a read, and docking must not wait for it).
import { createHash } from 'node:crypto';
import type { Order, Plan } from '../../shared/sync/entities.ts';
import type { PlanData } from '../plans/data.ts';
import { localDate } from '../../shared/domain/time.ts';
import type { PairingResult } from '../registrations/pairing.ts';
import type { ServerRows } from '../sync/apply.ts';
import { previousDay } from './rules.ts';
import type { NoticeService } from './service.ts';

export function withOrderNotices(rows: ServerRows<Order>, notices: NoticeService): ServerRows<Order> {
  return {
    upsertFromServer(o, now) {
      const written = rows.upsertFromServer(o, now);
      // The same order handed down again (a full resync) has the same version: no second email.
      if (written)
        notices.orderChanged(o.id, createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 16));
      return written;
    },
    removeFromServer: (id, now) => rows.removeFromServer(id, now),
    sweepUnseen: (now) => rows.sweepUnseen(now),
    forgetServerRows: () => rows.forgetServerRows(),
  };
}

/**
 * Plans as they come down (another workstation or the municipality changed them): a late change
 * is told as if it had been made here, in the sync page's transaction. The same plan handed down
 * again changes nothing, so a resync tells nobody.
 */
export function withPlanNotices(plans: PlanData, notices: NoticeService): ServerRows<Plan> {
  return {
    upsertFromServer(p) {
      const before = plans.byId(p.id);
      const written = plans.upsertFromServer(p);
      const after = written ? plans.byId(p.id) : undefined;
      if (after) notices.planChanged(before, after);
      return written;
    },
    removeFromServer: (id) => plans.removeFromServer(id),
    sweepUnseen: () => plans.sweepUnseen(),
    forgetServerRows: () => plans.forgetServerRows(),
  };
}

/**
 * The planned visits of the staff who just docked that ended before the docking and have no
 * registration: yesterday's and today's, as pairing sees them.
 */
export function missedAfterDocking(
  paired: (start: number, end: number) => PairingResult,
  staffId: string | null,
  now: number,
  timeZone: string,
  dayBounds: (date: string) => { start: number; end: number },
  planEnd: (planId: string) => number | null,
): { planId: string; start: number }[] {
  if (staffId === null) return [];
  const today = localDate(now, timeZone);
  const start = dayBounds(previousDay(today)).start;
  const end = dayBounds(today).end;
  const out = new Map<string, number>();
  for (const d of paired(start, end).deviations) {
    if (d.kind !== 'missed' || d.planId === null || d.staffKey !== staffId) continue;
    const ended = planEnd(d.planId);
    if (ended !== null && ended <= now) out.set(d.planId, d.at);
  }
  return [...out].map(([planId, at]) => ({ planId, start: at }));
}
