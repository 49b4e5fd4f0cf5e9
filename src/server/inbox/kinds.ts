// The 1177 inbox's job on the server queue: one message, at most once — contract 1.0 has no
// message id to deduplicate on, so an attempt whose answer never came is parked for a person.
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';

export const INBOX_CHANNEL = 'inbox';

export const inboxSendPayload = z.object({ messageId: z.uuid() });
export type InboxSendPayload = z.infer<typeof inboxSendPayload>;

export const inboxSendKind = defineJobKind({
  kind: 'inbox.send',
  channel: INBOX_CHANNEL,
  payload: inboxSendPayload,
  // The first try and the TKB's four retries (4 s, 20 s, 5 min, 30 min; see service.ts).
  maxAttempts: 5,
  backoff: { baseMs: 4_000, capMs: 30 * 60_000 },
  leaseMs: 90_000,
  delivery: 'at-most-once',
});
