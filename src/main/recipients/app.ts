// Finding a recipient, and opening one's details (logged).
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { RecipientService } from './service.ts';

export function recipientHandlers(
  recipients: RecipientService,
): AreaHandlers<'recipients.search' | 'recipients.get'> {
  return {
    'recipients.search': (input, ctx) => recipients.search(callerOf(ctx), input.query),
    'recipients.get': (input, ctx) => recipients.open(callerOf(ctx), input.id),
  };
}
