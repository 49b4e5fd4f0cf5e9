import type { DriverError } from '../errors.ts';

/**
 * A byte pipe to one device. Chunk boundaries carry no meaning: a frame may arrive in pieces or
 * several frames in one chunk.
 */
export interface Transport {
  /** For logs and transcripts, e.g. "serial:/dev/ttyUSB0". */
  readonly label: string;
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the OS (not when they are on the wire). */
  write(data: Uint8Array): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (data: Uint8Array) => void): () => void;
  /** The device went away without us closing it. Fires at most once per open. */
  onDisconnect(listener: (error: DriverError) => void): () => void;
  /** Idempotent; never rejects because the device is already gone. */
  close(): Promise<void>;
}

/** Minimal synchronous listener list; a throwing listener does not stop the others. */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get size(): number {
    return this.#set.size;
  }
}
