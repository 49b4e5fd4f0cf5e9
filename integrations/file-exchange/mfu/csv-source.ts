// Bytes of a CSV file to text. Spreadsheet exports in Sweden are UTF-8 (often with a BOM) or
// Windows-1252 with nothing to tell them apart, so 'auto' decides from the first 64 KiB.
import { CareDockError } from '../../../src/shared/errors/index.ts';
import type { MfuRecipientMapping } from '../records.ts';

export const SNIFF_BYTES = 65_536;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const hasBom = (bytes: Uint8Array) => UTF8_BOM.every((b, i) => bytes[i] === b);

/** The pieces read so far as one buffer (Node's own copy; a single piece is not copied). */
function concat(parts: Uint8Array[], length: number): Uint8Array {
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
}

type Decode = (bytes: Uint8Array, final: boolean) => string;

function strictUtf8(): Decode {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (bytes, final) => {
    try {
      return decoder.decode(bytes, { stream: !final });
    } catch {
      throw new CareDockError('exchange.file.encoding', { encoding: 'UTF-8' });
    }
  };
}

function windows1252(): Decode {
  const decoder = new TextDecoder('windows-1252');
  return (bytes, final) => decoder.decode(bytes, { stream: !final });
}

/**
 * The decoder for a file whose first bytes are `head` (all of the file when `complete`), and the
 * text of those bytes. A UTF-8 BOM always means UTF-8, whatever the mapping says: no
 * Windows-1252 export starts with "ï»¿".
 */
function choose(head: Uint8Array, complete: boolean, encoding: MfuRecipientMapping['encoding']) {
  if (encoding === 'utf-8' || hasBom(head)) {
    const decode = strictUtf8();
    return { decode, text: decode(head, complete) };
  }
  if (encoding === 'auto') {
    // Streamed, so a character cut by the end of the window waits for its last bytes instead of
    // reading as invalid; the same decoder then goes on with the rest of the file.
    const decode = strictUtf8();
    try {
      return { decode, text: decode(head, complete) };
    } catch {
      // Not UTF-8 at the start: the other encoding such exports come in.
    }
  }
  const decode = windows1252();
  return { decode, text: decode(head, complete) };
}

/**
 * The file as text with every line break a plain LF: csv-parse counts a CRLF inside a quoted
 * field as two lines, which would put every later record's line one off.
 */
export async function* decodeCsv(
  source: AsyncIterable<Uint8Array>,
  encoding: MfuRecipientMapping['encoding'],
): AsyncGenerator<string> {
  let decode: Decode | null = null;
  let head: Uint8Array[] = [];
  let headLength = 0;
  let carriedCr = false;
  const lf = (text: string) => {
    let t = carriedCr ? `\r${text}` : text;
    carriedCr = t.endsWith('\r');
    if (carriedCr) t = t.slice(0, -1);
    return t.replace(/\r\n?/g, '\n');
  };
  for await (const chunk of source) {
    if (decode) {
      yield lf(decode(chunk, false));
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < SNIFF_BYTES) continue;
    const bytes = concat(head, headLength);
    head = [];
    // Exactly the window, so the decision does not depend on how the source cut its chunks.
    const chosen = choose(bytes.subarray(0, SNIFF_BYTES), false, encoding);
    decode = chosen.decode;
    yield lf(chosen.text + decode(bytes.subarray(SNIFF_BYTES), false));
  }
  if (!decode) {
    const chosen = choose(concat(head, headLength), true, encoding);
    decode = chosen.decode;
    yield lf(chosen.text);
  } else {
    yield lf(decode(new Uint8Array(0), true));
  }
  if (carriedCr) yield '\n';
}
