import { existsSync } from 'node:fs';
import { matchSerialPort, matchUsbDevice } from '../../../drivers/manifest.ts';
import { createSimulatedDock, runSimulator } from '../../../drivers/simulator/run.ts';
import type { SimulatorConfig } from '../../../drivers/simulator/options.ts';
import { createMemoryPair } from '../../../drivers/transports/memory.ts';
import { createSerialTransport, listSerialPorts } from '../../../drivers/transports/serial.ts';
import { createTcpTransport } from '../../../drivers/transports/tcp.ts';
import { createUsbTransport, listUsbDevices, type UsbDeviceLike } from '../../../drivers/transports/usb.ts';
import type { Logger } from '../log/logger.ts';
import { deviceChanges, type DeviceChanges } from './device-changes.ts';
import type { DockDevice, DockSource } from './manager.ts';

/** "tcp://127.0.0.1:7001" → a TCP dock (simulators, serial-over-LAN servers); anything else is a serial port. */
export function deviceForPath(path: string, label: string, baudRate: number): DockDevice {
  const tcp = /^tcp:\/\/([^:/]+):(\d{1,5})\/?$/.exec(path);
  if (tcp) {
    const [, host, port] = tcp;
    return {
      id: `tcp:${host}:${port}`,
      label: label || path,
      port: path,
      kind: 'tcp',
      createTransport: () => createTcpTransport({ host: host!, port: Number(port) }),
    };
  }
  return {
    id: `serial:${path}`,
    label: label || path,
    port: path,
    kind: 'serial',
    createTransport: () => createSerialTransport({ path, baudRate }),
  };
}

/** Serial and TCP docks an admin configured by path in Admin → Devices. */
export function configuredDocksSource(
  list: () => { path: string; label: string; baudRate: number; kind: string; enabled: boolean }[],
): DockSource {
  return {
    name: 'configured',
    async scan() {
      return (
        list()
          .filter((d) => d.enabled && d.kind === 'pen-dock')
          // A serial path that is not there (adapter unplugged) is not a dock right now; Windows
          // COM names have no file, so those are always tried.
          .filter((d) => d.path.startsWith('tcp://') || /^COM\d+$/i.test(d.path) || existsSync(d.path))
          .map((d) => deviceForPath(d.path, d.label, d.baudRate))
      );
    },
  };
}

/** USB docks found by the manifest's vendor/product ids, through the usb package's WebUSB API. */
export function usbSource(logger: Logger, list: () => Promise<UsbDeviceLike[]> = listUsbDevices): DockSource {
  let disabled = false;
  return {
    name: 'usb',
    async scan() {
      if (disabled) return [];
      let devices: UsbDeviceLike[];
      try {
        devices = await list();
      } catch (error) {
        // No libusb access (a VM, missing permissions): say so once and keep serial docking going.
        disabled = true;
        logger.warn({ err: error }, 'USB not available; USB docks will not be found');
        return [];
      }
      const docks: DockDevice[] = [];
      for (const device of devices) {
        const match = matchUsbDevice(device);
        if (match.kind === 'ignored') continue;
        const id = `usb:${device.vendorId.toString(16)}:${device.productId.toString(16)}:${device.serialNumber ?? ''}`;
        if (match.kind === 'unsupported') {
          logger.warn({ id, reason: match.reason }, 'unsupported dock model');
          continue;
        }
        if (match.driver !== 'pen-dock-v1') continue;
        docks.push({
          id,
          label: `${match.name}${device.serialNumber ? ` ${device.serialNumber}` : ''}`,
          port: `USB ${id.slice(4)}`,
          kind: 'usb',
          createTransport: () => createUsbTransport(device),
        });
      }
      return docks;
    },
  };
}

/** USB-serial docks that announce themselves in the OS's port list, read when devices change. */
export function serialListSource(
  logger: Logger,
  list = listSerialPorts,
  changes: DeviceChanges = deviceChanges(logger),
): DockSource {
  let known: DockDevice[] = [];
  return {
    name: 'serial-list',
    async scan() {
      if (!changes.changed()) return known;
      const ports = await list().catch((error: unknown) => {
        logger.debug({ err: error }, 'serial port list unavailable');
        return [];
      });
      known = ports.flatMap((port) => {
        const match = matchSerialPort(port);
        if (match.kind !== 'supported' || match.driver !== 'pen-dock-v1') return [];
        return [deviceForPath(port.path, `${match.name} (${port.path})`, match.baudRate ?? 115200)];
      });
      return known;
    },
    close: () => changes.close(),
  };
}

let simulatorCount = 0;

/** A virtual dock with simulated pens, in this process, for trying the UI without hardware. */
export function simulatedDock(config: SimulatorConfig): DockDevice {
  simulatorCount++;
  const dock = createSimulatedDock(config);
  const stops: (() => Promise<void>)[] = [];
  return {
    id: `sim:${simulatorCount}`,
    label: `Simulerad docka ${simulatorCount}`,
    port: `sim:${simulatorCount}`,
    kind: 'simulated',
    createTransport() {
      const pair = createMemoryPair(`sim:${simulatorCount}`);
      void runSimulator({
        transport: pair.device,
        dock,
        ...(config.baudRate ? { baudRate: config.baudRate } : {}),
      }).then((running) => stops.push(running.stop));
      return pair.host;
    },
    async dispose() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
