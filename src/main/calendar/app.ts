// Admin → Integrationer → Exchange and the board's calendar states.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { CalendarAdmin } from './admin.ts';
import type { CalendarService } from './service.ts';

export function calendarHandlers(
  admin: CalendarAdmin,
  calendar: CalendarService,
  audit: AuditLog,
): AreaHandlers<
  | 'calendar.get'
  | 'calendar.save'
  | 'calendar.turnOff'
  | 'calendar.staff.save'
  | 'calendar.test'
  | 'calendar.reconcile'
  | 'calendar.states'
> {
  return {
    'calendar.get': () => admin.view(),
    'calendar.save': (input, ctx) => {
      admin.save(input);
      // A new backend or privacy level rewrites every item from now on.
      const plans = calendar.resyncAhead();
      audit.record(callerOf(ctx), 'calendar.save', input.backend, {
        url: input.url,
        privacy: input.privacy,
        secretReplaced: input.password !== undefined || input.clientSecret !== undefined,
        plans,
      });
      return admin.view();
    },
    'calendar.turnOff': (_input, ctx) => {
      admin.turnOff();
      audit.record(callerOf(ctx), 'calendar.turnOff', null);
      return admin.view();
    },
    'calendar.staff.save': (input, ctx) => {
      admin.setStaffAddress(input.id, input.address);
      const plans = calendar.resyncAhead();
      // Who, not the address: the audit log is read by many.
      audit.record(callerOf(ctx), 'calendar.staff.save', input.id, { set: input.address !== null, plans });
      return admin.view();
    },
    'calendar.test': async (input, ctx) => {
      const found = await admin.test(input.mailbox);
      return ctx.commit(() => {
        audit.record(callerOf(ctx), 'calendar.test', null, {});
        return found;
      });
    },
    'calendar.reconcile': (_input, ctx) => {
      calendar.scheduleReconcile(true);
      audit.record(callerOf(ctx), 'calendar.reconcile', null);
      return {};
    },
    'calendar.states': (input) => calendar.states(input.planIds),
  };
}
