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
    'auth.setup': (input, ctx) => auth.setup(ctx.client, input),
    'auth.login': (input, ctx) => auth.login(ctx.client, input),
    'auth.session': (_input, ctx) => (ctx.user ? auth.sessionInfo(ctx.client, ctx.user) : null),
    'auth.logout': (_input, ctx) => {
      auth.logout(ctx.client, callerOf(ctx));
      return { ok: true as const };
    },
    'auth.unlock': (input, ctx) => auth.unlock(ctx.client, callerOf(ctx), input.password),
    'auth.lock': (_input, ctx) => auth.lock(ctx.client, callerOf(ctx)),
    'auth.activity': () => ({ ok: true as const }),
    'auth.changePassword': (input, ctx) =>
      auth.changePassword(ctx.client, callerOf(ctx), input.currentPassword, input.newPassword),
    'auth.setLanguage': (input, ctx) => auth.setLanguage(ctx.client, callerOf(ctx), input.language),
    'users.list': () => userAdmin.list(),
    'users.create': (input, ctx) => userAdmin.create(callerOf(ctx), input),
    'users.update': (input, ctx) => userAdmin.update(callerOf(ctx), input),
    'users.resetPassword': (input, ctx) => userAdmin.resetPassword(callerOf(ctx), input.id, input.password),
  };
}
