// How many SMS parts a text takes (3GPP TS 23.038 alphabets, TS 23.040 concatenation). GSM-7 packs
// 160 septets in one SMS, 153 per part when concatenated (the user data header takes the rest);
// characters of the extension table take two septets and are never split across parts. Anything
// outside the GSM alphabet sends the whole message as UCS-2: 70 UTF-16 units, 67 per part, and a
// surrogate pair stays in one part. Swedish and Finnish letters (å ä ö) are in the GSM alphabet.

const gsmBasic = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const gsmExtension = new Set(Array.from('^{}\\[~]|€\f'));

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units still free in the last part. */
  remaining: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!gsmBasic.has(ch) && !gsmExtension.has(ch)) return false;
  return true;
}

/** Fills parts of `size` units with items of 1 or 2 units, never splitting an item. */
function pack(
  widths: number[],
  single: number,
  size: number,
): { units: number; segments: number; remaining: number } {
  const units = widths.reduce((a, b) => a + b, 0);
  if (units === 0) return { units: 0, segments: 0, remaining: single };
  if (units <= single) return { units, segments: 1, remaining: single - units };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > size) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { units, segments, remaining: size - used };
}

export function countSegments(text: string): SegmentCount {
  if (isGsm7(text)) {
    const widths = Array.from(text, (ch) => (gsmExtension.has(ch) ? 2 : 1));
    return { encoding: 'gsm7', ...pack(widths, 160, 153) };
  }
  const widths = Array.from(text, (ch) => ch.length); // a code point is 1 or 2 UTF-16 units
  return { encoding: 'ucs2', ...pack(widths, 70, 67) };
}

/** The longest message CareDock sends: six parts (918 GSM-7 characters), as operators commonly cap it. */
export const maxSegments = 6;
