// Pacing at a nominal baud rate: a pty or a socket delivers at memory speed, a UART does not.
// Each chunk is released when its last byte would have finished on an 8N1 line (10 bits a byte).
// Deadlines are absolute, so timer lateness never accumulates over a long upload.
import { performance } from 'node:perf_hooks';
import type { Transport } from '../transports/transport.ts';

export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}

export class PacedWriter {
  readonly #transport: Transport;
  readonly #baudRate: number;
  #lineFreeAt = 0;
  #queue: Promise<void> = Promise.resolve();

  /** baudRate 0 writes at once. */
  constructor(transport: Transport, baudRate: number) {
    this.#transport = transport;
    this.#baudRate = baudRate;
  }

  write(bytes: Uint8Array): Promise<void> {
    const run = this.#queue.then(() => this.#send(bytes));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #send(bytes: Uint8Array): Promise<void> {
    if (this.#baudRate <= 0) return this.#transport.write(bytes);
    const byteMs = wireTimeMs(1, this.#baudRate);
    // About 5 ms of line time per chunk: smooth enough for progress bars, few enough timers.
    const chunk = Math.max(1, Math.round(this.#baudRate / 10 / 200));
    const start = Math.max(performance.now(), this.#lineFreeAt);
    this.#lineFreeAt = start + bytes.length * byteMs;
    for (let at = 0; at < bytes.length; at += chunk) {
      const end = Math.min(bytes.length, at + chunk);
      const due = start + end * byteMs;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.#transport.write(bytes.subarray(at, end));
    }
  }
}
