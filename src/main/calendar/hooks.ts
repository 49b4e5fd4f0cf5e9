// Plans as they come down from the server change the calendars as a local edit does, in the sync
// page's transaction. The same plan handed down again (a resync) writes nothing: its job finds
// the item's digest unchanged.
import type { Plan } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';
import type { CalendarService } from './service.ts';

export function withPlanCalendar(rows: ServerRows<Plan>, calendar: CalendarService): ServerRows<Plan> {
  return {
    upsertFromServer(p, now) {
      const written = rows.upsertFromServer(p, now);
      if (written) calendar.planChanged(p.id);
      return written;
    },
    removeFromServer(id, now) {
      const removed = rows.removeFromServer(id, now);
      calendar.planChanged(id);
      return removed;
    },
    sweepUnseen: (now) => rows.sweepUnseen(now),
    forgetServerRows: () => rows.forgetServerRows(),
  };
}
