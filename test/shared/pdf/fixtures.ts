// The three documents the PDF/A tests read: the billing basis and the person's data export as
// their services make them (inputs of the same shape), and a plain document made directly with
// src/shared/pdf. Each carries the Swedish and Finnish letters and a character DejaVu lacks.
import type { BillingRow } from '../../../src/shared/api/procedures/workflows.ts';
import { billingPdf } from '../../../src/main/billing/pdf.ts';
import { personPdf } from '../../../src/main/people/pdf.ts';
import { ArchivalPdf, PageFlow, TableWriter, drawText, numberPages } from '../../../src/shared/pdf/index.ts';

export const LETTERS = 'åäöÅÄÖšž';
/** Not in DejaVu: shown as U+FFFD, never as the .notdef glyph PDF/A forbids. */
export const MISSING = '漢';
export const CREATED = new Date('2026-05-31T12:34:56.789Z');

const row = (i: number): BillingRow => ({
  recipient: { id: `R-${i}`, name: `Åsa Öberg-Šimić ${i}`, masked: i === 3 },
  serviceCode: 'HT',
  serviceName: 'Hemtjänst: städning, tvätt och inköp med en beskrivning för lång för sin kolumn',
  grantedMinutes: 600 + i,
  plannedMinutes: 540,
  performedMinutes: 530,
  deviations: i % 3,
});

export const hours = (m: number) => (m / 60).toFixed(1).replace('.', ',');

/** 40 rows: the table goes on to a second page, then the chart's page. */
export function billing(rows = 40): Promise<Uint8Array> {
  return billingPdf({
    rows: Array.from({ length: rows }, (_, i) => row(i)),
    weeks: [
      { week: 'v18', plannedMinutes: 600, performedMinutes: 500 },
      { week: 'v19', plannedMinutes: 700, performedMinutes: 720 },
    ],
    hours,
    labels: {
      title: 'Underlag för ersättning 2026-05',
      facts: ['Utförare: Åkesson Omsorg', 'Kommun: Älvdalen', `Tecken: ${LETTERS} ${MISSING}`],
      columns: ['Brukare', 'Brukar-ID', 'Insats', 'Beviljad (h)', 'Planerad (h)', 'Utförd (h)', 'Avvikelser'],
      chartTitle: 'Planerad och utförd tid per vecka',
      planned: 'Planerad (h)',
      performed: 'Utförd (h)',
      total: 'Totalt',
      masked: 'Skyddad identitet',
      page: (p, n) => `Sida ${p} av ${n}`,
    },
    info: {
      title: 'Underlag för ersättning 2026-05',
      author: 'Åke Äström',
      createdAt: CREATED,
      language: 'sv-SE',
    },
  });
}

export function person(): Promise<Uint8Array> {
  return personPdf(
    'Registerutdrag',
    'CareDock, 2026-05-31 12:34 UTC, admin',
    [
      {
        title: 'Åsa Öberg',
        lines: ['19121212-1212', 'Storgatan 1, 262 31 Ängelholm', `${LETTERS}\t${MISSING}`],
      },
      { title: 'Besök', lines: Array.from({ length: 70 }, (_, i) => `2026-05-${(i % 28) + 1} besök ${i}`) },
    ],
    { language: 'sv', author: 'admin', createdAt: CREATED },
  );
}

export async function plain(): Promise<Uint8Array> {
  const pdf = await ArchivalPdf.create({
    title: 'Tiedote – Meddelande',
    author: 'CareDock',
    language: 'fi-FI',
    createdAt: CREATED,
  });
  const flow = new PageFlow(pdf, { size: [595.28, 841.89], top: 60, bottom: 50 });
  drawText(pdf, flow.page, pdf.tags.add(pdf.tags.root, 'H1'), 'Tiedote – Meddelande', {
    x: 50,
    top: flow.top,
    size: 16,
    bold: true,
  });
  flow.top += 24;
  drawText(pdf, flow.page, pdf.tags.add(pdf.tags.root, 'P'), `Šekki ja žonglööri: ${LETTERS} ${MISSING}`, {
    x: 50,
    top: flow.top,
    size: 10,
  });
  flow.top += 20;
  const table = new TableWriter(
    pdf,
    flow,
    pdf.tags.root,
    [
      { header: 'Nimi', x: 50, width: 200 },
      { header: 'Tunnit', x: 260, width: 60, align: 'right' },
    ],
    { size: 9, rowHeight: 14, left: 50, right: 320 },
  );
  table.header();
  table.row(['Jyväskylä', '1,5']);
  table.totals(['Yhteensä', '1,5']);
  numberPages(pdf, (p, n) => `${p}/${n}`, { right: 545, fromBottom: 24, size: 8 });
  return pdf.save();
}
