// Logging in and out, the lock, one's own password and language; and the administrator's users.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuthService } from './service.ts';
import type { UserAdmin } from './user-admin.ts';

type AuthProcedure =
  | 'auth.setup'
  | 'auth.login'
  | 'auth.session'
  | 'auth.logout'
  | 'auth.unlock'
  | 'auth.lock'
  | 'auth.activity'
  | 'auth.changePassword'
  | 'auth.setLanguage'
  | 'users.list'
  | 'users.create'
  | 'users.update'
  | 'users.resetPassword';

export function authHandlers(auth: AuthService, userAdmin: UserAdmin): AreaHandlers<AuthProcedure> {
  return {
    // The password hash is the slow, awaited half; the writes follow in the dispatcher's commit.
    'auth.setup': async (input, ctx) => {
      const hash = await auth.prepareSetup(input);
      return ctx.commit(() => auth.setup(ctx.client, input, hash));
    },
    'auth.login': async (input, ctx) => {
      const user = await auth.verifyLogin(ctx.client, input);
      return ctx.commit(() => auth.login(ctx.client, user));
    },
    'auth.session': (_input, ctx) => (ctx.user ? auth.sessionInfo(ctx.client, ctx.user) : null),
    'auth.logout': (_input, ctx) => {
      auth.logout(ctx.client, callerOf(ctx));
      return { ok: true as const };
    },
    'auth.unlock': async (input, ctx) => {
      const user = callerOf(ctx);
      await auth.verifyUnlock(ctx.client, user, input.password);
      return ctx.commit(() => auth.unlock(ctx.client, user));
    },
    'auth.lock': (_input, ctx) => auth.lock(ctx.client, callerOf(ctx)),
    'auth.activity': () => ({ ok: true as const }),
    'auth.changePassword': async (input, ctx) => {
      const user = callerOf(ctx);
      const hash = await auth.newPasswordHash(ctx.client, user, input.currentPassword, input.newPassword);
      return ctx.commit(() => auth.changePassword(ctx.client, user, hash));
    },
    'auth.setLanguage': (input, ctx) => auth.setLanguage(ctx.client, callerOf(ctx), input.language),
    'users.list': () => userAdmin.list(),
    'users.create': async (input, ctx) => {
      const hash = await userAdmin.passwordHash(input.password, callerOf(ctx));
      return ctx.commit(() => userAdmin.create(callerOf(ctx), input, hash));
    },
    'users.update': (input, ctx) => userAdmin.update(callerOf(ctx), input),
    'users.resetPassword': async (input, ctx) => {
      const hash = await userAdmin.passwordHash(input.password, callerOf(ctx));
      return ctx.commit(() => userAdmin.resetPassword(callerOf(ctx), input.id, hash));
    },
  };
}
