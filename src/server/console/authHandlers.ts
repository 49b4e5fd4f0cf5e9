import type { consoleAuthProcedures } from '../../shared/console/auth.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { findAccount } from './accounts.ts';
import type { Handlers } from './handlerTypes.ts';
import {
  changePassword,
  confirmTotp,
  sessionView,
  setLanguage,
  signIn,
  signOut,
  totpEnrolment,
  useRecoveryCode,
  verifyTotp,
} from './signIn.ts';

export const authHandlers: Handlers<keyof typeof consoleAuthProcedures> = {
  'auth.session': async (call) => {
    const account =
      call.session.username === null ? null : await findAccount(call.ctx, call.session.username);
    return sessionView(call, account?.active ? call.session.stage : 'signedOut', account);
  },
  'auth.signIn': async (call, input) => signIn(call, input, call.change),
  'auth.changePassword': async (call, input) => changePassword(call, input, call.change),
  'auth.totpEnrolment': async (call) => totpEnrolment(call),
  'auth.confirmTotp': async (call, input) => confirmTotp(call, input, call.change),
  'auth.verifyTotp': async (call, input) => verifyTotp(call, input, call.change),
  'auth.useRecoveryCode': async (call, input) => useRecoveryCode(call, input, call.change),
  'auth.setLanguage': async (call, { language }) => {
    if (call.account === null) throw new CareDockError('auth.required');
    return setLanguage(call, call.account, language);
  },
  'auth.signOut': async (call) => signOut(call, call.change),
};
