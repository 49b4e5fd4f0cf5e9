// The flags docking puts on a registration, in words: never the raw flag name on screen.
import type { MessageKey } from '../../lib/messages/index.ts';

const penFlagLabel: Readonly<Record<string, MessageKey>> = {
  lowBattery: 'docking.flag.lowBattery',
  clockReset: 'docking.flag.clockReset',
  clockCorrected: 'docking.flag.clockCorrected',
  timeBackwards: 'docking.flag.timeBackwards',
  unknownTag: 'docking.flag.unknownTag',
  noStaff: 'docking.flag.noStaff',
};

/** A flag from a newer CareDock (or the server) that this one does not know is just "flagged". */
export function penFlagKey(flag: string): MessageKey {
  return Object.hasOwn(penFlagLabel, flag)
    ? (penFlagLabel[flag] ?? 'docking.flag.other')
    : 'docking.flag.other';
}
