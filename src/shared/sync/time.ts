// GET /v1/time — the server's clock and what the server knows about the caller. The workstation
// estimates its clock offset from it (never a reason to refuse a registration) and shows the
// address and certificate expiry in Admin → Installation.
import { z } from 'zod';
import { externalIdSchema, isoInstantSchema, uuidSchema } from './ids.ts';

export const serverTimeResponseSchema = z.object({
  serverTime: isoInstantSchema,
  workstationId: uuidSchema,
  providerId: externalIdSchema,
  municipalityId: externalIdSchema,
  /** The caller's address as the server saw it (after trusted proxies). */
  sourceAddress: z.string(),
  certificateNotAfter: isoInstantSchema,
  serverVersion: z.string(),
});
export type ServerTimeResponse = z.infer<typeof serverTimeResponseSchema>;
