// A person's data as a readable PDF/A-2b (src/shared/pdf: fonts embedded, tagged): a heading, then
// each section as a heading and its lines, paged. A line too long for the page goes on to the
// next line rather than being cut: this is the person's own data, all of it.
import { sectionedPdf, type PdfSection } from '../../shared/pdf/index.ts';

export type { PdfSection };

/** Document information; each has a default, so the PDF can be made from the text alone. */
export interface PersonPdfInfo {
  /** BCP 47 language tag of the text (default 'sv'). */
  language?: string;
  author?: string;
  createdAt?: Date;
}

export async function personPdf(
  title: string,
  subtitle: string,
  sections: PdfSection[],
  info: PersonPdfInfo = {},
): Promise<Uint8Array> {
  return sectionedPdf(
    {
      title,
      author: info.author ?? 'CareDock',
      language: info.language ?? 'sv',
      createdAt: info.createdAt ?? new Date(),
    },
    subtitle,
    sections,
    { countInHeadings: true },
  );
}
