// Corrections and manual registrations, and the corrections of one registration.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { CorrectionService } from './service.ts';

export function correctionHandlers(
  corrections: CorrectionService,
): AreaHandlers<'corrections.create' | 'corrections.forRegistration'> {
  return {
    'corrections.create': (input, ctx) => corrections.create(callerOf(ctx), input),
    'corrections.forRegistration': (input) => corrections.forRegistration(input.registrationId),
  };
}
