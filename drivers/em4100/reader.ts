import type { DriverError } from '../errors.ts';
import { createSerialTransport } from '../transports/serial.ts';
import type { Transport } from '../transports/transport.ts';
import { Em4100Parser } from './parser.ts';
import type { Em4100Tag } from './parser.ts';

export const EM4100_BAUD_RATE = 9600;

export interface Em4100ReaderOptions {
  transport: Transport;
  onTag: (tag: Em4100Tag) => void;
  /** Bad checksums and broken frames, e.g. a tag moved away mid-read. Usually just logged. */
  onBadRead?: (reason: 'checksum' | 'format') => void;
  onDisconnect?: (error: DriverError) => void;
  /** Readers repeat a tag several times a second while it is held; report it once per this window. */
  repeatWithinMs?: number;
  now?: () => number;
}

export interface Em4100Reader {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** "Hold the tag to the reader": reports each distinct tag once while it is held. */
export function createEm4100Reader(options: Em4100ReaderOptions): Em4100Reader {
  const parser = new Em4100Parser();
  const now = options.now ?? Date.now;
  const repeatWithinMs = options.repeatWithinMs ?? 1500;
  let last: { uid: string; at: number } | undefined;
  const unsubscribe: (() => void)[] = [];

  return {
    async start() {
      unsubscribe.push(
        options.transport.onData((chunk) => {
          for (const event of parser.push(chunk)) {
            if (event.type === 'error') {
              options.onBadRead?.(event.reason);
              continue;
            }
            const at = now();
            const repeat = last !== undefined && last.uid === event.tag.uid && at - last.at < repeatWithinMs;
            last = { uid: event.tag.uid, at };
            if (!repeat) options.onTag(event.tag);
          }
        }),
        options.transport.onDisconnect((error) => options.onDisconnect?.(error)),
      );
      await options.transport.open();
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      await options.transport.close();
    },
  };
}

export function createEm4100SerialTransport(path: string): Transport {
  return createSerialTransport({ path, baudRate: EM4100_BAUD_RATE });
}
