import { z } from 'zod';
import { externalIdSchema } from '../sync/ids.ts';
import { anyRole, consoleProcedure } from './define.ts';

/**
 * A recipient as the console lists them: a protected identity (skyddad identitet) is masked for
 * an account without the right to see it, and opening one in full is logged.
 */
export const recipientRow = z.object({
  id: z.string(),
  displayName: z.string(),
  personalIdentityNumber: z.string().nullable(),
  address: z.string().nullable(),
  protectedIdentity: z.boolean(),
  /** True when the name, number and address above are masked for this account. */
  masked: z.boolean(),
  orders: z.number().int(),
});
export type RecipientRow = z.infer<typeof recipientRow>;

export const orderRow = z.object({
  id: z.string(),
  recipientId: z.string(),
  recipientName: z.string(),
  masked: z.boolean(),
  services: z.array(z.object({ code: z.string(), name: z.string(), grantedMinutesPerMonth: z.number() })),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  version: z.number().int().nullable(),
});
export type OrderRow = z.infer<typeof orderRow>;

const page = {
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
};

export const consoleRecordProcedures = {
  'recipients.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({ providerId: externalIdSchema, search: z.string().trim().max(100).optional(), ...page }),
    output: z.object({ rows: z.array(recipientRow), total: z.number().int() }),
  }),
  /** Opening one recipient is logged, masked or not, because it is a look at a person. */
  'recipients.open': consoleProcedure({
    access: anyRole,
    input: z.object({ providerId: externalIdSchema, recipientId: externalIdSchema }),
    output: recipientRow.extend({ phone: z.string().nullable(), orderIds: z.array(z.string()) }),
  }),
  'orders.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({ providerId: externalIdSchema, ...page }),
    output: z.object({ rows: z.array(orderRow), total: z.number().int() }),
  }),
};
