// Text as the font shows it: any string at all can be drawn (nothing throws, nothing becomes the
// .notdef glyph), "…" cuts keep within their width, and wrapping loses no character.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ArchivalPdf, drawText, fitText, wrapText } from '../../../src/shared/pdf/index.ts';
import { printable } from '../../../src/shared/pdf/fonts.ts';
import { metadataText, xmpPacket } from '../../../src/shared/pdf/xmp.ts';
import { CREATED } from './fixtures.ts';

const pdf = await ArchivalPdf.create({ title: 't', author: 'a', language: 'sv', createdAt: CREATED });
const font = pdf.fonts.regular;
const charset = new Set(font.getCharacterSet());
/** Any code points, lone surrogates and controls included, with some Nordic text mixed in. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(fc.constantFrom('å', 'Ä', 'ö', 'š', 'Ž', ' ', 'a', 'W', '漢', '\t', '\u0301', '😀'), {
      maxLength: 60,
    })
    .map((a) => a.join('')),
);

describe('printable', () => {
  it('keeps Swedish and Finnish letters, and leaves nothing the font lacks', () => {
    expect(printable(font, 'Åsa Öberg, Šimić, Žižek: åäö ÅÄÖ šž')).toBe(
      'Åsa Öberg, Šimić, Žižek: åäö ÅÄÖ šž',
    );
    expect(printable(font, 'a\tb\nc 漢')).toBe('a b c \uFFFD');
    // A decomposed "å" (a + ring) is the one precomposed glyph.
    expect(printable(font, 'a\u030A')).toBe('å');
    fc.assert(
      fc.property(anyText, (text) => [...printable(font, text)].every((c) => charset.has(c.codePointAt(0)!))),
    );
  });

  it('lets any text be drawn and saved', async () => {
    const page = pdf.addPage([400, 400]);
    // Tifinagh is shaped by fontkit's Universal shaper, which once threw for want of a runtime.
    expect(fitText(font, 'ⴰⵣⵓⵍ', 9, 10)).toMatch(/…$/);
    drawText(pdf, page, pdf.tags.add(pdf.tags.root, 'P'), 'ⴰⵣⵓⵍ', { x: 10, top: 20, size: 9, width: 200 });
    fc.assert(
      fc.property(anyText, (text) => {
        drawText(pdf, page, pdf.tags.add(pdf.tags.root, 'P'), text, { x: 10, top: 20, size: 9, width: 200 });
      }),
      { numRuns: 200 },
    );
    const bytes = await pdf.save();
    expect(Buffer.from(bytes.subarray(0, 8)).toString()).toBe('%PDF-1.7');
  });
});

describe('fitText', () => {
  it('gives back text that fits unchanged, and cuts the rest to a prefix and "…" within the width', () => {
    expect(fitText(font, 'Åsa', 9, 100)).toBe('Åsa');
    expect(fitText(font, 'Hemtjänst städning och tvätt', 9, 60)).toMatch(/^Hemtjänst.*…$/);
    fc.assert(
      fc.property(anyText, fc.integer({ min: 10, max: 300 }), (text, width) => {
        const shown = printable(font, text);
        const fitted = fitText(font, text, 9, width);
        if (font.widthOfTextAtSize(shown, 9) <= width) return fitted === shown;
        return (
          fitted.endsWith('…') &&
          shown.startsWith(fitted.slice(0, -1)) &&
          font.widthOfTextAtSize(fitted, 9) <= width
        );
      }),
    );
  });
});

describe('wrapText', () => {
  it('breaks at spaces into lines within the width, losing no character', () => {
    expect(wrapText(font, 'Toteutunut (h)', 9, 50)).toEqual(['Toteutunut', '(h)']);
    fc.assert(
      fc.property(anyText, fc.integer({ min: 20, max: 300 }), (text, width) => {
        const lines = wrapText(font, text, 9, width);
        const fits = lines.every((l) => [...l].length <= 1 || font.widthOfTextAtSize(l, 9) <= width);
        const strip = (s: string) => s.replace(/ +/g, '');
        return fits && strip(lines.join('')) === strip(printable(font, text));
      }),
    );
  });
});

describe('the XMP packet', () => {
  it('is well-formed XML whatever the title and author, and says them as given', () => {
    fc.assert(
      fc.property(anyText, anyText, (title, author) => {
        const xml = xmpPacket({
          title,
          author,
          language: 'sv',
          createdAt: CREATED,
          creatorTool: 'CareDock',
          producer: 'CareDock (pdf-lib)',
          documentId: '00112233445566778899aabbccddeeff',
        });
        expect(XMLValidator.validate(xml)).toBe(true);
        const parsed = new XMLParser({
          ignoreAttributes: false,
          trimValues: false,
          parseTagValue: false,
        }).parse(xml) as Record<
          string,
          Record<string, Record<string, Record<string, Record<string, unknown>>>>
        >;
        const d = parsed['x:xmpmeta']!['rdf:RDF']!['rdf:Description']!;
        const li = (d['dc:title'] as { 'rdf:Alt': { 'rdf:li': { '#text'?: string } } })['rdf:Alt']['rdf:li'];
        expect(li['#text'] ?? '').toBe(metadataText(title));
      }),
      { numRuns: 200 },
    );
  });
});
