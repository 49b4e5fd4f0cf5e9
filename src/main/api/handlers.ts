import { CareDockError } from '../../shared/errors/index.ts';
import type { AuditLog } from '../audit.ts';
import type { AuthService } from '../auth/service.ts';
import type { UserAdmin } from '../auth/user-admin.ts';
import type { UserRepository, UserRow } from '../auth/users.ts';
import type { SettingsStore } from '../settings.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import { readOneTag } from '../devices/tag-reader.ts';
import type { DockingManager } from '../docking/manager.ts';
import type { SessionLog } from '../docking/session-log.ts';
import { simulatedDock } from '../docking/sources.ts';
import type { SyncService } from '../sync/service.ts';
import type { CallContext, Handlers } from './dispatcher.ts';
import type { WorkflowService } from '../workflows/service.ts';
import { createWorkflowHandlers } from './workflow-handlers.ts';

export interface HandlerDeps {
  version: string;
  shell: 'electron' | 'headless';
  auth: AuthService;
  users: UserRepository;
  userAdmin: UserAdmin;
  audit: AuditLog;
  settings: SettingsStore;
  devices: DeviceRegistry;
  docking: DockingManager;
  sessionLog: SessionLog;
  sync: SyncService;
  workflows: WorkflowService;
  startDemo: (() => Promise<void>) | undefined;
  /** What a person should know about this installation (e.g. a data folder others can read). */
  warnings: () => { code: string; params: Record<string, string> }[];
}

/** The dispatcher checked access already; this only narrows the type for the handler. */
function caller(ctx: CallContext): UserRow {
  if (!ctx.user) throw new CareDockError('auth.required');
  return ctx.user;
}

