// Admin → Devices: serial docks and tag readers by port, and the tags in recipients' homes.
import { portState } from './port-state.ts';
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { DeviceRegistry } from './registry.ts';

type DeviceProcedure =
  | 'serialDocks.list'
  | 'serialDocks.add'
  | 'serialDocks.remove'
  | 'tags.list'
  | 'tags.enrol'
  | 'tags.readFromReader'
  | 'tags.cancelRead';

/** `docksChanged`: a serial dock was added or removed; docking looks for docks again. */
export function deviceHandlers(
  devices: DeviceRegistry,
  docksChanged: () => void,
): AreaHandlers<DeviceProcedure> {
  return {
    'serialDocks.list': () => devices.listSerialDocks().map((p) => ({ ...p, state: portState(p) })),
    'serialDocks.add': (input, ctx) => {
      const dock = devices.addSerialDock(callerOf(ctx), input);
      docksChanged();
      return dock;
    },
    'serialDocks.remove': (input, ctx) => {
      devices.removeSerialDock(callerOf(ctx), input.id);
      docksChanged();
      return { ok: true as const };
    },
    'tags.list': (_input, ctx) => devices.listTags(callerOf(ctx)),
    'tags.enrol': (input, ctx) => devices.enrolTag(callerOf(ctx), input),
    'tags.readFromReader': async (input, ctx) => {
      const tag = await devices.readTag(input.timeoutSeconds);
      return ctx.commit(() => tag);
    },
    'tags.cancelRead': () => {
      devices.cancelTagRead();
      return { ok: true as const };
    },
  };
}
