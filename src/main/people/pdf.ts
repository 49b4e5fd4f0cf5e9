// A person's data as a readable PDF/A-2b (src/shared/pdf: fonts embedded, tagged): a heading, then
// each section as a heading and its lines, paged. A line too long for the page goes on to the
// next line rather than being cut: this is the person's own data, all of it.
import {
  ArchivalPdf,
  PageFlow,
  drawText,
  numberPages,
  wrapText,
  type StructureElement,
} from '../../shared/pdf/index.ts';

export interface PdfSection {
  title: string;
  lines: string[];
}

/** Document information; each has a default, so the PDF can be made from the text alone. */
export interface PersonPdfInfo {
  /** BCP 47 language tag of the text (default 'sv'). */
  language?: string;
  author?: string;
  createdAt?: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

export async function personPdf(
  title: string,
  subtitle: string,
  sections: PdfSection[],
  info: PersonPdfInfo = {},
): Promise<Uint8Array> {
  const pdf = await ArchivalPdf.create({
    title,
    author: info.author ?? 'CareDock',
    language: info.language ?? 'sv',
    createdAt: info.createdAt ?? new Date(),
  });
  const flow = new PageFlow(pdf, { size: A4, top: MARGIN, bottom: MARGIN });
  const width = A4[0] - 2 * MARGIN;
  /** One element's text, over as many lines (and pages) as it needs. */
  const block = (element: StructureElement, text: string, size: number, bold = false) => {
    const font = bold ? pdf.fonts.bold : pdf.fonts.regular;
    for (const line of wrapText(font, text, size, width)) {
      flow.ensure(size);
      drawText(pdf, flow.page, element, line, { x: MARGIN, top: flow.top, size, bold });
      flow.top += size * 1.45;
    }
  };
  const doc = pdf.tags.root;
  block(pdf.tags.add(doc, 'H1'), title, 18, true);
  block(pdf.tags.add(doc, 'P'), subtitle, 10);
  flow.top += 8;
  for (const s of sections) {
    const section = pdf.tags.add(doc, 'Sect');
    flow.top += 6;
    block(pdf.tags.add(section, 'H2'), `${s.title} (${s.lines.length})`, 13, true);
    for (const l of s.lines) block(pdf.tags.add(section, 'P'), l, 9);
  }
  numberPages(pdf, (page, pages) => `${page} / ${pages}`, { right: A4[0] - MARGIN, fromBottom: 24, size: 8 });
  return pdf.save();
}
