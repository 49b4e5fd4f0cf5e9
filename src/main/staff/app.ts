// Staff and pens: who works here, their pens, and who carries which pen from when.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { StaffRegistry } from './registry.ts';

export function staffHandlers(
  staff: StaffRegistry,
): AreaHandlers<
  'staff.list' | 'staff.create' | 'pens.list' | 'pens.update' | 'pens.assign' | 'pens.assignments'
> {
  return {
    'staff.list': () => staff.listStaff(),
    'staff.create': (input, ctx) => staff.createStaff(callerOf(ctx), input.name),
    'pens.list': () => staff.listPens(),
    'pens.update': (input, ctx) => staff.updatePen(callerOf(ctx), input.serial, input.label),
    'pens.assign': (input, ctx) =>
      staff.assign(callerOf(ctx), input.serial, input.staffId, input.from ?? new Date().toISOString()),
    'pens.assignments': (input) => staff.assignments(input.serial),
  };
}
