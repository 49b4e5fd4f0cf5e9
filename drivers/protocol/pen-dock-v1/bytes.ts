// Big-endian readers and writers. The reader throws a private error type that the message decoder
// turns into a result, so malformed input never escapes as an exception.

export class TruncatedInput extends Error {
  constructor() {
    super('input ended early');
    this.name = 'TruncatedInput';
  }
}

export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  constructor(initialCapacity = 64) {
    this.#buf = new Uint8Array(initialCapacity);
  }

  #ensure(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + extra));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  u8(value: number): this {
    this.#ensure(1);
    this.#buf[this.#len++] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    this.#ensure(2);
    this.#buf[this.#len++] = (value >>> 8) & 0xff;
    this.#buf[this.#len++] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    this.#ensure(4);
    this.#buf[this.#len++] = (value >>> 24) & 0xff;
    this.#buf[this.#len++] = (value >>> 16) & 0xff;
    this.#buf[this.#len++] = (value >>> 8) & 0xff;
    this.#buf[this.#len++] = value & 0xff;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.#ensure(value.length);
    this.#buf.set(value, this.#len);
    this.#len += value.length;
    return this;
  }

  get length(): number {
    return this.#len;
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

export class ByteReader {
  readonly #buf: Uint8Array;
  #pos = 0;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  u8(): number {
    const v = this.#buf[this.#pos];
    if (v === undefined) throw new TruncatedInput();
    this.#pos += 1;
    return v;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  u32(): number {
    return ((this.u8() << 24) >>> 0) + ((this.u8() << 16) | (this.u8() << 8) | this.u8());
  }

  bytes(n: number): Uint8Array {
    if (this.remaining < n) throw new TruncatedInput();
    const out = this.#buf.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
}

const HEX = '0123456789ABCDEF';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (HEX[b >>> 4] ?? '') + (HEX[b & 0x0f] ?? '');
  return out;
}

/** Parses hex, ignoring whitespace; returns undefined for anything else (odd length, non-hex). */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
