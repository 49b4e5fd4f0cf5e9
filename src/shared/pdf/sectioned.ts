// A plain document: a heading, a line under it, then sections of a heading and lines, paged and
// numbered, tagged H1 / P / Sect / H2 / P. Long lines wrap rather than being cut.
import { ArchivalPdf, type DocumentInfo } from './document.ts';
import { drawText } from './draw.ts';
import { PageFlow } from './flow.ts';
import { numberPages } from './page-numbers.ts';
import type { StructureElement } from './structure.ts';
import { wrapText } from './text-fit.ts';

export interface PdfSection {
  title: string;
  lines: string[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

export async function sectionedPdf(
  info: DocumentInfo,
  subtitle: string,
  sections: readonly PdfSection[],
  opts: { countInHeadings?: boolean; page?: (page: number, pages: number) => string } = {},
): Promise<Uint8Array> {
  const pdf = await ArchivalPdf.create(info);
  const flow = new PageFlow(pdf, { size: A4, top: MARGIN, bottom: MARGIN });
  const width = A4[0] - 2 * MARGIN;
  const block = (element: StructureElement, text: string, size: number, bold = false) => {
    const font = bold ? pdf.fonts.bold : pdf.fonts.regular;
    for (const line of wrapText(font, text, size, width)) {
      flow.ensure(size);
      drawText(pdf, flow.page, element, line, { x: MARGIN, top: flow.top, size, bold });
      flow.top += size * 1.45;
    }
  };
  const doc = pdf.tags.root;
  block(pdf.tags.add(doc, 'H1'), info.title, 18, true);
  block(pdf.tags.add(doc, 'P'), subtitle, 10);
  flow.top += 8;
  for (const s of sections) {
    const section = pdf.tags.add(doc, 'Sect');
    flow.top += 6;
    block(
      pdf.tags.add(section, 'H2'),
      opts.countInHeadings ? `${s.title} (${s.lines.length})` : s.title,
      13,
      true,
    );
    for (const l of s.lines) block(pdf.tags.add(section, 'P'), l, 9);
  }
  numberPages(pdf, opts.page ?? ((page, pages) => `${page} / ${pages}`), {
    right: A4[0] - MARGIN,
    fromBottom: 24,
    size: 8,
  });
  return pdf.save();
}
