// The file exchange's job on the server queue: write a provider's attested month out as BFU-back
// and MFU-time files. Idempotent per provider, month and attest version, so at-least-once is right.
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';
import { externalIdSchema } from '../../shared/sync/ids.ts';

export const EXCHANGE_CHANNEL = 'exchange';

export const exportMonthPayload = z.object({
  providerId: externalIdSchema,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  attestVersion: z.number().int().positive(),
});
export type ExportMonthPayload = z.infer<typeof exportMonthPayload>;

export const exportMonthKind = defineJobKind({
  kind: 'exchange.export',
  channel: EXCHANGE_CHANNEL,
  payload: exportMonthPayload,
  maxAttempts: 10,
  backoff: { baseMs: 5_000, capMs: 600_000 },
  leaseMs: 120_000,
  delivery: 'at-least-once',
});
