import { crc16, crc8 } from './crc.ts';
import {
  CRC_LENGTH,
  HEADER_LENGTH,
  MAX_PAYLOAD,
  MAX_SLOT,
  PROTOCOL_VERSION,
  START_1,
  START_2,
} from './constants.ts';
import type { Frame } from './frame.ts';

export type DecodeEvent =
  | { type: 'frame'; frame: Frame; raw: Uint8Array }
  /** A complete-looking frame whose header check or CRC failed; its first byte was skipped. */
  | { type: 'corrupt'; reason: 'header' | 'crc' };

export interface DecoderStats {
  frames: number;
  corruptFrames: number;
  /** Bytes thrown away while hunting for a start marker. */
  garbageBytes: number;
}

/**
 * Streaming frame decoder with resynchronisation. It never throws on input: anything that is not
 * a valid frame is skipped one byte at a time, so a real frame hidden behind garbage (or inside a
 * frame that failed its CRC) is still found.
 */
export class FrameDecoder {
  #buf = new Uint8Array(1024);
  #start = 0;
  #end = 0;
  readonly stats: DecoderStats = { frames: 0, corruptFrames: 0, garbageBytes: 0 };

  /** Bytes held back, waiting for the rest of a frame. */
  get pending(): number {
    return this.#end - this.#start;
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    this.#append(chunk);
    return this.#drain();
  }

  /**
   * The sender went quiet in the middle of a frame, so bytes were lost: give up on the frame
   * that starts here and look for another start marker in what was buffered.
   */
  resyncStalled(): DecodeEvent[] {
    if (this.pending === 0) return [];
    this.#start += 1;
    this.stats.garbageBytes += 1;
    return this.#drain();
  }

  reset(): void {
    this.#start = 0;
    this.#end = 0;
  }

  #append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const live = this.#end - this.#start;
      if (live + chunk.length <= this.#buf.length && this.#start > 0) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        const next = new Uint8Array(Math.max(this.#buf.length * 2, live + chunk.length));
        next.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = next;
      }
      this.#start = 0;
      this.#end = live;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  #drain(): DecodeEvent[] {
    const events: DecodeEvent[] = [];
    const buf = this.#buf;
    // Every pass either consumes at least one byte or stops, so this ends.
    while (this.#start < this.#end) {
      const marker = this.#findMarker();
      if (marker < 0) break;
      const s = this.#start;
      const avail = this.#end - s;
      if (avail < HEADER_LENGTH) break;
      const version = buf[s + 2];
      const slot = buf[s + 4] ?? 0;
      const length = ((buf[s + 6] ?? 0) << 8) | (buf[s + 7] ?? 0);
      if (crc8(buf, s + 2, s + 8) !== buf[s + 8]) {
        this.#skipCorrupt(events, 'header');
        continue;
      }
      if (version !== PROTOCOL_VERSION || length > MAX_PAYLOAD || slot > MAX_SLOT) {
        // A well-formed header we cannot use (another version, or nonsense): treat as garbage.
        this.#start += 1;
        this.stats.garbageBytes += 1;
        continue;
      }
      const total = HEADER_LENGTH + length + CRC_LENGTH;
      if (avail < total) break;
      const crcAt = s + HEADER_LENGTH + length;
      const expected = ((buf[crcAt] ?? 0) << 8) | (buf[crcAt + 1] ?? 0);
      if (crc16(buf, s + 2, crcAt) !== expected) {
        this.#skipCorrupt(events, 'crc');
        continue;
      }
      const raw = buf.slice(s, s + total);
      events.push({
        type: 'frame',
        frame: {
          seq: raw[3] ?? 0,
          slot,
          command: raw[5] ?? 0,
          payload: raw.subarray(HEADER_LENGTH, HEADER_LENGTH + length),
        },
        raw,
      });
      this.stats.frames += 1;
      this.#start += total;
    }
    if (this.#start === this.#end) {
      this.#start = 0;
      this.#end = 0;
    }
    return events;
  }

  #skipCorrupt(events: DecodeEvent[], reason: 'header' | 'crc'): void {
    events.push({ type: 'corrupt', reason });
    this.stats.corruptFrames += 1;
    this.#start += 1;
  }

  /** Advances #start to the next A5 5A (or to a trailing A5). Returns -1 when none is complete. */
  #findMarker(): number {
    const buf = this.#buf;
    let i = this.#start;
    while (i < this.#end) {
      if (buf[i] === START_1) {
        if (i + 1 >= this.#end) break;
        if (buf[i + 1] === START_2) break;
      }
      i++;
    }
    this.stats.garbageBytes += i - this.#start;
    this.#start = i;
    return i + 1 < this.#end ? i : -1;
  }
}
