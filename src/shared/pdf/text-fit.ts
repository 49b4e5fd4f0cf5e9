// Measuring text against a width: cutting a line short with an ellipsis, or breaking it over
// lines. Both work on what the font will show (printable()), one code point at a time, so an
// emoji or a combining sequence is never split in half.
import type { PDFFont } from 'pdf-lib';
import { printable } from './fonts.ts';

const ELLIPSIS = '…';

/** The text, or as much of it as fits in `width` followed by "…". */
export function fitText(font: PDFFont, text: string, size: number, width: number): string {
  const shown = printable(font, text);
  if (font.widthOfTextAtSize(shown, size) <= width) return shown;
  const chars = [...shown];
  // The longest prefix that fits with the ellipsis: a binary search, since a cell may hold a
  // long free-text service name and widthOfTextAtSize lays the text out each time.
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.widthOfTextAtSize(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/** The text broken at spaces into lines no wider than `width`; a word too long is broken too. */
export function wrapText(font: PDFFont, text: string, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of printable(font, text).split(/ +/)) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (fits(joined)) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const ch of word) {
      if (line !== '' && !fits(line + ch)) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  lines.push(line);
  return lines;
}
