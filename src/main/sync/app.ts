// Installation for a municipality and sync with its server, as Admin → Installation and the
// sync indicator use them. Changes an administrator makes are audited here.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { SyncService } from './service.ts';

type SyncProcedure =
  | 'sync.status'
  | 'sync.install'
  | 'sync.reset'
  | 'sync.now'
  | 'sync.reconcile'
  | 'sync.setSourceAddress'
  | 'sync.quarantine.list'
  | 'sync.quarantine.retry';

export function syncHandlers(sync: SyncService, audit: AuditLog): AreaHandlers<SyncProcedure> {
  return {
    'sync.status': () => sync.status(),
    'sync.install': async (input, ctx) => {
      const user = callerOf(ctx);
      const status = await sync.install({
        profile: input.profile,
        code: input.code,
        workstationName: input.workstationName,
        sourceAddress: input.sourceAddress,
      });
      return ctx.commit(() => {
        audit.record(user, 'sync.install', status.workstation?.id ?? null, {
          municipality: status.municipality?.id ?? '',
        });
        return status;
      });
    },
    'sync.reset': async (_input, ctx) => {
      const user = callerOf(ctx);
      const before = sync.installation();
      const status = await sync.reset();
      return ctx.commit(() => {
        if (before)
          audit.record(user, 'sync.reset', before.workstationId, { municipality: before.municipalityId });
        return status;
      });
    },
    // The pass writes as it goes, item by item, each what the server answered; nothing to undo here.
    'sync.now': async (_input, ctx) => {
      const result = await sync.runOnce('user');
      return ctx.commit(() => result);
    },
    'sync.reconcile': async (_input, ctx) => {
      const result = await sync.reconcileNow();
      return ctx.commit(() => result);
    },
    'sync.setSourceAddress': (input, ctx) => {
      const status = sync.setSourceAddress(input.address);
      audit.record(callerOf(ctx), 'sync.setSourceAddress', null, { address: input.address ?? '' });
      return status;
    },
    'sync.quarantine.list': (input) => ({ items: sync.quarantineList(input.limit, input.beforeId) }),
    'sync.quarantine.retry': (input, ctx) => {
      const retried = sync.quarantineRetry(input.ids);
      audit.record(callerOf(ctx), 'sync.quarantine.retry', null, { retried });
      return { retried };
    },
  };
}
