// EM4100-style 125 kHz readers (RDM6300 and kin) send each tag as 14 bytes of ASCII at 9600 8N1:
// STX, ten hex digits (one version/customer byte + four ID bytes), two hex digits of XOR checksum
// over those five bytes, ETX.

const STX = 0x02;
const ETX = 0x03;
/** Ten data digits plus two checksum digits between STX and ETX. */
const BODY_LENGTH = 12;

export interface Em4100Tag {
  /** Ten upper-case hex digits, the form stored as a tag UID. */
  uid: string;
  /** The first byte (version / customer id). */
  customerId: number;
  /** The last four bytes as an unsigned number (what many readers print in decimal). */
  cardNumber: number;
}

export type Em4100Event = { type: 'tag'; tag: Em4100Tag } | { type: 'error'; reason: 'checksum' | 'format' };

export class Em4100Parser {
  #body: number[] | undefined;

  /** Feeds bytes; never throws, and garbage between frames is skipped. */
  push(chunk: Uint8Array): Em4100Event[] {
    const events: Em4100Event[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        if (this.#body !== undefined) events.push({ type: 'error', reason: 'format' });
        this.#body = [];
        continue;
      }
      const body = this.#body;
      if (body === undefined) continue;
      if (body.length < BODY_LENGTH) {
        if (!isHexDigit(byte)) {
          events.push({ type: 'error', reason: 'format' });
          this.#body = undefined;
        } else body.push(byte);
        continue;
      }
      this.#body = undefined;
      events.push(byte === ETX ? decodeBody(body) : { type: 'error', reason: 'format' });
    }
    return events;
  }
}

function decodeBody(body: number[]): Em4100Event {
  const text = String.fromCharCode(...body).toUpperCase();
  const bytes: number[] = [];
  for (let i = 0; i < 6; i++) bytes.push(Number.parseInt(text.slice(i * 2, i * 2 + 2), 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, checksum = -1] = bytes;
  if ((b0 ^ b1 ^ b2 ^ b3 ^ b4) !== checksum) return { type: 'error', reason: 'checksum' };
  return {
    type: 'tag',
    tag: {
      uid: text.slice(0, 10),
      customerId: b0,
      cardNumber: ((b1 << 24) >>> 0) + ((b2 << 16) | (b3 << 8) | b4),
    },
  };
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Builds the 14 bytes a reader sends for a tag (for tests and the simulator). */
export function encodeEm4100(uid: string): Uint8Array {
  if (!/^[0-9A-Fa-f]{10}$/.test(uid)) throw new RangeError(`EM4100 UID must be 10 hex digits: ${uid}`);
  let checksum = 0;
  for (let i = 0; i < 5; i++) checksum ^= Number.parseInt(uid.slice(i * 2, i * 2 + 2), 16);
  const text = uid.toUpperCase() + checksum.toString(16).toUpperCase().padStart(2, '0');
  const out = new Uint8Array(14);
  out[0] = STX;
  for (let i = 0; i < 12; i++) out[i + 1] = text.charCodeAt(i);
  out[13] = ETX;
  return out;
}
