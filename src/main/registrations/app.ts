// A range's registrations, unmatched first, and the visits and deviations pairing made of them.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { RegistrationService } from './service.ts';

export function registrationHandlers(
  registrations: RegistrationService,
): AreaHandlers<'registrations.list' | 'visits.list'> {
  return {
    'registrations.list': (input, ctx) => registrations.list(callerOf(ctx), input),
    'visits.list': (input, ctx) => registrations.visits(callerOf(ctx), input),
  };
}
