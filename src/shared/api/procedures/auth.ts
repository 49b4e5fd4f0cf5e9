import { z } from 'zod';
import { procedure } from '../define.ts';
import { displayName, language, none, ok, password, sessionInfo, username } from './common.ts';

export const authProcedures = {
  'auth.setup': procedure({
    access: 'public',
    input: z.object({ username, displayName, password, language: language.optional() }).strict(),
    output: sessionInfo,
  }),
  'auth.login': procedure({
    access: 'public',
    input: z.object({ username, password }).strict(),
    output: sessionInfo,
  }),
  'auth.session': procedure({
    access: 'public',
    readonly: true,
    input: none,
    output: sessionInfo.nullable(),
  }),
  'auth.logout': procedure({ access: 'locked', input: none, output: ok }),
  'auth.unlock': procedure({
    access: 'locked',
    input: z.object({ password }).strict(),
    output: sessionInfo,
  }),
  'auth.lock': procedure({ access: 'session', beforePasswordChange: true, input: none, output: sessionInfo }),
  /** The UI reports that a person is at the keyboard, so the idle lock is not only about API calls. */
  'auth.activity': procedure({ access: 'session', beforePasswordChange: true, input: none, output: ok }),
  'auth.changePassword': procedure({
    access: 'session',
    beforePasswordChange: true,
    input: z.object({ currentPassword: password, newPassword: password }).strict(),
    output: sessionInfo,
  }),
  'auth.setLanguage': procedure({
    access: 'session',
    beforePasswordChange: true,
    input: z.object({ language }).strict(),
    output: sessionInfo,
  }),
};
