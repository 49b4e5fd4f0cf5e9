import { CareDockError } from '../../shared/errors/index.ts';
import type { AuditLog } from '../audit.ts';
import type { AuthService } from '../auth/service.ts';
import type { UserAdmin } from '../auth/user-admin.ts';
import type { UserRepository, UserRow } from '../auth/users.ts';
import type { SettingsStore } from '../settings.ts';
import type { CallContext, Handlers } from './dispatcher.ts';

export interface HandlerDeps {
  version: string;
  shell: 'electron' | 'headless';
  auth: AuthService;
  users: UserRepository;
  userAdmin: UserAdmin;
  audit: AuditLog;
  settings: SettingsStore;
}

/** The dispatcher checked access already; this only narrows the type for the handler. */
function caller(ctx: CallContext): UserRow {
  if (!ctx.user) throw new CareDockError('auth.required');
  return ctx.user;
}

export function createHandlers(d: HandlerDeps): Handlers {
  return {
    'app.info': () => ({
      name: 'CareDock' as const,
      version: d.version,
      setupNeeded: d.users.count() === 0,
      defaultLanguage: d.settings.get().defaultLanguage,
      shell: d.shell,
    }),
    'auth.setup': (input, ctx) => d.auth.setup(ctx.client, input),
    'auth.login': (input, ctx) => d.auth.login(ctx.client, input),
    'auth.session': (_input, ctx) => (ctx.user ? d.auth.sessionInfo(ctx.client, ctx.user) : null),
    'auth.logout': (_input, ctx) => {
      d.auth.logout(ctx.client, caller(ctx));
      return { ok: true as const };
    },
    'auth.unlock': (input, ctx) => d.auth.unlock(ctx.client, caller(ctx), input.password),
    'auth.lock': (_input, ctx) => d.auth.lock(ctx.client, caller(ctx)),
    'auth.activity': () => ({ ok: true as const }),
    'auth.changePassword': (input, ctx) =>
      d.auth.changePassword(ctx.client, caller(ctx), input.currentPassword, input.newPassword),
    'auth.setLanguage': (input, ctx) => d.auth.setLanguage(ctx.client, caller(ctx), input.language),
    'users.list': () => d.userAdmin.list(),
    'users.create': (input, ctx) => d.userAdmin.create(caller(ctx), input),
    'users.update': (input, ctx) => d.userAdmin.update(caller(ctx), input),
    'users.resetPassword': (input, ctx) => d.userAdmin.resetPassword(caller(ctx), input.id, input.password),
    'audit.list': (input) => d.audit.list(input.limit, input.beforeId),
    'settings.get': () => d.settings.get(),
    'settings.update': (input, ctx) => {
      const user = caller(ctx);
      const next = d.settings.update(input);
      const details: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(input)) if (v !== undefined) details[k] = v;
      d.audit.record(user, 'settings.update', null, details);
      return next;
    },
  };
}
