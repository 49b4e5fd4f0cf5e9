// Attesting a month, the attestations made, and reopening one (an administrator's act).
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AttestationService } from './service.ts';

export function attestationHandlers(
  attestations: AttestationService,
): AreaHandlers<
  'attestations.list' | 'attestations.preview' | 'attestations.create' | 'attestations.reopen'
> {
  return {
    'attestations.preview': (input) => attestations.preview(input),
    'attestations.list': (_input, ctx) => attestations.list(callerOf(ctx)),
    'attestations.create': (input, ctx) => attestations.attest(callerOf(ctx), input),
    'attestations.reopen': (input, ctx) => attestations.reopen(callerOf(ctx), input),
  };
}
