// Corrections and manual registrations, and the corrections of one registration.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { CorrectionService } from './service.ts';

export function correctionHandlers(
  corrections: CorrectionService,
): AreaHandlers<
  | 'corrections.create'
  | 'corrections.manualVisit'
  | 'corrections.reattributePreview'
  | 'corrections.reattribute'
  | 'corrections.forRegistration'
> {
  return {
    'corrections.manualVisit': (input, ctx) => corrections.manualVisit(callerOf(ctx), input),
    'corrections.reattributePreview': (input) => corrections.reattributePreview(input),
    'corrections.reattribute': (input, ctx) => corrections.reattribute(callerOf(ctx), input),
    'corrections.create': (input, ctx) => corrections.create(callerOf(ctx), input),
    'corrections.forRegistration': (input) => corrections.forRegistration(input.registrationId),
  };
}
