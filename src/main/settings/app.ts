// The workstation itself: what the first screen needs to know, the demo hook, and the settings.
import { CareDockError } from '../../shared/errors/index.ts';
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { UserRepository } from '../auth/data.ts';
import type { SettingsStore } from './store.ts';

export interface AppDeps {
  version: string;
  shell: 'electron' | 'headless';
  users: UserRepository;
  settings: SettingsStore;
  audit: AuditLog;
  startDemo: (() => Promise<void>) | undefined;
  /** What a person should know about this installation (e.g. a data folder others can read). */
  warnings: () => { code: string; params: Record<string, string> }[];
}

export function appHandlers(
  d: AppDeps,
): AreaHandlers<'app.info' | 'app.warnings' | 'app.startDemo' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': () => ({
      name: 'CareDock' as const,
      version: d.version,
      setupNeeded: d.users.count() === 0,
      defaultLanguage: d.settings.get().defaultLanguage,
      timeZone: d.settings.get().timeZone,
      shell: d.shell,
      demoAvailable: d.startDemo !== undefined && d.users.count() === 0,
    }),
    'app.warnings': () => d.warnings(),
    'app.startDemo': async (_input, ctx) => {
      if (!d.startDemo || d.users.count() > 0) throw new CareDockError('demo.unavailable');
      try {
        await d.startDemo();
      } catch (error) {
        if (error instanceof CareDockError) throw error;
        throw new CareDockError('demo.failed', {
          reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
        });
      }
      return ctx.commit(() => {
        d.audit.record({ id: null, username: null }, 'app.startDemo', ctx.client.shell);
        return { ok: true as const };
      });
    },
    'settings.get': () => d.settings.get(),
    'settings.update': (input, ctx) => {
      const user = callerOf(ctx);
      const next = d.settings.update(input);
      const details: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(input)) {
        if (v !== undefined) details[k] = typeof v === 'object' ? JSON.stringify(v) : v;
      }
      d.audit.record(user, 'settings.update', null, details);
      return next;
    },
  };
}
