import { z } from 'zod';
import { channelState, jobStates, jobSummary } from '../jobs/contract.ts';
import { externalIdSchema } from '../sync/ids.ts';
import { adminOnly, anyRole, consoleProcedure } from './define.ts';
import { consoleLanguage, consoleRole, consoleUsername, none } from './auth.ts';

export const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.string().nullable(),
  municipalityId: z.string().nullable(),
  providerId: z.string().nullable(),
  workstationId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const accountRow = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(consoleRole),
  seeProtected: z.boolean(),
  active: z.boolean(),
  totpEnrolled: z.boolean(),
  singleSignOn: z.boolean(),
  lastSignInAt: z.string().nullable(),
});

export const consoleOperationProcedures = {
  'queue.channels': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: none,
    output: z.array(channelState),
  }),
  'queue.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({
      state: z.enum(jobStates).optional(),
      channel: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(jobSummary),
  }),
  'queue.retry': consoleProcedure({
    access: adminOnly,
    input: z.object({ id: z.string().min(1).max(200) }),
    output: jobSummary,
  }),
  'queue.discard': consoleProcedure({
    access: adminOnly,
    input: z.object({ id: z.string().min(1).max(200), reason: z.string().trim().min(1).max(500) }),
    output: jobSummary,
  }),
  'audit.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({
      action: z.string().max(64).optional(),
      actor: z.string().max(128).optional(),
      providerId: externalIdSchema.optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.array(auditRow),
  }),
  'accounts.list': consoleProcedure({
    access: adminOnly,
    readonly: true,
    input: none,
    output: z.array(accountRow),
  }),
  /** A new local account gets an initial password, shown once, that must be changed at first sign-in. */
  'accounts.create': consoleProcedure({
    access: adminOnly,
    input: z.object({
      username: consoleUsername,
      displayName: z.string().trim().min(1).max(120),
      roles: z.array(consoleRole).min(1),
      seeProtected: z.boolean().default(false),
      language: consoleLanguage.default('sv'),
    }),
    output: z.object({ account: accountRow, initialPassword: z.string() }),
  }),
  'accounts.update': consoleProcedure({
    access: adminOnly,
    input: z.object({
      username: consoleUsername,
      roles: z.array(consoleRole).min(1).optional(),
      seeProtected: z.boolean().optional(),
      active: z.boolean().optional(),
    }),
    output: accountRow,
  }),
  /** A new initial password and a new authenticator: for someone who lost theirs. */
  'accounts.reset': consoleProcedure({
    access: adminOnly,
    input: z.object({ username: consoleUsername }),
    output: z.object({ account: accountRow, initialPassword: z.string() }),
  }),
};
