// What the sync indicator and Admin → Installation show: installed for whom, waiting and
// quarantined items, the last success and error, the server's clock offset.
import type { SyncStatus } from '../../shared/api/procedures/sync.ts';
import { storedErrorSchema, type StoredError, type SyncData } from './data.ts';
import type { KeyStore } from './keystore.ts';

/** A server clock further off than this is shown as skewed (never a reason to refuse). */
const SKEW_MS = 2 * 60_000;

const errorRef = (e: StoredError | null) => (e ? { code: e.code, params: e.params } : null);

export function syncStatus(
  data: SyncData,
  now: {
    running: boolean;
    /** The 'sync' channel's pause on the job queue, with its reason. */
    paused: StoredError | null;
    nextAttemptAt: Date | null;
    keyProtection: KeyStore['protection'];
  },
): SyncStatus {
  const { state } = data;
  const inst = data.installation.get();
  const { waiting, quarantined } = data.outbox.counts();
  const { paused } = now;
  const lastError = state.getJson('lastError', storedErrorSchema);
  const offset = state.get('serverOffsetMs');
  const serverOffsetMs = offset === null ? null : Math.round(Number(offset));
  const error: StoredError | null = paused ?? lastError;
  const phase: SyncStatus['state'] = !inst
    ? 'notInstalled'
    : now.running
      ? 'syncing'
      : paused
        ? 'paused'
        : lastError
          ? 'error'
          : 'idle';
  return {
    state: phase,
    lastSuccessAt: state.get('lastSuccessAt'),
    lastAttemptAt: state.get('lastAttemptAt'),
    nextAttemptAt: now.nextAttemptAt?.toISOString() ?? null,
    waiting,
    quarantined,
    error: inst && error ? { code: error.code, params: error.params } : null,
    serverOffsetMs,
    clockSkewed: serverOffsetMs !== null && Math.abs(serverOffsetMs) > SKEW_MS,
    municipality: inst ? { id: inst.municipalityId, name: inst.municipalityName } : null,
    provider: inst ? { id: inst.providerId, name: inst.providerName } : null,
    workstation: inst ? { id: inst.workstationId, name: inst.workstationName } : null,
    serverUrl: inst?.serverUrl ?? null,
    certificateNotAfter: inst?.certificateNotAfter ?? null,
    seenAddress: inst ? state.get('seenAddress') : null,
    sourceAddress: state.get('sourceAddress'),
    keyProtection: inst ? now.keyProtection : null,
    lastReconcileAt: state.get('lastReconcileAt'),
    certificateRenewedAt: inst ? state.get('certificateRenewedAt') : null,
    certificateRenewalError: inst
      ? errorRef(state.getJson('certificateRenewalError', storedErrorSchema))
      : null,
  };
}
