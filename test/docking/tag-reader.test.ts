import { describe, expect, it } from 'vitest';
import { encodeEm4100 } from '../../drivers/em4100/parser.ts';
import { createMemoryPair } from '../../drivers/transports/memory.ts';
import { readOneTag } from '../../src/main/devices/tag-reader.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';

const reader = { path: '/dev/ttyFAKE', label: 'Receptionen', baudRate: 9600 };

describe('hold the tag to the reader', () => {
  it('answers with the first tag read and closes the port', async () => {
    const pair = createMemoryPair('reader');
    let closed = false;
    const host = pair.host;
    const close = host.close.bind(host);
    host.close = async () => {
      closed = true;
      await close();
    };
    await pair.device.open();
    const read = readOneTag([reader], 5000, new AbortController().signal, () => host);
    setTimeout(() => void pair.device.write(encodeEm4100('0A1B2C3D4E')), 20);
    expect(await read).toEqual({ uid: '0A1B2C3D4E', reader: 'Receptionen' });
    expect(closed).toBe(true);
  });

  it('stops waiting when cancelled, and says so', async () => {
    const pair = createMemoryPair('reader');
    const controller = new AbortController();
    const read = readOneTag([reader], 30_000, controller.signal, () => pair.host);
    controller.abort();
    await expect(read).rejects.toSatisfy(
      (e: unknown) => e instanceof CareDockError && e.code === 'device.aborted',
    );
  });

  it('says plainly when no reader is set up or none was held to it', async () => {
    await expect(readOneTag([], 1000, new AbortController().signal)).rejects.toSatisfy(
      (e: unknown) => e instanceof CareDockError && e.code === 'device.noTagReader',
    );
    const pair = createMemoryPair('reader');
    await expect(readOneTag([reader], 50, new AbortController().signal, () => pair.host)).rejects.toSatisfy(
      (e: unknown) => e instanceof CareDockError && e.code === 'device.noTagRead',
    );
  });
});
