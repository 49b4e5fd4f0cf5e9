// USB docks with a vendor-specific interface and one bulk IN and one bulk OUT endpoint, driven
// through the WebUSB-shaped API of the `usb` package. The types below are the subset of the W3C
// USBDevice interface we use, so a real device and a test's fake both fit.
import { DriverError } from '../errors.ts';
import { Listeners } from './transport.ts';
import type { Transport } from './transport.ts';

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

export interface UsbInterfaceLike {
  interfaceNumber: number;
  alternate: { interfaceClass: number; endpoints: readonly UsbEndpointLike[] };
}

export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: readonly UsbInterfaceLike[];
}

export interface UsbInTransferResultLike {
  data?: DataView | undefined;
  status?: 'ok' | 'stall' | 'babble' | undefined;
}

export interface UsbOutTransferResultLike {
  bytesWritten: number;
  status?: 'ok' | 'stall' | 'babble' | undefined;
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly productName?: string | undefined;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationLike | null | undefined;
  readonly configurations: readonly UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number): Promise<UsbInTransferResultLike>;
  transferOut(endpointNumber: number, data: Uint8Array<ArrayBuffer>): Promise<UsbOutTransferResultLike>;
  clearHalt(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
}

export interface UsbTransportOptions {
  /** Which interface carries the bulk pipe; by default the first vendor-specific (class 0xFF) one. */
  interfaceNumber?: number;
  /** Bytes asked for per IN transfer; a multiple of the packet size. */
  readSize?: number;
}

const VENDOR_SPECIFIC = 0xff;

export function mapUsbError(error: unknown, what: string): DriverError {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (/LIBUSB_ERROR_ACCESS|access denied|SecurityError/i.test(message) || name === 'SecurityError') {
    return new DriverError('device.permissionDenied', `${what}: no permission`, { cause: error });
  }
  if (/LIBUSB_ERROR_BUSY|busy|claimed/i.test(message) || name === 'InvalidStateError') {
    return new DriverError('device.portBusy', `${what}: held by another program`, { cause: error });
  }
  if (
    /LIBUSB_ERROR_NO_DEVICE|LIBUSB_ERROR_NOT_FOUND|disconnected|NotFoundError/i.test(message) ||
    name === 'NotFoundError'
  ) {
    return new DriverError('device.disconnectedMidRead', `${what}: device went away`, { cause: error });
  }
  return new DriverError('device.unplugRetry', `${what} failed`, { cause: error });
}

export function createUsbTransport(device: UsbDeviceLike, options: UsbTransportOptions = {}): Transport {
  const label = `usb:${hex4(device.vendorId)}:${hex4(device.productId)}${device.serialNumber ? `:${device.serialNumber}` : ''}`;
  const data = new Listeners<Uint8Array>();
  const disconnect = new Listeners<DriverError>();
  let claimed: number | undefined;
  let inEndpoint: UsbEndpointLike | undefined;
  let outEndpoint: UsbEndpointLike | undefined;
  let running = false;
  let readLoop: Promise<void> | undefined;

  const lose = (error: unknown): void => {
    if (!running) return;
    running = false;
    disconnect.emit(new DriverError('device.disconnectedMidRead', `${label} went away`, { cause: error }));
  };

  const pump = async (endpoint: UsbEndpointLike, readSize: number): Promise<void> => {
    let stalls = 0;
    while (running) {
      let result: UsbInTransferResultLike;
      try {
        result = await device.transferIn(endpoint.endpointNumber, readSize);
      } catch (error) {
        lose(error);
        return;
      }
      if (!running) return;
      if (result.status === 'stall') {
        // A stalled pipe is cleared and read again; one that keeps stalling is a wedged dock.
        stalls++;
        if (stalls > 3) return lose(new Error('IN endpoint keeps stalling'));
        try {
          await device.clearHalt('in', endpoint.endpointNumber);
        } catch (error) {
          return lose(error);
        }
        continue;
      }
      stalls = 0;
      const view = result.data;
      if (view && view.byteLength > 0)
        data.emit(new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)));
    }
  };

  return {
    label,
    async open() {
      try {
        if (!device.opened) await device.open();
        if (!device.configuration) {
          const first = device.configurations[0];
          if (!first) throw new DriverError('device.unsupportedDock', `${label} has no configuration`);
          await device.selectConfiguration(first.configurationValue);
        }
        const configuration = device.configuration;
        const iface = configuration?.interfaces.find((i) =>
          options.interfaceNumber === undefined
            ? i.alternate.interfaceClass === VENDOR_SPECIFIC
            : i.interfaceNumber === options.interfaceNumber,
        );
        inEndpoint = iface?.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk');
        outEndpoint = iface?.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
        if (!iface || !inEndpoint || !outEndpoint) {
          throw new DriverError('device.unsupportedDock', `${label} has no bulk IN/OUT interface`);
        }
        await device.claimInterface(iface.interfaceNumber);
        claimed = iface.interfaceNumber;
      } catch (error) {
        if (device.opened) await device.close().catch(() => undefined);
        throw error instanceof DriverError ? error : mapUsbError(error, `opening ${label}`);
      }
      running = true;
      const packet = Math.max(1, inEndpoint.packetSize);
      readLoop = pump(inEndpoint, options.readSize ?? packet * 64);
    },
    async write(bytes) {
      const endpoint = outEndpoint;
      if (!running || !endpoint) throw new DriverError('device.disconnectedMidRead', `${label} is not open`);
      let result: UsbOutTransferResultLike;
      try {
        result = await device.transferOut(endpoint.endpointNumber, bytes.slice());
        if (result.status === 'stall') {
          await device.clearHalt('out', endpoint.endpointNumber);
          result = await device.transferOut(endpoint.endpointNumber, bytes.slice());
        }
      } catch (error) {
        lose(error);
        throw mapUsbError(error, `writing to ${label}`);
      }
      if (result.status !== 'ok' || result.bytesWritten !== bytes.length) {
        throw new DriverError(
          'device.unplugRetry',
          `${label}: wrote ${result.bytesWritten} of ${bytes.length} bytes (${result.status ?? 'no status'})`,
        );
      }
    },
    onData: (listener) => data.add(listener),
    onDisconnect: (listener) => disconnect.add(listener),
    async close() {
      const wasRunning = running;
      running = false;
      if (!wasRunning && claimed === undefined) return;
      // Closing the device fails the pending IN transfer, which ends the read loop.
      if (claimed !== undefined) await device.releaseInterface(claimed).catch(() => undefined);
      claimed = undefined;
      if (device.opened) await device.close().catch(() => undefined);
      await readLoop;
    },
  };
}

/** Devices visible through the `usb` package's WebUSB API, unfiltered (the manifest filters). */
export async function listUsbDevices(): Promise<UsbDeviceLike[]> {
  const { WebUSB } = await import('usb');
  const webusb = new WebUSB({ allowAllDevices: true });
  const devices: unknown[] = await webusb.getDevices();
  return devices as UsbDeviceLike[];
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
