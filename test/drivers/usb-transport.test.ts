import { describe, expect, it } from 'vitest';
import {
  createMemoryPair,
  createUsbTransport,
  isDriverError,
  runPenSession,
  runSimulator,
  createSimulatedDock,
} from '../../drivers/index.ts';
import type { Transport, UsbDeviceLike } from '../../drivers/index.ts';
import type {
  UsbConfigurationLike,
  UsbInTransferResultLike,
  UsbOutTransferResultLike,
} from '../../drivers/transports/usb.ts';
import { range } from './support/harness.ts';

/** Follows the W3C USBDevice interface; its bulk pipe is a transport to whatever sits behind it. */
class FakeUsbDevice implements UsbDeviceLike {
  readonly vendorId = 0x1209;
  readonly productId = 0xcd01;
  readonly serialNumber = 'DOCK-1';
  readonly productName = 'fake dock';
  opened = false;
  configuration: UsbConfigurationLike | undefined;
  readonly configurations: UsbConfigurationLike[];
  readonly calls: string[] = [];
  failOpen: Error | undefined;
  failClaim: Error | undefined;
  stallNextIn = 0;
  #inbox: Uint8Array[] = [];
  #pendingIn:
    { resolve: (r: UsbInTransferResultLike) => void; reject: (e: Error) => void; length: number } | undefined;
  readonly #behind: Transport;

  constructor(behind: Transport, interfaceClass = 0xff) {
    this.#behind = behind;
    this.configurations = [
      {
        configurationValue: 1,
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: {
              interfaceClass: 0x02,
              endpoints: [{ endpointNumber: 3, direction: 'in', type: 'interrupt', packetSize: 8 }],
            },
          },
          {
            interfaceNumber: 1,
            alternate: {
              interfaceClass,
              endpoints: [
                { endpointNumber: 1, direction: 'in', type: 'bulk', packetSize: 64 },
                { endpointNumber: 2, direction: 'out', type: 'bulk', packetSize: 64 },
              ],
            },
          },
        ],
      },
    ];
    behind.onData((chunk) => {
      this.#inbox.push(chunk.slice());
      this.#serveIn();
    });
  }

  async open(): Promise<void> {
    this.calls.push('open');
    if (this.failOpen) throw this.failOpen;
    await this.#behind.open();
    this.opened = true;
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.opened = false;
    this.#pendingIn?.reject(new Error('The device was closed'));
    this.#pendingIn = undefined;
  }

  async selectConfiguration(value: number): Promise<void> {
    this.calls.push(`selectConfiguration ${value}`);
    this.configuration = this.configurations.find((c) => c.configurationValue === value);
  }

  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claimInterface ${n}`);
    if (this.failClaim) throw this.failClaim;
  }

  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`releaseInterface ${n}`);
  }

  async clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void> {
    this.calls.push(`clearHalt ${direction} ${endpoint}`);
  }

  transferIn(endpoint: number, length: number): Promise<UsbInTransferResultLike> {
    if (endpoint !== 1) return Promise.reject(new Error(`bad IN endpoint ${endpoint}`));
    if (this.stallNextIn > 0) {
      this.stallNextIn--;
      return Promise.resolve({ status: 'stall' });
    }
    return new Promise((resolve, reject) => {
      this.#pendingIn = { resolve, reject, length };
      this.#serveIn();
    });
  }

  async transferOut(endpoint: number, data: Uint8Array<ArrayBuffer>): Promise<UsbOutTransferResultLike> {
    if (endpoint !== 2) throw new Error(`bad OUT endpoint ${endpoint}`);
    if (!this.opened) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    await this.#behind.write(data);
    return { status: 'ok', bytesWritten: data.byteLength };
  }

  unplug(): void {
    this.opened = false;
    this.#pendingIn?.reject(new Error('LIBUSB_ERROR_NO_DEVICE'));
    this.#pendingIn = undefined;
  }

  #serveIn(): void {
    const pending = this.#pendingIn;
    const next = this.#inbox[0];
    if (!pending || !next) return;
    const take = next.subarray(0, pending.length);
    if (take.length === next.length) this.#inbox.shift();
    else this.#inbox[0] = next.subarray(take.length);
    this.#pendingIn = undefined;
    pending.resolve({
      status: 'ok',
      data: new DataView(take.buffer.slice(take.byteOffset, take.byteOffset + take.byteLength)),
    });
  }
}

async function usbDock(records: number, faults = {}) {
  const pair = createMemoryPair('usb');
  const dock = createSimulatedDock({ pens: [{ records }], faults });
  const sim = await runSimulator({ transport: pair.device, dock });
  return { device: new FakeUsbDevice(pair.host), dock, sim };
}

describe('USB transport (WebUSB-shaped API) against a fake USBDevice', () => {
  it('claims the vendor interface, uploads over bulk endpoints and releases on close', async () => {
    const { device, dock, sim } = await usbDock(300);
    device.stallNextIn = 1;
    const seen: number[] = [];
    const result = await runPenSession({
      transport: createUsbTransport(device, { readSize: 64 }),
      commit: async (records) => {
        seen.push(...records.map((r) => r.seq));
      },
    });
    await sim.stop();
    expect(result.recordsAcknowledged).toBe(300);
    expect(seen).toEqual(range(1, 300));
    expect(dock.pen(1)?.records).toEqual([]);
    expect(device.calls.slice(0, 3)).toEqual(['open', 'selectConfiguration 1', 'claimInterface 1']);
    expect(device.calls).toContain('clearHalt in 1');
    expect(device.calls.slice(-2)).toEqual(['releaseInterface 1', 'close']);
  });

  it('reports an unplug during the read as disconnectedMidRead', async () => {
    const { device, sim } = await usbDock(500);
    let batches = 0;
    const error = await runPenSession({
      transport: createUsbTransport(device),
      batchSize: 100,
      commit: async () => {
        if (++batches === 2) device.unplug();
      },
    }).catch((e: unknown) => e);
    await sim.stop();
    expect(isDriverError(error, 'device.disconnectedMidRead')).toBe(true);
    expect(batches).toBe(2);
  });

  it('maps open failures to codes', async () => {
    const busy = await usbDock(1);
    busy.device.failClaim = new Error('LIBUSB_ERROR_BUSY');
    const e1 = await createUsbTransport(busy.device)
      .open()
      .catch((e: unknown) => e);
    expect(isDriverError(e1, 'device.portBusy')).toBe(true);
    expect(busy.device.opened).toBe(false);
    await busy.sim.stop();

    const denied = await usbDock(1);
    denied.device.failOpen = new Error('LIBUSB_ERROR_ACCESS');
    const e2 = await createUsbTransport(denied.device)
      .open()
      .catch((e: unknown) => e);
    expect(isDriverError(e2, 'device.permissionDenied')).toBe(true);
    await denied.sim.stop();
  });

  it('refuses a device without a vendor-specific bulk interface', async () => {
    const pair = createMemoryPair();
    const device = new FakeUsbDevice(pair.host, 0x08);
    const error = await createUsbTransport(device)
      .open()
      .catch((e: unknown) => e);
    expect(isDriverError(error, 'device.unsupportedDock')).toBe(true);
    expect(device.calls).toContain('close');
  });
});
