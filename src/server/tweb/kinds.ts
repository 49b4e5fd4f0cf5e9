// TWeb's job on the server queue: file one transaction. Each step carries an idempotency key, and
// an attempt whose answer never came is resolved by asking TWeb what became of its last step.
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';

export const TWEB_CHANNEL = 'tweb';

export const twebFilePayload = z.object({ transactionId: z.uuid() });
export type TwebFilePayload = z.infer<typeof twebFilePayload>;

export const twebFileKind = defineJobKind({
  kind: 'tweb.file',
  channel: TWEB_CHANNEL,
  payload: twebFilePayload,
  maxAttempts: 10,
  backoff: { baseMs: 10_000, capMs: 30 * 60_000 },
  leaseMs: 120_000,
  delivery: 'at-most-once',
});
