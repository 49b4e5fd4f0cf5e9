// The billing basis of a month, on screen and as CSV or PDF.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { BillingService } from './service.ts';

export function billingHandlers(
  billing: BillingService,
): AreaHandlers<'billing.basis' | 'billing.export' | 'orders.progress'> {
  return {
    'orders.progress': (input, ctx) => billing.progress(callerOf(ctx), input.month),
    'billing.basis': (input, ctx) => billing.basis(callerOf(ctx), input.month),
    // Drawing the PDF is asynchronous; the audit entry lands in the commit that answers.
    'billing.export': async (input, ctx) => {
      const user = callerOf(ctx);
      const file = await billing.render(user, input.month, input.format);
      return ctx.commit(() => billing.recordExport(user, input.month, input.format, file));
    },
  };
}
