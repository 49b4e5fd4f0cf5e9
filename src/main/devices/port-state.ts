// Whether a configured port is there now, as the list of ports shows it: a device file exists or
// not, a TCP dock is on the network (reached when docking polls it), a Windows COM port is
// listed by the docking loop itself, so it is not checked here.
import { existsSync } from 'node:fs';
import type { SerialDockRecord } from '../../shared/api/procedures/devices.ts';

export type PortState = 'found' | 'notFound' | 'network' | 'disabled' | 'unchecked';

export function portState(port: SerialDockRecord, exists: (path: string) => boolean = existsSync): PortState {
  if (!port.enabled) return 'disabled';
  if (port.path.startsWith('tcp://')) return 'network';
  if (port.path.startsWith('/dev/')) return exists(port.path) ? 'found' : 'notFound';
  return 'unchecked';
}
