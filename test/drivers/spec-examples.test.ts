import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  crc16,
  crc8,
  decodeMessage,
  encodeFrame,
  encodeMessage,
  fromHex,
  FrameDecoder,
} from '../../drivers/index.ts';
import type { Message } from '../../drivers/index.ts';

const spec = readFileSync(new URL('../../docs/protocol/pen-dock-v1.md', import.meta.url), 'utf8');

function blocks(lang: 'hex' | 'json'): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of spec.matchAll(new RegExp('```' + lang + ' ([a-z-]+)\\n([\\s\\S]*?)```', 'g'))) {
    out.set(match[1] ?? '', match[2] ?? '');
  }
  return out;
}

const hexBlocks = blocks('hex');
const jsonBlocks = blocks('json');

describe('docs/protocol/pen-dock-v1.md worked examples', () => {
  it('has a decoded form for every hex example, and a fair number of them', () => {
    expect([...hexBlocks.keys()].sort()).toEqual([...jsonBlocks.keys()].sort());
    expect(hexBlocks.size).toBeGreaterThanOrEqual(12);
  });

  for (const [name, hex] of hexBlocks) {
    it(`${name} decodes as the document says`, () => {
      const bytes = fromHex(hex);
      expect(bytes, 'hex block parses').toBeDefined();
      // Bytes kept whole (a quarantined record's) are written as hex in the document.
      const expected = JSON.parse(jsonBlocks.get(name) ?? 'null', (key, value: unknown) =>
        key === 'bytes' && typeof value === 'string' ? fromHex(value) : value,
      ) as { seq: number; slot: number; message: Message };
      const frames = new FrameDecoder()
        .push(bytes ?? new Uint8Array())
        .flatMap((e) => (e.type === 'frame' ? [e] : []));
      expect(frames).toHaveLength(1);
      const [{ frame, raw } = { frame: undefined, raw: undefined }] = frames;
      expect({ seq: frame?.seq, slot: frame?.slot }).toEqual({ seq: expected.seq, slot: expected.slot });
      expect(decodeMessage(frame?.command ?? -1, frame?.payload ?? new Uint8Array())).toEqual({
        ok: true,
        message: expected.message,
      });
      // And the other way: encoding the decoded form gives the document's bytes.
      const { command, payload } = encodeMessage(expected.message);
      expect(Buffer.from(encodeFrame({ seq: expected.seq, slot: expected.slot, command, payload }))).toEqual(
        Buffer.from(raw ?? []),
      );
    });
  }

  it('states the CRC check values the code computes', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc16(check)).toBe(0x29b1);
    expect(crc8(check)).toBe(0xf4);
    expect(spec).toContain('`123456789` gives `0x29B1`');
    expect(spec).toContain('`123456789` gives `0xF4`');
  });

  it('quotes dates that match the times in the examples', () => {
    expect(new Date(1767258000 * 1000).toISOString()).toBe('2026-01-01T09:00:00.000Z');
    expect(new Date(1767250800 * 1000).toISOString()).toBe('2026-01-01T07:00:00.000Z');
    expect(new Date(1767258060 * 1000).toISOString()).toBe('2026-01-01T09:01:00.000Z');
  });
});
