// Signing a console account in from scratch, as a person does the first time.
import { createAccount } from '../../../src/server/console/accounts.ts';
import { totpCodeAt } from '../../../src/server/console/totp.ts';
import type { ServerContext } from '../../../src/server/context.ts';
import type { ConsoleRole } from '../../../src/shared/console/roles.ts';
import type { ConsoleBrowser } from './browser.ts';

export const NEW_PASSWORD = 'ett nytt långt lösenord';

export interface SignedIn {
  username: string;
  secret: string;
  recoveryCodes: string[];
}

export async function firstSignIn(
  ctx: ServerContext,
  b: ConsoleBrowser,
  username: string,
  roles: ConsoleRole[],
  opts: { seeProtected?: boolean } = {},
): Promise<SignedIn> {
  const { initialPassword } = await createAccount(
    ctx,
    {
      username,
      displayName: `Test ${username}`,
      roles,
      seeProtected: opts.seeProtected ?? false,
      language: 'sv',
    },
    'admin',
  );
  await b.ok('auth.session');
  const s1 = await b.ok<{ stage: string }>('auth.signIn', { username, password: initialPassword });
  if (s1.stage !== 'changePassword') throw new Error(`expected changePassword, got ${s1.stage}`);
  const s2 = await b.ok<{ stage: string }>('auth.changePassword', {
    current: initialPassword,
    next: NEW_PASSWORD,
  });
  if (s2.stage !== 'enrolTotp') throw new Error(`expected enrolTotp, got ${s2.stage}`);
  const e = await b.ok<{ secret: string }>('auth.totpEnrolment');
  const done = await b.ok<{ session: { stage: string }; recoveryCodes: string[] }>('auth.confirmTotp', {
    code: totpCodeAt(e.secret, ctx.now()),
  });
  if (done.session.stage !== 'signedIn') throw new Error(`expected signedIn, got ${done.session.stage}`);
  return { username, secret: e.secret, recoveryCodes: done.recoveryCodes };
}
