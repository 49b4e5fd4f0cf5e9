import { z } from 'zod';
import { procedures } from './contract.ts';
import type { Access } from './define.ts';
import { sessionInfo } from './procedures/common.ts';
import { dockingState } from './procedures/docking.ts';
import { syncStatus } from './procedures/sync.ts';

export const noticeLevel = z.enum(['info', 'success', 'warning', 'error']);

/** Event streams pushed from the core to a connected UI. */
export const events = {
  /** This client's own session changed: logged in/out, locked, roles changed by an admin. */
  'session.changed': sessionInfo.nullable(),
  /** Something the person should see in the notice area; `code` is a catalogue entry. */
  /** Every dock and slot, live: connected, reading n/N, done with counts, or an error with its action. */
  'docking.changed': dockingState,
  /** Sync status for the always-visible indicator and Admin → Installation. */
  'sync.changed': syncStatus,
  notice: z.object({
    level: noticeLevel,
    code: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }),
};

export type EventName = keyof typeof events;

/**
 * Who may receive each stream: the same access as the procedure that reads that state, so a
 * live event never shows what a call would refuse. `session.changed` goes only to its own
 * client (logged out and locked ones too: it is how they learn it).
 */
export const eventAccess: Record<EventName, Access> = {
  'session.changed': 'public',
  'docking.changed': procedures['docking.state'].access,
  'sync.changed': procedures['sync.status'].access,
  notice: 'session',
};
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}
