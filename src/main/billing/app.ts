// The billing basis of a month, on screen and as CSV or PDF.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { BillingService } from './service.ts';

export function billingHandlers(
  billing: BillingService,
): AreaHandlers<'billing.basis' | 'billing.export' | 'orders.progress'> {
  return {
    'orders.progress': (input, ctx) => billing.progress(callerOf(ctx), input.month),
    'billing.basis': (input, ctx) => billing.basis(callerOf(ctx), input.month),
    'billing.export': (input, ctx) => billing.export(callerOf(ctx), input.month, input.format),
  };
}
