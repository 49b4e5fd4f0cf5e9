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
