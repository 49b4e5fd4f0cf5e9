import { stringify } from 'csv-stringify/sync';
import type { BillingColumn } from '../../shared/api/procedures/settings.ts';
import type { BillingRow } from '../../shared/api/procedures/workflows.ts';
import { PdfDocument } from './pdf.ts';

/** Hours with a decimal comma, as Swedish and Finnish spreadsheets read numbers. */
export const hours = (minutes: number) => (minutes / 60).toFixed(2).replace('.', ',');

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) starts with a quote
 * instead, so a recipient named "=HYPERLINK(…)" stays text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(
  row: BillingRow,
  month: string,
  key: BillingColumn['key'],
  maskedName: string,
  version: number | null,
): string {
  switch (key) {
    case 'attestVersion':
      return version === null ? '' : String(version);
    case 'month':
      return month;
    case 'recipientId':
      return row.recipient.id;
    case 'recipientName':
      return row.recipient.masked ? maskedName : row.recipient.name;
    case 'serviceCode':
      return row.serviceCode;
    case 'serviceName':
      return row.serviceName;
    case 'grantedHours':
      return hours(row.grantedMinutes);
    case 'plannedHours':
      return hours(row.plannedMinutes);
    case 'performedHours':
      return hours(row.performedMinutes);
    case 'deviations':
      return String(row.deviations);
  }
}

/**
 * UTF-8 with BOM, semicolons, decimal comma, ISO dates; the column layout is the municipality's.
 * A masked recipient's name cell says so in the language of the person exporting.
 */
export function billingCsv(
  month: string,
  rows: BillingRow[],
  columns: BillingColumn[],
  maskedName: string,
  version: number | null = null,
): Buffer {
  const records = rows.map((row) =>
    columns.map((c) => neutraliseFormula(cell(row, month, c.key, maskedName, version))),
  );
  const text = stringify(records, {
    header: true,
    columns: columns.map((c) => c.header),
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
  return Buffer.from(text, 'utf8');
}

export interface PdfLabels {
  title: string;
  generated: string;
  columns: [string, string, string, string, string, string];
  chartTitle: string;
  planned: string;
  performed: string;
  total: string;
  masked: string;
}

export function billingPdf(
  month: string,
  rows: BillingRow[],
  weeks: { week: string; plannedMinutes: number; performedMinutes: number }[],
  labels: PdfLabels,
): Buffer {
  const pdf = new PdfDocument();
  const left = 40;
  let y = 50;
  pdf.text(left, y, `${labels.title} ${month}`, 16, true);
  y += 18;
  pdf.text(left, y, labels.generated, 9);
  y += 24;
  const xs = [left, 260, 400, 560, 650, 740, 800];
  const header = () => {
    labels.columns.forEach((c, i) =>
      i < 3 ? pdf.text(xs[i]!, y, c, 9, true) : pdf.textRight(xs[i + 1]! - 10, y, c, 9),
    );
    y += 6;
    pdf.line(left, y, 802, y);
    y += 14;
  };
  header();
  const totals = { granted: 0, planned: 0, performed: 0 };
  for (const row of rows) {
    if (y > pdf.height - 60) {
      pdf.addPage();
      y = 50;
      header();
    }
    pdf.text(xs[0]!, y, (row.recipient.masked ? labels.masked : row.recipient.name).slice(0, 38), 9);
    pdf.text(xs[1]!, y, row.recipient.id.slice(0, 22), 9);
    pdf.text(xs[2]!, y, `${row.serviceCode} ${row.serviceName}`.slice(0, 28), 9);
    pdf.textRight(xs[4]! - 10, y, hours(row.grantedMinutes), 9);
    pdf.textRight(xs[5]! - 10, y, hours(row.plannedMinutes), 9);
    pdf.textRight(xs[6]! - 10, y, hours(row.performedMinutes), 9);
    totals.granted += row.grantedMinutes;
    totals.planned += row.plannedMinutes;
    totals.performed += row.performedMinutes;
    y += 14;
  }
  pdf.line(left, y - 8, 802, y - 8);
  pdf.text(xs[0]!, y + 4, labels.total, 9, true);
  pdf.textRight(xs[4]! - 10, y + 4, hours(totals.granted), 9);
  pdf.textRight(xs[5]! - 10, y + 4, hours(totals.planned), 9);
  pdf.textRight(xs[6]! - 10, y + 4, hours(totals.performed), 9);

  // The chart gets a page of its own: planned and performed hours per week, side by side.
  pdf.addPage();
  pdf.text(left, 50, `${labels.chartTitle} ${month}`, 14, true);
  const max = Math.max(60, ...weeks.flatMap((w) => [w.plannedMinutes, w.performedMinutes]));
  const base = 460;
  const height = 340;
  const slot = Math.min(140, (760 - left) / Math.max(1, weeks.length));
  weeks.forEach((w, i) => {
    const x = left + 20 + i * slot;
    const hp = (w.plannedMinutes / max) * height;
    const hd = (w.performedMinutes / max) * height;
    pdf.rect(x, base - hp, slot * 0.35, hp, [0.55, 0.65, 0.8]);
    pdf.rect(x + slot * 0.38, base - hd, slot * 0.35, hd, [0.1, 0.45, 0.35]);
    pdf.text(x, base + 16, w.week, 9);
    pdf.text(x, base + 28, `${hours(w.plannedMinutes)} / ${hours(w.performedMinutes)} h`, 8);
  });
  pdf.line(left, base, 802, base);
  pdf.rect(left, 520, 10, 10, [0.55, 0.65, 0.8]);
  pdf.text(left + 16, 529, labels.planned, 9);
  pdf.rect(left + 120, 520, 10, 10, [0.1, 0.45, 0.35]);
  pdf.text(left + 136, 529, labels.performed, 9);
  return pdf.toBuffer();
}
