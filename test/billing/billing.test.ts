// The billing basis: what it shows is what it exports, as Swedish spreadsheets read it.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';
import { parse } from 'csv-parse/sync';

const office = useOfficeCore();

describe('billing basis', () => {
  it('exports the same numbers as it shows, as Swedish spreadsheets read them, with no formula', async () => {
    day(office.t.core.database.sqlite);
    await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '09:00',
      tasks: ['PO'],
    });
    const basis = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    const r1po = basis.rows.find((r) => r.recipient.id === 'r-1' && r.serviceCode === 'PO')!;
    expect(r1po).toMatchObject({ grantedMinutes: 600, plannedMinutes: 60, performedMinutes: 45 });
    const r3 = basis.rows.find((r) => r.recipient.id === 'r-3')!;
    expect(r3.grantedMinutes).toBe(220); // 22 of 31 days valid
    expect(basis.weeks.reduce((s, w) => s + w.performedMinutes, 0)).toBe(75);

    const csv = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'csv' });
    const bytes = Buffer.from(csv.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.toString('utf8').slice(1), { delimiter: ';', columns: true }) as Record<
      string,
      string
    >[];
    const row = records.find((r) => r['Brukar-ID'] === 'r-1' && r['Insatskod'] === 'PO')!;
    expect(row['Beviljad tid (h)']).toBe('10,00');
    expect(row['Planerad tid (h)']).toBe('1,00');
    expect(row['Utförd tid (h)']).toBe('0,75');
    const hostile = records.find((r) => r['Brukar-ID'] === 'r-3')!;
    expect(hostile['Brukare']!.startsWith("'=")).toBe(true);
    expect(records.find((r) => r['Brukar-ID'] === 'r-2')!['Brukare']).toBe('Skyddad identitet');

    const pdf = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'pdf' });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
