import { z } from 'zod';
import { externalIdSchema } from '../sync/ids.ts';
import { adminOnly, anyRole, consoleProcedure } from './define.ts';

/**
 * The municipality's channels as the server CLI manages them: the file exchange, the 1177 inbox
 * and TWeb. Settings travel as the JSON the CLI reads from a file; the server checks them with
 * the same schema, and a TWeb secret never comes back (it is shown redacted).
 */
const municipality = z.object({ municipalityId: externalIdSchema });
const settingsDoc = z.record(z.string(), z.unknown());
const rows = z.array(z.record(z.string(), z.unknown()));
const listInput = municipality.extend({ limit: z.number().int().min(1).max(1000).default(100) });
export const channelKinds = ['exchange', 'inbox', 'tweb'] as const;

/** What an import answers: the file's status, the catalogue's code when refused, the counts. */
export const importOutcome = z.object({
  fileId: z.string().nullable(),
  status: z.enum(['imported', 'refused', 'unchanged']),
  code: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  records: z.number(),
  accepted: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  archivedAs: z.string(),
  resultFile: z.string(),
});

export const consoleChannelProcedures = {
  'municipalities.add': consoleProcedure({
    access: adminOnly,
    input: z.object({ id: externalIdSchema, name: z.string().trim().min(1).max(200) }),
    output: z.object({ id: z.string(), name: z.string() }),
  }),
  'channels.settings': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: municipality.extend({ channel: z.enum(channelKinds) }),
    output: settingsDoc.nullable(),
  }),
  'channels.putSettings': consoleProcedure({
    access: adminOnly,
    input: municipality.extend({ channel: z.enum(channelKinds), settings: settingsDoc }),
    output: settingsDoc.nullable(),
  }),
  'exchange.files': consoleProcedure({ access: anyRole, readonly: true, input: listInput, output: rows }),
  'exchange.exportMonth': consoleProcedure({
    access: adminOnly,
    input: z.object({ providerId: externalIdSchema, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
    output: z.record(z.string(), z.unknown()),
  }),
  /**
   * The CLI's `import bfu|mfu`: the file is the request's raw body (POST to this procedure's
   * path with application/octet-stream), the input is the query string. A JSON call has no file
   * and is refused.
   */
  'exchange.import': consoleProcedure({
    access: adminOnly,
    input: municipality.extend({
      format: z.enum(['bfu', 'mfu']),
      // A file's own name: no folders, nothing a path could climb out of (the admin API's rule).
      name: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[A-Za-z0-9ÅÄÖåäöÉéÜü][A-Za-z0-9ÅÄÖåäöÉéÜü ._-]*$/),
    }),
    output: importOutcome,
  }),
  'inbox.messages': consoleProcedure({ access: anyRole, readonly: true, input: listInput, output: rows }),
  'inbox.cost': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: municipality,
    output: z.record(z.string(), z.unknown()),
  }),
  'inbox.consent': consoleProcedure({
    access: adminOnly,
    input: municipality.extend({
      recipientId: externalIdSchema,
      consent: z.boolean(),
      weekly: z.boolean().default(false),
    }),
    output: z.record(z.string(), z.unknown()),
  }),
  'tweb.transactions': consoleProcedure({ access: anyRole, readonly: true, input: listInput, output: rows }),
};
