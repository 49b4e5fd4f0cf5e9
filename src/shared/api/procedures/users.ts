import { z } from 'zod';
import { procedure } from '../define.ts';
import { displayName, isoTime, language, none, password, role, username } from './common.ts';

export const userRecord = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  active: z.boolean(),
  language,
  mustChangePassword: z.boolean(),
  /** May see protected identities (skyddad identitet). */
  seeProtected: z.boolean(),
  createdAt: isoTime,
  lastLoginAt: isoTime.nullable(),
});
export type UserRecord = z.infer<typeof userRecord>;

const roleList = z.array(role).min(1, 'at least one role');

export const auditEntry = z.object({
  id: z.number().int(),
  at: isoTime,
  actor: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** The people the entry's ids stand for, as the reader may see them. */
  names: z.record(z.string(), z.object({ name: z.string(), masked: z.boolean() })),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const userProcedures = {
  'users.list': procedure({
    access: ['admin'],
    readonly: true,
    input: none,
    output: z.array(userRecord),
  }),
  'users.create': procedure({
    access: ['admin'],
    input: z
      .object({ username, displayName, password, roles: roleList, language: language.optional() })
      .strict(),
    output: userRecord,
  }),
  'users.update': procedure({
    access: ['admin'],
    input: z
      .object({
        id: z.number().int(),
        displayName: displayName.optional(),
        roles: roleList.optional(),
        active: z.boolean().optional(),
        seeProtected: z.boolean().optional(),
      })
      .strict(),
    output: userRecord,
  }),
  'users.resetPassword': procedure({
    access: ['admin'],
    input: z.object({ id: z.number().int(), password }).strict(),
    output: userRecord,
  }),
  'audit.list': procedure({
    access: ['admin'],
    readonly: true,
    input: z
      .object({
        limit: z.number().int().min(1).max(1000).default(200),
        beforeId: z.number().int().optional(),
      })
      .strict(),
    output: z.array(auditEntry),
  }),
};
