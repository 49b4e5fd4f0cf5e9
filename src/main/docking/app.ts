// Office → Docking: the live view of docks and pens, cancelling a read, the history of dockings,
// the records pens sent that broke the protocol, and a simulated dock for trying CareDock
// without hardware.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { DockingData } from './data.ts';
import type { DockingManager } from './manager.ts';
import { attachSimulator } from './simulator.ts';

export function dockingHandlers(
  docking: DockingManager,
  sessions: DockingData,
  audit: AuditLog,
): AreaHandlers<
  'docking.state' | 'docking.cancel' | 'docking.history' | 'docking.quarantine' | 'docking.attachSimulator'
> {
  return {
    'docking.state': () => docking.state(),
    'docking.cancel': (input) => {
      docking.cancel(input.dockId);
      return { ok: true as const };
    },
    'docking.history': (input) => sessions.history(input.limit, input.penSerial),
    'docking.quarantine': (input) => sessions.quarantined(input.limit),
    'docking.attachSimulator': (input, ctx) => {
      const dockId = attachSimulator(docking, input);
      audit.record(callerOf(ctx), 'docking.attachSimulator', dockId, {
        pens: input.pens,
        records: input.records,
      });
      return { dockId };
    },
  };
}
