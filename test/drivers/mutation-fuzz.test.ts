import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeFrame,
  encodeMessage,
  FrameDecoder,
  HEADER_LENGTH,
} from '../../drivers/index.ts';
import { createRandom } from '../../drivers/simulator/random.ts';
import { addressArb, messageArb } from './support/arbitraries.ts';

const FRAMES = 10_000;
const MUTATIONS_PER_FRAME = 100;

type Mutation = 'bits' | 'burst' | 'truncate' | 'byte';

/**
 * The damage a line does and the frame checks are proven to catch: 1–3 flipped bits anywhere,
 * a replaced byte, bursts up to 8 bits anywhere (HCS and CRC) and up to 16 bits after the header
 * (CRC), and truncation (the length never completes).
 */
function mutate(frame: Uint8Array, random: () => number): { bytes: Uint8Array; kind: Mutation } {
  const pick = Math.floor(random() * 4);
  const bits = frame.length * 8;
  const flip = (b: Uint8Array, bit: number): void => {
    b[bit >>> 3] = (b[bit >>> 3] ?? 0) ^ (0x80 >>> (bit & 7));
  };
  if (pick === 0) {
    const out = frame.slice();
    const count = 1 + Math.floor(random() * 3);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(random() * bits));
    for (const bit of chosen) flip(out, bit);
    return { bytes: out, kind: 'bits' };
  }
  if (pick === 1) {
    const out = frame.slice();
    const payloadBits = (frame.length - HEADER_LENGTH) * 8;
    const long = random() < 0.5;
    const length = long ? 9 + Math.floor(random() * 8) : 1 + Math.floor(random() * 8);
    const start = long
      ? HEADER_LENGTH * 8 + Math.floor(random() * (payloadBits - length + 1))
      : Math.floor(random() * (bits - length + 1));
    flip(out, start);
    if (length > 1) flip(out, start + length - 1);
    for (let i = 1; i < length - 1; i++) if (random() < 0.5) flip(out, start + i);
    return { bytes: out, kind: 'burst' };
  }
  if (pick === 2) {
    return { bytes: frame.slice(0, Math.floor(random() * frame.length)), kind: 'truncate' };
  }
  const out = frame.slice();
  const at = Math.floor(random() * frame.length);
  out[at] = ((out[at] ?? 0) + 1 + Math.floor(random() * 255)) & 0xff;
  return { bytes: out, kind: 'byte' };
}

describe('decoder under 1,000,000 mutated frames', () => {
  it('throws nothing and yields nothing from a corrupted frame', () => {
    const counts: Record<Mutation, number> = { bits: 0, burst: 0, truncate: 0, byte: 0 };
    let total = 0;
    let recovered = 0;
    fc.assert(
      fc.property(messageArb, addressArb, fc.integer(), (message, { seq, slot }, seed) => {
        const { command, payload } = encodeMessage(message);
        const frame = encodeFrame({ seq, slot, command, payload });
        const random = createRandom(seed);
        const decoder = new FrameDecoder();
        for (let i = 0; i < MUTATIONS_PER_FRAME; i++) {
          const { bytes, kind } = mutate(frame, random);
          counts[kind]++;
          total++;
          decoder.reset();
          const events = [...decoder.push(bytes), ...decoder.resyncStalled()];
          for (const event of events) {
            if (event.type !== 'frame') continue;
            // Reaching here is the failure; decodeMessage shows what would have leaked.
            const leaked = decodeMessage(event.frame.command, event.frame.payload);
            expect.fail(
              `${kind} mutation yielded a frame: ${JSON.stringify(leaked.ok ? leaked.message.type : leaked.reason)}`,
            );
          }
          // Every 16th case: the real frame right after the damage is still found.
          if ((i & 15) === 0) {
            decoder.reset();
            decoder.push(bytes);
            const after = decoder.push(frame).filter((e) => e.type === 'frame');
            let flushed = 0;
            while (after.length === 0 && decoder.pending > 0 && flushed++ < frame.length) {
              after.push(...decoder.resyncStalled().filter((e) => e.type === 'frame'));
            }
            expect(after).toHaveLength(1);
            recovered++;
          }
        }
      }),
      { numRuns: FRAMES, seed: 20260101 },
    );
    expect(total).toBe(1_000_000);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(200_000);
    expect(recovered).toBeGreaterThan(60_000);
  }, 120_000);
});
