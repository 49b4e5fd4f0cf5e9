// GET /v1/reconciliation?from=YYYY-MM-DD&to=YYYY-MM-DD[&scope=workstation|provider]
// GET /v1/reconciliation/ids?day=YYYY-MM-DD&type=registration[&scope=…]
//
// Per day (reconciliationDay) and item type: how many items the server holds and a hash of
// their ids. The client computes the same over what it believes it sent; where a day differs it
// asks for that day's ids and re-enqueues what the server lacks (e.g. after a restore).
import { z } from 'zod';
import { isoDateSchema } from './ids.ts';
import { pushItemTypeSchema } from './pushItems.ts';

export const RECONCILIATION_SCOPES = ['workstation', 'provider'] as const;

export const reconciliationQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    /** workstation (default): items this workstation pushed; provider: all of the provider's. */
    scope: z.enum(RECONCILIATION_SCOPES).default('workstation'),
  })
  .refine((q) => q.from <= q.to, { message: 'from after to', path: ['to'] });

export const reconciliationDaySchema = z.object({
  day: isoDateSchema,
  type: pushItemTypeSchema,
  count: z.number().int().nonnegative(),
  /** See ID_HASH_ALGORITHM. */
  idHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const reconciliationResponseSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  scope: z.enum(RECONCILIATION_SCOPES),
  /** Only days with at least one item; a missing day means count 0. */
  days: z.array(reconciliationDaySchema),
});

export const reconciliationIdsQuerySchema = z.object({
  day: isoDateSchema,
  type: pushItemTypeSchema,
  scope: z.enum(RECONCILIATION_SCOPES).default('workstation'),
});

export const reconciliationIdsResponseSchema = z.object({
  day: isoDateSchema,
  type: pushItemTypeSchema,
  ids: z.array(z.string()),
});

/**
 * idHash = lowercase hex SHA-256 of the UTF-8 string made by sorting the day's ids (lowercase
 * canonical UUID text, plain code-unit order) and joining them with "\n" (no trailing newline).
 */
export const ID_HASH_ALGORITHM = 'sha256(sorted ids joined by \\n)';

/** The exact bytes to hash, so both sides build the same string. */
export function idHashInput(ids: readonly string[]): string {
  return [...ids]
    .map((id) => id.toLowerCase())
    .sort()
    .join('\n');
}

export type ReconciliationQuery = z.infer<typeof reconciliationQuerySchema>;
export type ReconciliationDay = z.infer<typeof reconciliationDaySchema>;
export type ReconciliationResponse = z.infer<typeof reconciliationResponseSchema>;
export type ReconciliationIdsResponse = z.infer<typeof reconciliationIdsResponseSchema>;
