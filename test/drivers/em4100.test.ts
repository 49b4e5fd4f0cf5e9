import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEm4100Reader, createMemoryPair, Em4100Parser, encodeEm4100 } from '../../drivers/index.ts';
import type { Em4100Tag } from '../../drivers/index.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('EM4100 ASCII reader parser', () => {
  it('parses a reader frame: STX, ten hex digits, XOR checksum, ETX', () => {
    // 0x0F ^ 0x00 ^ 0x3A ^ 0x7C ^ 0x91 = 0xD8
    const bytes = Uint8Array.from([0x02, ...ascii('0F003A7C91D8'), 0x03]);
    expect(new Em4100Parser().push(bytes)).toEqual([
      { type: 'tag', tag: { uid: '0F003A7C91', customerId: 0x0f, cardNumber: 0x003a7c91 } },
    ]);
  });

  it('accepts lower-case hex and reports upper case', () => {
    const events = new Em4100Parser().push(Uint8Array.from([0x02, ...ascii('0f003a7c91d8'), 0x03]));
    expect(events).toEqual([
      { type: 'tag', tag: { uid: '0F003A7C91', customerId: 15, cardNumber: 0x3a7c91 } },
    ]);
  });

  it('rejects a wrong checksum', () => {
    expect(new Em4100Parser().push(Uint8Array.from([0x02, ...ascii('0F003A7C91D9'), 0x03]))).toEqual([
      { type: 'error', reason: 'checksum' },
    ]);
  });

  it('rejects non-hex, missing ETX and an early STX', () => {
    const p = new Em4100Parser();
    expect(p.push(Uint8Array.from([0x02, ...ascii('0F003A7C9XD8'), 0x03]))).toEqual([
      { type: 'error', reason: 'format' },
    ]);
    expect(p.push(Uint8Array.from([0x02, ...ascii('0F003A7C91D8'), 0x0d]))).toEqual([
      { type: 'error', reason: 'format' },
    ]);
    expect(p.push(Uint8Array.from([0x02, ...ascii('0F00'), ...encodeEm4100('0102030405')]))).toEqual([
      { type: 'error', reason: 'format' },
      { type: 'tag', tag: { uid: '0102030405', customerId: 1, cardNumber: 0x02030405 } },
    ]);
  });

  it('finds every tag among garbage, in any chunking (property)', () => {
    const uidArb = fc
      .uint8Array({ minLength: 5, maxLength: 5 })
      .map((b) => Buffer.from(b).toString('hex').toUpperCase());
    const noiseArb = fc.uint8Array({ maxLength: 20 }).map((b) => b.filter((x) => x !== 0x02));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noiseArb, uidArb), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 16 }),
        (parts, chunk) => {
          const stream = Buffer.concat(parts.flatMap(([noise, uid]) => [noise, encodeEm4100(uid)]));
          const parser = new Em4100Parser();
          const tags: string[] = [];
          for (let i = 0; i < stream.length; i += chunk) {
            for (const e of parser.push(stream.subarray(i, i + chunk)))
              if (e.type === 'tag') tags.push(e.tag.uid);
          }
          expect(tags).toEqual(parts.map(([, uid]) => uid));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reader reports a held tag once, and again after the repeat window', async () => {
    const pair = createMemoryPair('em4100');
    let clock = 0;
    const tags: Em4100Tag[] = [];
    const reader = createEm4100Reader({ transport: pair.host, onTag: (t) => tags.push(t), now: () => clock });
    await reader.start();
    await pair.device.open();
    const frame = encodeEm4100('0A0B0C0D0E');
    const seen = (n: number): Promise<void> =>
      new Promise((resolve) => {
        const off = pair.host.onData(() => {
          if (--n === 0) {
            off();
            setImmediate(resolve);
          }
        });
      });
    let arrived = seen(3);
    await pair.device.write(frame);
    await pair.device.write(frame);
    clock = 1000;
    await pair.device.write(frame);
    await arrived;
    expect(tags.map((t) => t.uid)).toEqual(['0A0B0C0D0E']);
    clock = 5000;
    arrived = seen(1);
    await pair.device.write(frame);
    await arrived;
    expect(tags.map((t) => t.uid)).toEqual(['0A0B0C0D0E', '0A0B0C0D0E']);
    await reader.stop();
  });
});
