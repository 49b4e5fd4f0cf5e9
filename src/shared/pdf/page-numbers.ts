// "Sida 2 av 3" on every page, right-aligned near the bottom: drawn once all pages exist, and
// marked as pagination artifacts, which a screen reader does not read out as text.
import type { ArchivalPdf } from './document.ts';
import { drawText } from './draw.ts';

export function numberPages(
  pdf: ArchivalPdf,
  label: (page: number, pages: number) => string,
  at: { right: number; fromBottom: number; size: number },
): void {
  const pages = pdf.doc.getPages();
  pages.forEach((page, i) =>
    drawText(pdf, page, 'Pagination', label(i + 1, pages.length), {
      x: at.right,
      top: page.getHeight() - at.fromBottom,
      size: at.size,
      align: 'right',
    }),
  );
}
