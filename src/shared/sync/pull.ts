// GET /v1/changes?cursor=C&limit=N — what changed since a cursor, in commit order.
import { z } from 'zod';
import { ENTITY_SCHEMAS, syncEntityTypeSchema } from './entities.ts';
import { MAX_PULL_LIMIT } from './headers.ts';
import { isoInstantSchema } from './ids.ts';

/**
 * Opaque to the client: store it with the applied page, send it back unchanged. "0" (or no
 * cursor) means "from the beginning" — a full resync.
 */
export const cursorSchema = z.string().regex(/^\d{1,19}$/, 'a cursor the server handed out');

export const pullQuerySchema = z.object({
  cursor: cursorSchema.default('0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

const upsert = <T extends keyof typeof ENTITY_SCHEMAS>(entity: T) =>
  z.object({
    entity: z.literal(entity),
    op: z.literal('upsert'),
    id: z.string(),
    data: ENTITY_SCHEMAS[entity],
  });

export const upsertChangeSchema = z.discriminatedUnion('entity', [
  upsert('order'),
  upsert('recipient'),
  upsert('tag'),
  upsert('staff'),
  upsert('plan'),
  upsert('retention'),
  upsert('erasure'),
]);

/** A tombstone: the row is gone; the client deletes its copy. */
export const deleteChangeSchema = z.object({
  entity: syncEntityTypeSchema,
  op: z.literal('delete'),
  id: z.string(),
});

export const syncChangeSchema = z.union([upsertChangeSchema, deleteChangeSchema]);

export const pullPageSchema = z.object({
  /** Each row at most once per page, at its latest state, in commit order. */
  changes: z.array(syncChangeSchema),
  /** Apply the page and store this cursor in one local transaction. */
  nextCursor: cursorSchema,
  /** true: more is waiting; ask again with nextCursor at once. */
  hasMore: z.boolean(),
  serverTime: isoInstantSchema,
});

export type SyncChange = z.infer<typeof syncChangeSchema>;
export type UpsertChange = z.infer<typeof upsertChangeSchema>;
export type DeleteChange = z.infer<typeof deleteChangeSchema>;
export type PullPage = z.infer<typeof pullPageSchema>;
