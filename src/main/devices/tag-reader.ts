import { createEm4100Reader } from '../../../drivers/em4100/reader.ts';
import { createSerialTransport } from '../../../drivers/transports/serial.ts';
import type { Transport } from '../../../drivers/transports/transport.ts';
import { CareDockError } from '../../shared/errors/index.ts';

export interface TagReaderPort {
  path: string;
  label: string;
  baudRate: number;
}

/**
 * "Hold the tag to the reader": opens the configured readers for as long as the admin waits and
 * answers with the first tag any of them reads. The ports stay closed otherwise, so the readers
 * are free for other programs.
 */
export async function readOneTag(
  readers: TagReaderPort[],
  timeoutMs: number,
  signal: AbortSignal,
  transportFor: (reader: TagReaderPort) => Transport = (r) =>
    createSerialTransport({ path: r.path, baudRate: r.baudRate }),
): Promise<{ uid: string; reader: string }> {
  if (readers.length === 0) throw new CareDockError('device.noTagReader');
  const opened: { stop(): Promise<void> }[] = [];
  try {
    return await new Promise<{ uid: string; reader: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CareDockError('device.noTagRead')), timeoutMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new CareDockError('device.aborted'));
        },
        { once: true },
      );
      let failures = 0;
      for (const port of readers) {
        const reader = createEm4100Reader({
          transport: transportFor(port),
          onTag: (tag) => {
            clearTimeout(timer);
            resolve({ uid: tag.uid, reader: port.label || port.path });
          },
        });
        opened.push(reader);
        reader.start().catch(() => {
          failures++;
          if (failures === readers.length) {
            clearTimeout(timer);
            reject(new CareDockError('device.noTagReader'));
          }
        });
      }
    });
  } finally {
    await Promise.all(opened.map((r) => r.stop().catch(() => undefined)));
  }
}
