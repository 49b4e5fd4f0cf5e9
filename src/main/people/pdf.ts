// A person's data as a readable PDF (pdf-lib, its standard Helvetica: Swedish and Finnish letters
// are in its WinAnsi set): a heading, then each section as lines of text, paged.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface PdfSection {
  title: string;
  lines: string[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/** Characters outside WinAnsi would make pdf-lib throw; they are shown as '?'. */
function printable(font: PDFFont, text: string): string {
  return [...text]
    .map((c) => {
      try {
        font.encodeText(c);
        return c;
      } catch {
        return '?';
      }
    })
    .join('');
}

export async function personPdf(
  title: string,
  subtitle: string,
  sections: PdfSection[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('CareDock');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const line = (text: string, size: number, f: PDFFont) => {
    if (y < MARGIN + size) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
    page.drawText(printable(f, text).slice(0, 110), { x: MARGIN, y, size, font: f, color: rgb(0, 0, 0) });
    y -= size * 1.45;
  };
  line(title, 18, bold);
  line(subtitle, 10, font);
  y -= 8;
  for (const s of sections) {
    y -= 6;
    line(`${s.title} (${s.lines.length})`, 13, bold);
    for (const l of s.lines) line(l, 9, font);
  }
  return doc.save();
}
