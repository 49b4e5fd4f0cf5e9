// Drawing on a page, always as part of the structure or as an artifact, so nothing lands on a
// page untagged. Positions count from the top of the page, as a reader does; pdf-lib's count
// from the bottom.
import { rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { ArchivalPdf } from './document.ts';
import { printable } from './fonts.ts';
import { StructureElement, type ArtifactKind } from './structure.ts';
import { fitText } from './text-fit.ts';

/** What a drawing belongs to: an element of the structure, or an artifact of that kind. */
export type Tag = StructureElement | ArtifactKind;

export interface TextPlace {
  /** The left edge, or with align 'right' the right edge. */
  x: number;
  /** The baseline's distance from the top of the page. */
  top: number;
  size: number;
  bold?: boolean;
  align?: 'left' | 'right';
  /** At most this wide: longer text ends in "…". */
  width?: number;
  color?: RGB;
}

export function tagged(pdf: ArchivalPdf, page: PDFPage, tag: Tag, draw: () => void): void {
  if (tag instanceof StructureElement) pdf.tags.mark(page, tag, draw);
  else pdf.tags.artifact(page, draw, tag);
}

/**
 * Each page's current font. pdf-lib adds a font resource under a new name every time drawText is
 * given a font (and again to restore the old one): hundreds for a table. Choosing it with setFont
 * only when it changes adds a name per change of font instead.
 */
const pageFonts = new WeakMap<PDFPage, PDFFont>();

function useFont(page: PDFPage, font: PDFFont): void {
  if (pageFonts.get(page) === font) return;
  page.setFont(font);
  pageFonts.set(page, font);
}

export function drawText(pdf: ArchivalPdf, page: PDFPage, tag: Tag, text: string, at: TextPlace): void {
  const font = at.bold ? pdf.fonts.bold : pdf.fonts.regular;
  const shown = at.width === undefined ? printable(font, text) : fitText(font, text, at.size, at.width);
  if (shown === '') return;
  const x = at.align === 'right' ? at.x - font.widthOfTextAtSize(shown, at.size) : at.x;
  useFont(page, font);
  tagged(pdf, page, tag, () =>
    page.drawText(shown, { x, y: page.getHeight() - at.top, size: at.size, color: at.color ?? rgb(0, 0, 0) }),
  );
}

/** A horizontal rule from `from` to `to` at `top`: layout, not content. */
export function drawRule(
  pdf: ArchivalPdf,
  page: PDFPage,
  at: { from: number; to: number; top: number; thickness?: number; color?: RGB },
): void {
  const y = page.getHeight() - at.top;
  tagged(pdf, page, 'Layout', () =>
    page.drawLine({
      start: { x: at.from, y },
      end: { x: at.to, y },
      thickness: at.thickness ?? 0.6,
      color: at.color ?? rgb(0.3, 0.3, 0.3),
    }),
  );
}

/** A filled rectangle whose bottom edge is `bottom` from the top of the page. */
export function drawBox(
  pdf: ArchivalPdf,
  page: PDFPage,
  tag: Tag,
  box: { x: number; bottom: number; width: number; height: number; color: RGB },
): void {
  tagged(pdf, page, tag, () =>
    page.drawRectangle({
      x: box.x,
      y: page.getHeight() - box.bottom,
      width: box.width,
      height: box.height,
      color: box.color,
    }),
  );
}