export function createHandlers(d: HandlerDeps): Handlers {
  let tagRead: AbortController | null = null;
  return {
    ...createWorkflowHandlers(d.workflows),
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
    'auth.setup': async (input, ctx) => {
      const hash = await d.auth.prepareSetup(input);
      return ctx.commit(() => d.auth.setup(ctx.client, input, hash));
    },
    'auth.login': async (input, ctx) => {
      const user = await d.auth.verifyLogin(ctx.client, input);
      return ctx.commit(() => d.auth.login(ctx.client, user));
    },
    'auth.session': (_input, ctx) => (ctx.user ? d.auth.sessionInfo(ctx.client, ctx.user) : null),
    'auth.logout': (_input, ctx) => {
      d.auth.logout(ctx.client, caller(ctx));
      return { ok: true as const };
    },
    'auth.unlock': async (input, ctx) => {
      const user = caller(ctx);
      await d.auth.verifyUnlock(ctx.client, user, input.password);
      return ctx.commit(() => d.auth.unlock(ctx.client, user));
    },
    'auth.lock': (_input, ctx) => d.auth.lock(ctx.client, caller(ctx)),
    'auth.activity': () => ({ ok: true as const }),
    'auth.changePassword': async (input, ctx) => {
      const user = caller(ctx);
      const hash = await d.auth.newPasswordHash(ctx.client, user, input.currentPassword, input.newPassword);
      return ctx.commit(() => d.auth.changePassword(ctx.client, user, hash));
    },
    'auth.setLanguage': (input, ctx) => d.auth.setLanguage(ctx.client, caller(ctx), input.language),
    'users.list': () => d.userAdmin.list(),
    'users.create': async (input, ctx) => {
      const hash = await d.userAdmin.passwordHash(input.password);
      return ctx.commit(() => d.userAdmin.create(caller(ctx), input, hash));
    },
    'users.update': (input, ctx) => d.userAdmin.update(caller(ctx), input),
    'users.resetPassword': async (input, ctx) => {
      const hash = await d.userAdmin.passwordHash(input.password);
      return ctx.commit(() => d.userAdmin.resetPassword(caller(ctx), input.id, hash));
    },
    'audit.list': (input) => d.audit.list(input.limit, input.beforeId),
    'settings.get': () => d.settings.get(),
    'settings.update': (input, ctx) => {
      const user = caller(ctx);
      const next = d.settings.update(input);
      const details: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(input)) {
        if (v !== undefined) details[k] = typeof v === 'object' ? JSON.stringify(v) : v;
      }
      d.audit.record(user, 'settings.update', null, details);
      return next;
    },
    'staff.list': () => d.devices.listStaff(),
    'staff.create': (input, ctx) => d.devices.createStaff(caller(ctx), input.name),
    'recipients.search': (input) => d.devices.searchRecipients(input.query),
    'pens.list': () => d.devices.listPens(),
    'pens.update': (input, ctx) => d.devices.updatePen(caller(ctx), input.serial, input.label),
    'pens.assign': (input, ctx) =>
      d.devices.assign(caller(ctx), input.serial, input.staffId, input.from ?? new Date().toISOString()),
    'pens.assignments': (input) => d.devices.assignments(input.serial),
    'serialDocks.list': () => d.devices.listSerialDocks(),
    'serialDocks.add': (input, ctx) => {
      const dock = d.devices.addSerialDock(caller(ctx), input);
      void d.docking.scan();
      return dock;
    },
    'serialDocks.remove': (input, ctx) => {
      d.devices.removeSerialDock(caller(ctx), input.id);
      void d.docking.scan();
      return { ok: true as const };
    },
    'tags.list': () => d.devices.listTags(),
    'tags.enrol': (input, ctx) => d.devices.enrolTag(caller(ctx), input),
    'tags.readFromReader': async (input, ctx) => {
      // One wait at a time: a new one (or Cancel) ends the one before and frees its port.
      tagRead?.abort();
      const mine = new AbortController();
      tagRead = mine;
      try {
        const tag = await readOneTag(
          d.devices.listSerialDocks().filter((r) => r.enabled && r.kind === 'tag-reader'),
          input.timeoutSeconds * 1000,
          mine.signal,
        );
        return ctx.commit(() => tag);
      } finally {
        if (tagRead === mine) tagRead = null;
      }
    },
    'tags.cancelRead': () => {
      tagRead?.abort();
      return { ok: true as const };
    },
    'docking.state': () => d.docking.state(),
    'docking.cancel': (input) => {
      d.docking.cancel(input.dockId);
      return { ok: true as const };
    },
    'docking.history': (input) => d.sessionLog.history(input.limit, input.penSerial),
    'docking.quarantine': (input) => d.sessionLog.quarantine(input.limit),
    'docking.attachSimulator': (input, ctx) => {
      const pens = Array.from({ length: input.pens }, (_, i) => ({
        serial: `SIM${String(input.seed).padStart(3, '0')}-${i + 1}`,
        records: input.records,
        seed: input.seed + i,
        clockOffsetSeconds: input.clockOffsetSeconds,
      }));
      const device = simulatedDock({
        pens,
        seed: input.seed,
        ...(input.baudRate > 0 ? { baudRate: input.baudRate } : {}),
      });
      d.docking.addManual(device);
      d.audit.record(caller(ctx), 'docking.attachSimulator', device.id, {
        pens: input.pens,
        records: input.records,
      });
      return { dockId: device.id };
    },
    // ── sync (issue 4) ──
    'sync.status': () => d.sync.status(),
    'sync.install': async (input, ctx) => {
      const user = caller(ctx);
      const status = await d.sync.install({
        profile: input.profile,
        code: input.code,
        workstationName: input.workstationName,
        sourceAddress: input.sourceAddress,
      });
      return ctx.commit(() => {
        d.audit.record(user, 'sync.install', status.workstation?.id ?? null, {
          municipality: status.municipality?.id ?? '',
        });
        return status;
      });
    },
    'sync.reset': async (_input, ctx) => {
      const user = caller(ctx);
      const before = d.sync.installation();
      const status = await d.sync.reset();
      return ctx.commit(() => {
        if (before)
          d.audit.record(user, 'sync.reset', before.workstationId, { municipality: before.municipalityId });
        return status;
      });
    },
    // The pass writes as it goes, item by item, each what the server answered; nothing to undo here.
    'sync.now': async (_input, ctx) => {
      const result = await d.sync.runOnce('user');
      return ctx.commit(() => result);
    },
    'sync.reconcile': async (_input, ctx) => {
      const result = await d.sync.reconcileNow();
      return ctx.commit(() => result);
    },
    'sync.setSourceAddress': (input, ctx) => {
      const status = d.sync.setSourceAddress(input.address);
      d.audit.record(caller(ctx), 'sync.setSourceAddress', null, { address: input.address ?? '' });
      return status;
    },
    'sync.quarantine.list': (input) => ({ items: d.sync.quarantineList(input.limit, input.beforeId) }),
    'sync.quarantine.retry': (input, ctx) => {
      const retried = d.sync.quarantineRetry(input.ids);
      d.audit.record(caller(ctx), 'sync.quarantine.retry', null, { retried });
      return { retried };
    },
  };
}
