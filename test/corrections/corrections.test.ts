// Corrections beside what they correct, never over it: a voided registration stays listed, and a
// missed visit registered by hand is a registration of its own marked manual.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('corrections', () => {
  it('keeps a voided registration in the list, struck through, and out of pairing', async () => {
    const ids = day(office.t.core.database.sqlite);
    await ok(office.admin, 'corrections.create', {
      correctsId: ids.d3,
      reason: 'Fel tagg',
      changes: { void: true },
    });
    const list = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(list.total).toBe(5);
    expect(list.unmatched).toBe(0);
    expect(list.rows.filter((r) => r.voided).map((r) => r.id)).toEqual([ids.d3]);
    expect(list.rows.find((r) => r.id === ids.d3)).toMatchObject({ corrected: true, deviations: [] });
  });
});

describe('manual registrations', () => {
  it('are marked manual, not corrected', async () => {
    const created = await ok(office.admin, 'corrections.create', {
      correctsId: null,
      reason: 'Pennan glömd hemma',
      changes: {
        time: { date: '2026-05-13', time: '09:00' },
        kind: 'arrive',
        staffId: 's-bo',
        recipientId: 'r-1',
      },
    });
    const { rows } = await ok(office.admin, 'registrations.list', { from: '2026-05-13', to: '2026-05-13' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: created.correctsId,
      manual: true,
      corrected: false,
      penSerial: 'MANUAL',
      kind: 'arrive',
    });
    expect((await ok(office.admin, 'app.info', {})).timeZone).toBe('Europe/Stockholm');
  });
});
