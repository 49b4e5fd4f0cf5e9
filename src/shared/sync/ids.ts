// Identifiers on the wire. Client-generated ids are UUIDv7 so the server can use them as
// idempotency keys and they sort by creation time.
import { z } from 'zod';
import { calendarDateSchema, instantSchema } from '../domain/calendar.ts';

/** Lowercase canonical UUIDv7 (version nibble 7, RFC 9562 variant). */
export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Any lowercase canonical UUID (server-generated ids, references to other systems' rows). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uuidV7Schema = z.string().regex(UUID_V7_PATTERN, 'expected a lowercase UUIDv7');
export const uuidSchema = z.string().regex(UUID_PATTERN, 'expected a lowercase UUID');

/** Ids the municipality chooses (municipality codes like "0139", provider slugs, staff ids). */
export const externalIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');

/** ISO 8601 instant with an explicit offset (Z or ±hh:mm), real and in range (domain/calendar.ts). */
export const isoInstantSchema = instantSchema;

/** Calendar date, YYYY-MM-DD, a day that exists in 1970–2099 (domain/calendar.ts). */
export const isoDateSchema = calendarDateSchema;

export type UuidV7 = z.infer<typeof uuidV7Schema>;
