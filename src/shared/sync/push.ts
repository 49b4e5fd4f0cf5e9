// POST /v1/push — a batch of items, answered item by item.
import { z } from 'zod';
import { MAX_PUSH_ITEMS } from './headers.ts';
import { syncErrorCodeSchema } from './errors.ts';
import { isoInstantSchema } from './ids.ts';

/**
 * The request. Items are `unknown` here on purpose: the server validates each one on its own
 * (pushItemSchema) so one malformed item is rejected without failing the batch.
 */
export const pushRequestSchema = z
  .object({
    items: z.array(z.unknown()).min(1).max(MAX_PUSH_ITEMS),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushItemResultSchema = z.discriminatedUnion('status', [
  z.object({
    index: z.number().int().nonnegative(),
    id: z.string().nullable(),
    status: z.literal('accepted'),
  }),
  z.object({
    index: z.number().int().nonnegative(),
    id: z.string().nullable(),
    status: z.literal('duplicate'),
  }),
  z.object({
    index: z.number().int().nonnegative(),
    id: z.string().nullable(),
    status: z.literal('rejected'),
    code: syncErrorCodeSchema,
    /**
     * false: sending it again can never succeed (conflict, invalid item) — quarantine it.
     * true: it may succeed later (e.g. a correction whose registration is still on its way).
     */
    retryable: z.boolean(),
    message: z.string().optional(),
  }),
]);
export type PushItemResult = z.infer<typeof pushItemResultSchema>;

/** results[i] answers items[i]. */
export const pushResponseSchema = z.object({
  results: z.array(pushItemResultSchema),
  serverTime: isoInstantSchema,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
