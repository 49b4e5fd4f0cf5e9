import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeFrame, encodeMessage, FrameDecoder } from '../../drivers/index.ts';
import type { DecodeEvent, Frame, Message } from '../../drivers/index.ts';
import { addressArb, frameArb, MESSAGE_TYPES, messageArb, recordsArb } from './support/arbitraries.ts';

function framesOf(events: DecodeEvent[]): Frame[] {
  return events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
}

function encodeWhole(message: Message, seq: number, slot: number): Uint8Array {
  const { command, payload } = encodeMessage(message);
  return encodeFrame({ seq, slot, command, payload });
}

describe('pen-dock v1 codec properties', () => {
  it('decode(encode(message)) is the message, for every frame type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(messageArb, addressArb, (message, { seq, slot }) => {
        seen.add(message.type);
        const decoder = new FrameDecoder();
        const frames = framesOf(decoder.push(encodeWhole(message, seq, slot)));
        expect(frames).toHaveLength(1);
        const [frame] = frames;
        expect(frame?.seq).toBe(seq);
        expect(frame?.slot).toBe(slot);
        const decoded = decodeMessage(frame?.command ?? -1, frame?.payload ?? new Uint8Array());
        expect(decoded).toEqual({ ok: true, message });
        expect(decoder.pending).toBe(0);
      }),
      { numRuns: 3000 },
    );
    expect([...seen].sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('raw frames survive encode → decode byte for byte, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 64 }),
        (frames, chunk) => {
          const bytes = Buffer.concat(frames.map((f) => encodeFrame(f)));
          const decoder = new FrameDecoder();
          const out: Frame[] = [];
          for (let i = 0; i < bytes.length; i += chunk)
            out.push(...framesOf(decoder.push(bytes.subarray(i, i + chunk))));
          expect(out).toEqual(frames);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects every single-bit flip of a frame', () => {
    fc.assert(
      fc.property(messageArb, addressArb, (message, { seq, slot }) => {
        const frame = encodeWhole(message, seq, slot);
        for (let bit = 0; bit < frame.length * 8; bit++) {
          const bad = frame.slice();
          bad[bit >>> 3] = (bad[bit >>> 3] ?? 0) ^ (1 << (bit & 7));
          const decoder = new FrameDecoder();
          expect(framesOf(decoder.push(bad)), `bit ${bit}`).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resynchronises after random garbage and still finds every frame', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 80 }), messageArb, addressArb), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.uint8Array({ maxLength: 80 }),
        (parts, tail) => {
          const chunks: Uint8Array[] = [];
          const expected: { seq: number; slot: number; message: Message }[] = [];
          for (const [garbage, message, { seq, slot }] of parts) {
            chunks.push(garbage, encodeWhole(message, seq, slot));
            expected.push({ seq, slot, message });
          }
          chunks.push(tail);
          const decoder = new FrameDecoder();
          const got = framesOf(decoder.push(Buffer.concat(chunks))).map((f) => {
            const d = decodeMessage(f.command, f.payload);
            return { seq: f.seq, slot: f.slot, message: d.ok ? d.message : d.reason };
          });
          // Garbage could in principle hold a valid frame of its own (HCS + CRC match by chance);
          // that is 1 in 2^24 per position, so the sequence of frames must be exactly ours.
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a stalled partial frame is dropped by resyncStalled and the frame behind it is found', () => {
    fc.assert(
      fc.property(messageArb, messageArb, fc.nat(), (lostOne, message, cut) => {
        const damaged = encodeWhole(lostOne, 1, 1);
        const at = cut % damaged.length;
        const truncated = Buffer.concat([damaged.subarray(0, at), damaged.subarray(at + 1)]);
        const decoder = new FrameDecoder();
        expect(decoder.push(truncated).filter((e) => e.type === 'frame')).toEqual([]);
        const whole = encodeWhole(message, 2, 1);
        const raws = decoder.push(whole).flatMap((e) => (e.type === 'frame' ? [Buffer.from(e.raw)] : []));
        for (let i = 0; i < 64 && decoder.pending > 0 && raws.length === 0; i++) {
          raws.push(
            ...decoder.resyncStalled().flatMap((e) => (e.type === 'frame' ? [Buffer.from(e.raw)] : [])),
          );
        }
        // Nothing but real frames comes out. The one corner: when the lost byte equals the byte
        // that follows (e.g. a CRC ending in A5), the stream really does hold the original frame.
        for (const raw of raws) expect([Buffer.from(whole), Buffer.from(damaged)]).toContainEqual(raw);
        if (!raws.some((raw) => raw.equals(Buffer.from(damaged)))) expect(raws).toEqual([Buffer.from(whole)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('one record with a forbidden value never hides the records before it, and alone is kept whole', () => {
    // Each way §3.1 can be broken, done to the bytes of one record of a reply. A record one
    // byte short or long cannot be told from its neighbour's bytes (records carry no length),
    // only when it is the last: so those two break the last record only.
    const breakers: ((record: Uint8Array) => Uint8Array)[] = [
      (r) => r.with(8, 4 + (r[8]! % 200)),
      (r) => (r[8] === 3 ? r.with(9, 0).with(10, 0) : r.with(10, 7)),
      (r) => r.with(11, r[11]! | 0x04),
      (r) => r.with(12, [1, 5, 8, 200][r[12]! % 4]!),
    ];
    const lengthBreakers: ((record: Uint8Array) => Uint8Array)[] = [
      (r) => r.subarray(0, r.length - 1),
      (r) => Uint8Array.from([...r, 0]),
    ];
    fc.assert(
      fc.property(recordsArb, fc.nat(), fc.nat(), (records, pick, how) => {
        fc.pre(records.length > 0);
        const last = how % 3 === 0;
        const at = last ? records.length - 1 : pick % records.length;
        const breakIt = (last ? lengthBreakers : breakers)[how % (last ? 2 : 4)]!;
        const bytes = records.map((r) =>
          encodeMessage({ type: 'records', records: [r] }).payload.subarray(1),
        );
        bytes[at] = breakIt(bytes[at]!);
        const payload = Uint8Array.from([records.length, ...bytes.flatMap((b) => [...b])]);
        const decoded = decodeMessage(0x82, payload);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok || decoded.message.type !== 'records') return;
        const message = decoded.message;
        if (records.length === 1) {
          expect(message.records).toEqual([]);
          expect(message.rejected?.seq).toBe(records[0]!.seq);
          expect(Buffer.from(message.rejected?.bytes ?? [])).toEqual(Buffer.from(bytes[0]!));
        } else {
          // Taken exactly up to the broken one, never past it, and no throw.
          expect(message.cutShort).toBeDefined();
          expect(message.records).toEqual(records.slice(0, at));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('encoding rejects what the protocol cannot carry', () => {
    expect(() => encodeFrame({ seq: 256, slot: 1, command: 1, payload: new Uint8Array() })).toThrow(
      RangeError,
    );
    expect(() => encodeFrame({ seq: 1, slot: 16, command: 1, payload: new Uint8Array() })).toThrow(
      RangeError,
    );
    expect(() => encodeFrame({ seq: 1, slot: 1, command: 1, payload: new Uint8Array(8193) })).toThrow(
      RangeError,
    );
    expect(() => encodeMessage({ type: 'readRecords', fromSeq: 1, maxCount: 0 })).toThrow(RangeError);
    expect(() =>
      encodeMessage({
        type: 'records',
        records: [
          {
            seq: 1,
            tagUid: '0102',
            penTime: 0,
            kind: 'arrive',
            taskCode: 0,
            lowBattery: false,
            clockReset: false,
          },
        ],
      }),
    ).toThrow(/UID/);
  });
});
