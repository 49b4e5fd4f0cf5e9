// The sync status shown in the header and in Admin → Installation: fetched when the frame appears
// (login, unlock, reload) and kept live by the core's `sync.changed` events.
import type { ProcedureOutput } from '../../shared/api/index.ts';
import { bridge, call, client } from './app.svelte.ts';
import { notifyUi } from './notices.svelte.ts';

export type SyncStatus = ProcedureOutput<'sync.status'>;

export const sync = $state<{
  status: SyncStatus | null;
  /** A "Synka nu" / "Försök igen" pressed here is under way. */
  busy: boolean;
}>({ status: null, busy: false });

export async function refreshSync(): Promise<void> {
  const r = await call('sync.status', {}, { quiet: true });
  if (r.ok) sync.status = r.value;
}

/** Adopts a status a call answered with (install, reset, source address). */
export function adoptStatus(status: SyncStatus): void {
  sync.status = status;
}

/** Docking adds to the outbox without a sync event while sync is paused: re-read, at most this often. */
const dockingRefreshMs = 1_000;

/**
 * Fetches the status and follows the core's events until the returned function is called (the
 * header calls it when it mounts, i.e. whenever someone is logged in and unlocked).
 */
export function watchSync(): () => void {
  void refreshSync();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const offs = [
    client.on('sync.changed', (status) => {
      sync.status = status;
    }),
    // A docked pen fills the outbox; the core only says so when it syncs, which it does not
    // while paused. Keep "items waiting" true anyway.
    client.on('docking.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void refreshSync();
      }, dockingRefreshMs);
    }),
    bridge.onReconnect(() => void refreshSync()),
  ];
  return () => {
    for (const off of offs) off();
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

export type SyncRunResult = ProcedureOutput<'sync.now'>;

/**
 * "Synka nu" and "Försök igen": one push and one pull. A refusal is not repeated in the notice
 * area: the status (header and Installation) shows it with its action.
 */
export async function syncNow(): Promise<SyncRunResult | null> {
  if (sync.busy) return null;
  sync.busy = true;
  try {
    const r = await call('sync.now', {}, { quiet: true });
    await refreshSync();
    if (!r.ok) return null;
    const { accepted, duplicate, rejected, pulled } = r.value;
    notifyUi('success', 'sync.done', { sent: accepted + duplicate, rejected, pulled });
    return r.value;
  } finally {
    sync.busy = false;
  }
}
