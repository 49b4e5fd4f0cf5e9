// The planning board: plans of a range, one saved or cancelled, recurring visits, planned time.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { PlanService } from './service.ts';

export function planHandlers(
  plans: PlanService,
): AreaHandlers<
  'plans.list' | 'plans.save' | 'plans.cancel' | 'plans.editSeries' | 'plans.generate' | 'plans.summary'
> {
  return {
    'plans.editSeries': (input, ctx) => plans.editSeries(callerOf(ctx), input),
    'plans.list': (input, ctx) => plans.list(callerOf(ctx), input),
    'plans.save': (input, ctx) => plans.save(callerOf(ctx), input),
    'plans.cancel': (input, ctx) => {
      plans.cancel(callerOf(ctx), input.id);
      return { ok: true as const };
    },
    'plans.generate': (input, ctx) => plans.generate(callerOf(ctx), input),
    'plans.summary': (input, ctx) => plans.summary(callerOf(ctx), input.month),
  };
}
