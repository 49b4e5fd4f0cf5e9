import { z } from 'zod';
import { languages } from '../errors/types.ts';
import { consoleProcedure } from './define.ts';
import { consoleRoles } from './roles.ts';

export const none = z.object({}).strict();
export const consoleRole = z.enum(consoleRoles);
export const consoleLanguage = z.enum(languages);
export const consoleUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._@-]+$/);
const password = z.string().min(1).max(200);
/** Six digits from the authenticator app, spaces allowed as people type them. */
export const totpCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));
export const recoveryCode = z
  .string()
  .transform((s) => s.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/));

export const consoleAccount = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(consoleRole),
  /** Units a unit admin keeps (the contact directory); empty for the others. */
  units: z.array(z.string()),
  language: consoleLanguage,
  /** May see protected identities (skyddad identitet) in orders and recipients. */
  seeProtected: z.boolean(),
  /** Signed in through the municipality's identity provider rather than a local password. */
  singleSignOn: z.boolean(),
});
export type ConsoleAccount = z.infer<typeof consoleAccount>;

/**
 * Where a browser stands: nothing yet; a password given and a step left (change the initial
 * password, enrol the authenticator, give its code); or signed in.
 */
export const consoleSession = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('signedOut'), singleSignOn: z.boolean() }),
  z.object({ stage: z.literal('changePassword'), username: z.string() }),
  z.object({ stage: z.literal('enrolTotp'), username: z.string() }),
  z.object({ stage: z.literal('totp'), username: z.string() }),
  z.object({
    stage: z.literal('signedIn'),
    account: consoleAccount,
    /** Seconds without a call before the session ends. */
    idleSeconds: z.number().int(),
  }),
]);
export type ConsoleSession = z.infer<typeof consoleSession>;

export const consoleAuthProcedures = {
  'auth.session': consoleProcedure({ access: 'public', readonly: true, input: none, output: consoleSession }),
  'auth.signIn': consoleProcedure({
    access: 'public',
    input: z.object({ username: consoleUsername, password }),
    output: consoleSession,
  }),
  'auth.changePassword': consoleProcedure({
    access: 'pending',
    input: z.object({ current: password, next: z.string().min(12).max(200) }),
    output: consoleSession,
  }),
  'auth.totpEnrolment': consoleProcedure({
    access: 'pending',
    input: none,
    output: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }),
  }),
  'auth.confirmTotp': consoleProcedure({
    access: 'pending',
    input: z.object({ code: totpCode }),
    output: z.object({ session: consoleSession, recoveryCodes: z.array(z.string()) }),
  }),
  'auth.verifyTotp': consoleProcedure({
    access: 'pending',
    input: z.object({ code: totpCode }),
    output: consoleSession,
  }),
  'auth.useRecoveryCode': consoleProcedure({
    access: 'pending',
    input: z.object({ code: recoveryCode }),
    output: consoleSession,
  }),
  'auth.setLanguage': consoleProcedure({
    access: ['municipalityAdmin', 'unitAdmin', 'viewer'],
    input: z.object({ language: consoleLanguage }),
    output: consoleSession,
  }),
  'auth.signOut': consoleProcedure({ access: 'public', input: none, output: consoleSession }),
};
