import { z } from 'zod';
import { externalIdSchema } from '../sync/ids.ts';
import { personalIdentityNumberSchema } from '../sync/entities.ts';
import { adminOnly, consoleProcedure } from './define.ts';

/**
 * A person's data on the server, as the CLI's `person export` / `person erase` give it: the
 * number is checked here with the same schema the sync rows use, so a mistyped one is refused
 * before the server looks anything up. Municipality admins only: both touch every row naming
 * the person, and erasure cannot be undone.
 */
const personInput = z.object({
  providerId: externalIdSchema,
  personalIdentityNumber: z.string().trim().pipe(personalIdentityNumberSchema),
});

export const personExport = z.object({
  format: z.literal('caredock-server-person-export'),
  version: z.literal(1),
  people: z.array(
    z.object({
      recipient: z.unknown(),
      related: z.array(z.object({ entity: z.string(), id: z.string(), data: z.unknown() })),
      pushed: z.array(z.object({ id: z.string(), type: z.string(), day: z.string(), payload: z.unknown() })),
    }),
  ),
});

export const consolePeopleProcedures = {
  'people.export': consoleProcedure({ access: adminOnly, input: personInput, output: personExport }),
  'people.erase': consoleProcedure({
    access: adminOnly,
    input: personInput,
    output: z.object({ erased: z.array(z.string()) }),
  }),
};
