// The printed billing basis, drawn with pdf-lib on A4 landscape in Helvetica (a standard font
// every reader has, so nothing is embedded; its WinAnsi set covers Swedish and Finnish). What a
// municipality files: who provides, for which municipality and period, whether and by whom it was
// attested (and which version), the same columns as the screen, and page numbers.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { BillingRow } from '../../shared/api/procedures/workflows.ts';

const WIDTH = 842;
const HEIGHT = 595;
const LEFT = 40;
const RIGHT = 802;

export interface BillingPdfLabels {
  title: string;
  /** Lines under the title: provider, municipality, period, attest, generated. */
  facts: string[];
  columns: [string, string, string, string, string, string, string];
  chartTitle: string;
  planned: string;
  performed: string;
  total: string;
  masked: string;
  /** "Sida {page} av {pages}" with the numbers filled in. */
  page: (page: number, pages: number) => string;
}

export interface BillingPdfInput {
  rows: BillingRow[];
  weeks: { week: string; plannedMinutes: number; performedMinutes: number }[];
  hours: (minutes: number) => string;
  labels: BillingPdfLabels;
  /** Document information: title and when it was made. */
  info: { title: string; author: string; createdAt: Date };
}

/** A writer that keeps to what the font can show: anything outside WinAnsi becomes "?". */
function writer(font: PDFFont) {
  const shown = new Set(font.getCharacterSet());
  const clean = (text: string) =>
    [...text].map((ch) => (shown.has(ch.codePointAt(0)!) ? ch : ch === '\t' ? ' ' : '?')).join('');
  return {
    clean,
    fit(text: string, size: number, width: number): string {
      let s = clean(text);
      if (font.widthOfTextAtSize(s, size) <= width) return s;
      while (s.length > 1 && font.widthOfTextAtSize(`${s}…`, size) > width) s = s.slice(0, -1);
      return `${s}…`;
    },
  };
}

export async function billingPdf(input: BillingPdfInput): Promise<Uint8Array> {
  const { labels, rows, hours } = input;
  const doc = await PDFDocument.create();
  doc.setTitle(input.info.title);
  doc.setAuthor(input.info.author);
  doc.setCreator('CareDock');
  doc.setProducer('CareDock');
  doc.setCreationDate(input.info.createdAt);
  doc.setModificationDate(input.info.createdAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const plain = writer(regular);
  const strong = writer(bold);

  let page: PDFPage = doc.addPage([WIDTH, HEIGHT]);
  /** Distance from the top of the page, as a reader counts it. */
  let y = 50;
  const text = (x: number, top: number, s: string, size: number, isBold = false) =>
    page.drawText((isBold ? strong : plain).clean(s), {
      x,
      y: HEIGHT - top,
      size,
      font: isBold ? bold : regular,
    });
  const textRight = (x: number, top: number, s: string, size: number, isBold = false) => {
    const font = isBold ? bold : regular;
    const shown = (isBold ? strong : plain).clean(s);
    page.drawText(shown, { x: x - font.widthOfTextAtSize(shown, size), y: HEIGHT - top, size, font });
  };
  const line = (top: number) =>
    page.drawLine({
      start: { x: LEFT, y: HEIGHT - top },
      end: { x: RIGHT, y: HEIGHT - top },
      thickness: 0.6,
      color: rgb(0.3, 0.3, 0.3),
    });

  text(LEFT, y, labels.title, 16, true);
  y += 18;
  for (const fact of labels.facts) {
    text(LEFT, y, fact, 9);
    y += 12;
  }
  y += 10;
  // Recipient, id, service as text; granted, planned, performed and deviations right-aligned.
  const xs = [LEFT, 235, 345, 560, 630, 700, 760, RIGHT];
  const header = () => {
    labels.columns.forEach((c, i) =>
      i < 3 ? text(xs[i]!, y, c, 9, true) : textRight(xs[i + 1]! - 6, y, c, 9, true),
    );
    y += 6;
    line(y);
    y += 14;
  };
  header();
  const totals = { granted: 0, planned: 0, performed: 0, deviations: 0 };
  for (const row of rows) {
    if (y > HEIGHT - 60) {
      page = doc.addPage([WIDTH, HEIGHT]);
      y = 50;
      header();
    }
    const name = row.recipient.masked ? labels.masked : row.recipient.name;
    text(xs[0]!, y, plain.fit(name, 9, xs[1]! - xs[0]! - 8), 9);
    text(xs[1]!, y, plain.fit(row.recipient.id, 9, xs[2]! - xs[1]! - 8), 9);
    text(xs[2]!, y, plain.fit(`${row.serviceCode} ${row.serviceName}`, 9, xs[3]! - xs[2]! - 8), 9);
    textRight(xs[4]! - 6, y, hours(row.grantedMinutes), 9);
    textRight(xs[5]! - 6, y, hours(row.plannedMinutes), 9);
    textRight(xs[6]! - 6, y, hours(row.performedMinutes), 9);
    textRight(xs[7]! - 6, y, String(row.deviations), 9);
    totals.granted += row.grantedMinutes;
    totals.planned += row.plannedMinutes;
    totals.performed += row.performedMinutes;
    totals.deviations += row.deviations;
    y += 14;
  }
  line(y - 8);
  text(xs[0]!, y + 4, labels.total, 9, true);
  textRight(xs[4]! - 6, y + 4, hours(totals.granted), 9, true);
  textRight(xs[5]! - 6, y + 4, hours(totals.planned), 9, true);
  textRight(xs[6]! - 6, y + 4, hours(totals.performed), 9, true);
  textRight(xs[7]! - 6, y + 4, String(totals.deviations), 9, true);

  // The chart gets a page of its own: planned and performed hours per week, side by side.
  page = doc.addPage([WIDTH, HEIGHT]);
  text(LEFT, 50, labels.chartTitle, 14, true);
  const weeks = input.weeks;
  const max = Math.max(60, ...weeks.flatMap((w) => [w.plannedMinutes, w.performedMinutes]));
  const base = 460;
  const height = 340;
  const slot = Math.min(140, (760 - LEFT) / Math.max(1, weeks.length));
  const plannedColour = rgb(0.55, 0.65, 0.8);
  const performedColour = rgb(0.1, 0.45, 0.35);
  weeks.forEach((w, i) => {
    const x = LEFT + 20 + i * slot;
    const hp = (w.plannedMinutes / max) * height;
    const hd = (w.performedMinutes / max) * height;
    page.drawRectangle({ x, y: HEIGHT - base, width: slot * 0.35, height: hp, color: plannedColour });
    page.drawRectangle({
      x: x + slot * 0.38,
      y: HEIGHT - base,
      width: slot * 0.35,
      height: hd,
      color: performedColour,
    });
    text(x, base + 16, w.week, 9);
    text(x, base + 28, `${hours(w.plannedMinutes)} / ${hours(w.performedMinutes)}`, 8);
  });
  page.drawRectangle({ x: LEFT, y: HEIGHT - 527, width: 10, height: 10, color: plannedColour });
  text(LEFT + 16, 526, labels.planned, 9);
  page.drawRectangle({ x: LEFT + 120, y: HEIGHT - 527, width: 10, height: 10, color: performedColour });
  text(LEFT + 136, 526, labels.performed, 9);

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    page = p;
    textRight(RIGHT, HEIGHT - 24, labels.page(i + 1, pages.length), 8);
  });
  return doc.save();
}
