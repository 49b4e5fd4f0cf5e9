// Small pure helpers shared by the docking components.
import type { SlotView } from '../../../shared/api/index.ts';

export type SlotState = SlotView['state'];

const terminal: readonly SlotState[] = ['done', 'error', 'cancelled'];

/** A session that is over: it shows a result or an error and offers no Cancel. */
export function isFinished(state: SlotState): boolean {
  return terminal.includes(state);
}

/** One session of one slot; a new pen in the same slot is a new key. */
export function sessionKey(dockId: string, slot: SlotView): string {
  return `${dockId}|${slot.slot}|${slot.startedAt}`;
}
