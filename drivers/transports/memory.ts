import { DriverError } from '../errors.ts';
import { Listeners } from './transport.ts';
import type { Transport } from './transport.ts';

export interface MemoryPair {
  /** The end the host (driver session) uses. */
  host: Transport;
  /** The end a device or simulator uses. */
  device: Transport;
  /** Pull the cable: both ends see a disconnect. */
  unplug(): void;
}

class MemoryEnd implements Transport {
  readonly label: string;
  peer: MemoryEnd | undefined;
  #open = false;
  #gone = false;
  readonly #data = new Listeners<Uint8Array>();
  readonly #disconnect = new Listeners<DriverError>();

  constructor(label: string) {
    this.label = label;
  }

  async open(): Promise<void> {
    if (this.#gone) throw new DriverError('device.notFound', `${this.label} was unplugged`);
    this.#open = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.#open) {
      throw new DriverError(
        this.#gone ? 'device.disconnectedMidRead' : 'device.protocol',
        `${this.label} is not open`,
      );
    }
    const copy = data.slice();
    const peer = this.peer;
    // Deliver on a later turn, as real I/O does, so request/reply chains never recurse.
    setImmediate(() => peer?.deliver(copy));
  }

  deliver(data: Uint8Array): void {
    if (this.#open) this.#data.emit(data);
  }

  onData(listener: (data: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onDisconnect(listener: (error: DriverError) => void): () => void {
    return this.#disconnect.add(listener);
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    const peer = this.peer;
    setImmediate(() => peer?.lost(`${this.label} closed its end`));
  }

  lost(why: string): void {
    if (!this.#open) return;
    this.#open = false;
    this.#gone = true;
    this.#disconnect.emit(new DriverError('device.disconnectedMidRead', why));
  }
}

/** Two connected in-memory ends. Closing one end is a disconnect for the other. */
export function createMemoryPair(label = 'memory'): MemoryPair {
  const host = new MemoryEnd(`${label}:host`);
  const device = new MemoryEnd(`${label}:device`);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug() {
      host.lost('unplugged');
      device.lost('unplugged');
    },
  };
}
