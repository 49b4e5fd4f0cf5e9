// The printed billing basis is a document a municipality files: who provides for which
// municipality and period, the attest (who, when, version), the screen's columns with the
// deviations, page numbers and local time. Read back with pdf.js, as a reader would.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { pdfPages } from '../helpers/pdf-text.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

const pagesOf = pdfPages;

describe('the printed billing basis', () => {
  it('names period, attest and version, has the deviations column, page numbers and local time', async () => {
    day(office.t.core.database.sqlite);
    const attest = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: { unmatched: 1, unknownStaff: 0, unknownTag: 0 },
    });
    const file = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'pdf' });
    expect(file.filename).toBe('underlag-2026-05-v1.pdf');
    const pages = await pagesOf(file.base64);
    expect(pages).toHaveLength(2);
    const first = pages[0]!;
    expect(first).toContain('Underlag för ersättning 2026-05');
    expect(first).toContain('Period: 2026-05-01 – 2026-05-31');
    expect(first).toContain(`Attesterad av ${attest.attestedBy}`);
    expect(first).toContain('version 1');
    expect(first).toContain('Kommun: ej installerad mot en kommun');
    for (const column of [
      'Brukare',
      'Brukar-ID',
      'Insats',
      'Beviljad (h)',
      'Planerad (h)',
      'Utförd (h)',
      'Avvikelser',
    ])
      expect(first).toContain(column);
    expect(first).toContain('Skyddad identitet');
    expect(first).not.toContain('Skyddad Person');
    expect(first).toContain('Europe/Stockholm');
    expect(first).not.toContain('UTC');
    expect(first).toContain('Sida 1 av 2');
    expect(pages[1]).toContain('Sida 2 av 2');
    // The generated time is the municipality's clock, as the screen shows it.
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
    }).format(new Date());
    expect(first).toContain(local);
  });

  it('says when a basis is not attested', async () => {
    day(office.t.core.database.sqlite);
    const file = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'pdf' });
    const [first] = await pagesOf(file.base64);
    expect(first).toContain('Ej attesterad: preliminärt underlag som kan ändras');
  });
});
