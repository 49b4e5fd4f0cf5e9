// The printed billing basis, on A4 landscape, as PDF/A-2b (src/shared/pdf: fonts embedded, so an
// archive can render it as printed, and tagged for screen readers). What a municipality files:
// who provides, for which municipality and period, whether and by whom it was attested (and
// which version), the same columns as the screen, and page numbers.
import { rgb } from 'pdf-lib';
import type { BillingRow } from '../../shared/api/procedures/workflows.ts';
import {
  ArchivalPdf,
  PageFlow,
  TableWriter,
  drawBox,
  drawText,
  numberPages,
  type TableColumn,
} from '../../shared/pdf/index.ts';

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
  /** Document information: title, who and when it was made, and its language (default sv-SE). */
  info: { title: string; author: string; createdAt: Date; language?: string };
}

/**
 * Recipient, id and service as text; granted, planned, performed and deviations right-aligned.
 * The number columns are wide enough for their Swedish labels on one line; a longer label (the
 * Finnish "Toteutunut (h)") takes two.
 */
const columnsAt = (labels: BillingPdfLabels['columns']): TableColumn[] =>
  [
    { x: LEFT, width: 187 },
    { x: 235, width: 102 },
    { x: 345, width: 187 },
    { x: 540, width: 64, align: 'right' as const },
    { x: 610, width: 64, align: 'right' as const },
    { x: 680, width: 60, align: 'right' as const },
    { x: 746, width: RIGHT - 746, align: 'right' as const },
  ].map((c, i) => ({ ...c, header: labels[i]! }));

export async function billingPdf(input: BillingPdfInput): Promise<Uint8Array> {
  const { labels, rows, hours } = input;
  const pdf = await ArchivalPdf.create({
    title: input.info.title,
    author: input.info.author,
    language: input.info.language ?? 'sv-SE',
    createdAt: input.info.createdAt,
  });
  const doc = pdf.tags.root;
  const flow = new PageFlow(pdf, { size: [WIDTH, HEIGHT], top: 50, bottom: 60 });

  drawText(pdf, flow.page, pdf.tags.add(doc, 'H1'), labels.title, {
    x: LEFT,
    top: flow.top,
    size: 16,
    bold: true,
  });
  flow.top += 18;
  for (const fact of labels.facts) {
    drawText(pdf, flow.page, pdf.tags.add(doc, 'P'), fact, { x: LEFT, top: flow.top, size: 9 });
    flow.top += 12;
  }
  flow.top += 10;

  const table = new TableWriter(pdf, flow, doc, columnsAt(labels.columns), {
    size: 9,
    rowHeight: 14,
    left: LEFT,
    right: RIGHT,
  });
  table.header();
  const totals = { granted: 0, planned: 0, performed: 0, deviations: 0 };
  for (const row of rows) {
    table.row([
      row.recipient.masked ? labels.masked : row.recipient.name,
      row.recipient.id,
      `${row.serviceCode} ${row.serviceName}`,
      hours(row.grantedMinutes),
      hours(row.plannedMinutes),
      hours(row.performedMinutes),
      String(row.deviations),
    ]);
    totals.granted += row.grantedMinutes;
    totals.planned += row.plannedMinutes;
    totals.performed += row.performedMinutes;
    totals.deviations += row.deviations;
  }
  table.totals([
    labels.total,
    '',
    '',
    hours(totals.granted),
    hours(totals.planned),
    hours(totals.performed),
    String(totals.deviations),
  ]);

  chart(pdf, input);
  numberPages(pdf, labels.page, { right: RIGHT, fromBottom: 24, size: 8 });
  return pdf.save();
}

/**
 * The chart gets a page of its own: planned and performed hours per week, side by side. Bars,
 * labels and legend are one Figure, whose alternative text gives a screen reader the same numbers.
 */
function chart(pdf: ArchivalPdf, { labels, weeks, hours }: BillingPdfInput): void {
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const doc = pdf.tags.root;
  drawText(pdf, page, pdf.tags.add(doc, 'H2'), labels.chartTitle, {
    x: LEFT,
    top: 50,
    size: 14,
    bold: true,
  });
  const alt = [
    labels.chartTitle,
    ...weeks.map(
      (w) =>
        `${w.week}: ${labels.planned} ${hours(w.plannedMinutes)}, ${labels.performed} ${hours(w.performedMinutes)}`,
    ),
  ].join('. ');
  const figure = pdf.tags.add(doc, 'Figure', { alt });
  const max = Math.max(60, ...weeks.flatMap((w) => [w.plannedMinutes, w.performedMinutes]));
  const base = 460;
  const height = 340;
  const slot = Math.min(140, (760 - LEFT) / Math.max(1, weeks.length));
  const plannedColour = rgb(0.55, 0.65, 0.8);
  const performedColour = rgb(0.1, 0.45, 0.35);
  weeks.forEach((w, i) => {
    const x = LEFT + 20 + i * slot;
    const bar = (dx: number, minutes: number, color: typeof plannedColour) =>
      drawBox(pdf, page, figure, {
        x: x + dx,
        bottom: base,
        width: slot * 0.35,
        height: (minutes / max) * height,
        color,
      });
    bar(0, w.plannedMinutes, plannedColour);
    bar(slot * 0.38, w.performedMinutes, performedColour);
    drawText(pdf, page, figure, w.week, { x, top: base + 16, size: 9 });
    drawText(pdf, page, figure, `${hours(w.plannedMinutes)} / ${hours(w.performedMinutes)}`, {
      x,
      top: base + 28,
      size: 8,
    });
  });
  drawBox(pdf, page, figure, { x: LEFT, bottom: 527, width: 10, height: 10, color: plannedColour });
  drawText(pdf, page, figure, labels.planned, { x: LEFT + 16, top: 526, size: 9 });
  drawBox(pdf, page, figure, { x: LEFT + 120, bottom: 527, width: 10, height: 10, color: performedColour });
  drawText(pdf, page, figure, labels.performed, { x: LEFT + 136, top: 526, size: 9 });
}
