// Bytes of an XML file to text, in the encoding its declaration names. The declaration is read
// from the raw first bytes, before any decoding, because the decoder depends on it; everything
// after goes through one streaming decoder, so a character split over two chunks is whole.
import { CareDockError } from '../../../src/shared/errors/index.ts';

type Charset = 'utf-8' | 'windows-1252' | 'iso-8859-1';

// Names as IANA registers them, lower case. US-ASCII is a subset of UTF-8 and decoded as such;
// a byte above 127 then fails the strict UTF-8 decoder and refuses the file.
const CHARSETS: Record<string, Charset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  iso_8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

/** Enough for any declaration (`<?xml version="1.0" encoding="…" standalone="…"?>`). */
const HEAD_BYTES = 1024;

export interface DecodedPiece {
  text: string;
  /** Raw bytes this text came from (0 for the decoder's final flush). */
  bytes: number;
}

function refuse(encoding: string): never {
  // The name comes from the file: keep only what an encoding name can hold.
  throw new CareDockError('exchange.file.encoding', {
    encoding: encoding.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40) || '?',
  });
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** Encodings recognised by their first bytes alone, none of which CareDock reads. */
function unsupportedBySignature(head: Uint8Array): string | null {
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff]) || startsWith(head, [0xff, 0xfe, 0x00, 0x00]))
    return 'UTF-32';
  if (startsWith(head, [0x00, 0x00, 0x00, 0x3c]) || startsWith(head, [0x3c, 0x00, 0x00, 0x00]))
    return 'UTF-32';
  if (startsWith(head, [0xfe, 0xff]) || startsWith(head, [0xff, 0xfe])) return 'UTF-16';
  if (startsWith(head, [0x00, 0x3c, 0x00, 0x3f])) return 'UTF-16BE';
  if (startsWith(head, [0x3c, 0x00, 0x3f, 0x00])) return 'UTF-16LE';
  if (startsWith(head, [0x4c, 0x6f, 0xa7, 0x94])) return 'EBCDIC';
  return null;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** The `encoding` pseudo-attribute of the declaration, or null when there is none. */
function declaredEncoding(head: Uint8Array): string | null {
  const offset = startsWith(head, UTF8_BOM) ? 3 : 0;
  // Every byte of a declaration is ASCII, so a latin1 view of the bytes reads it in any of the
  // encodings accepted here.
  const text = Buffer.from(head.buffer, head.byteOffset + offset, head.byteLength - offset).toString(
    'latin1',
  );
  if (!/^<\?xml[\s?]/.test(text)) return null;
  const end = text.indexOf('?>');
  const declaration = end < 0 ? text : text.slice(0, end);
  const m = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(declaration);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

type Decode = (bytes: Uint8Array, final: boolean) => string;

function decoderFor(head: Uint8Array): Decode {
  const signature = unsupportedBySignature(head);
  if (signature) refuse(signature);
  const declared = declaredEncoding(head);
  const charset = declared === null ? 'utf-8' : CHARSETS[declared.toLowerCase()];
  if (charset === undefined) refuse(declared ?? '');
  const name = declared ?? 'UTF-8';
  // A UTF-8 byte-order mark in a file that says it is Latin-1 means one of the two is wrong.
  if (charset !== 'utf-8' && startsWith(head, UTF8_BOM)) refuse(name);
  if (charset === 'iso-8859-1') {
    // TextDecoder reads the label iso-8859-1 as windows-1252 (WHATWG); Node's latin1 is the real
    // ISO-8859-1, byte for code point.
    return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  const decoder = new TextDecoder(charset, { fatal: charset === 'utf-8' });
  return (bytes, final) => {
    try {
      return decoder.decode(bytes, { stream: !final });
    } catch {
      return refuse(name);
    }
  };
}

/** The pieces read so far as one buffer (Node's own copy; a single piece is not copied). */
function concat(parts: Uint8Array[], length: number): Uint8Array {
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
}

/**
 * The file as decoded text, in pieces of at most `sliceBytes` raw bytes: the reader checks its
 * part limit after each piece, so a single huge chunk from the source cannot slip past it.
 */
export async function* decodeXml(
  source: AsyncIterable<Uint8Array>,
  sliceBytes: number,
): AsyncGenerator<DecodedPiece> {
  let decode: Decode | null = null;
  let head: Uint8Array[] = [];
  let headLength = 0;
  function* slices(bytes: Uint8Array, into: Decode): Generator<DecodedPiece> {
    for (let at = 0; at < bytes.length; at += sliceBytes) {
      const part = bytes.subarray(at, at + sliceBytes);
      yield { text: into(part, false), bytes: part.length };
    }
  }
  for await (const chunk of source) {
    if (decode) {
      yield* slices(chunk, decode);
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < HEAD_BYTES) continue;
    const bytes = concat(head, headLength);
    head = [];
    decode = decoderFor(bytes);
    yield* slices(bytes, decode);
  }
  if (!decode) {
    const bytes = concat(head, headLength);
    decode = decoderFor(bytes);
    yield* slices(bytes, decode);
  }
  const rest = decode(new Uint8Array(0), true);
  if (rest) yield { text: rest, bytes: 0 };
}
