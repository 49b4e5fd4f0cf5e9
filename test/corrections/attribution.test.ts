// What the pen could not know is fixed afterwards: a correction names the staff member and the
// recipient and the registrations pair again; a pen's or a tag's stored registrations are
// re-attributed in one act; times that end before they start are refused.
import { describe, expect, it } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';
import { at, seedRegistration } from '../helpers/seed.ts';

const office = useOfficeCore();

function strayPen(sqlite: Parameters<typeof seedRegistration>[0]) {
  // A pen no one was assigned to, at a door whose tag was never linked to a home.
  const reg = (time: string, kind: 'arrive' | 'depart') =>
    seedRegistration(sqlite, {
      staffId: null,
      recipientId: null,
      tagUid: 'EEEEEEEE',
      time: at('2026-05-12', time),
      kind,
      pen: 'PEN-7',
    });
  return { arrive: reg('08:00', 'arrive'), depart: reg('08:40', 'depart') };
}

describe('attributing registrations afterwards', () => {
  it('re-pairs after a correction sets the staff member and the recipient', async () => {
    const sqlite = office.t.core.database.sqlite;
    // Anna arrived at r-1 with her pen; the depart came from a pen with no one assigned.
    const arrive = seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:00'),
      kind: 'arrive',
    });
    const depart = seedRegistration(sqlite, {
      staffId: null,
      recipientId: null,
      tagUid: 'EEEEEEEE',
      time: at('2026-05-12', '08:30'),
      kind: 'depart',
      pen: 'PEN-7',
    });
    const before = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect([before.unmatched, before.unknownStaff, before.unknownTag]).toEqual([2, 1, 1]);
    expect(
      await failure(office.admin, 'corrections.create', {
        correctsId: depart,
        reason: 'Fel person',
        changes: { staffId: 'nobody' },
      }),
    ).toBe('devices.staffUnknown');
    await ok(office.admin, 'corrections.create', {
      correctsId: depart,
      reason: 'Annas reservpenna',
      changes: { staffId: 's-anna', recipientId: 'r-1' },
    });
    const after = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect([after.unmatched, after.unknownStaff, after.unknownTag]).toEqual([0, 0, 0]);
    const { visits } = await ok(office.admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ staff: { id: 's-anna' }, recipient: { id: 'r-1' }, minutes: 30 });
    expect(after.rows.find((r) => r.id === arrive)!.visitId).toBe(visits[0]!.id);
  });

  it("gives a pen's and a tag's stored registrations their staff and recipient in one act each", async () => {
    const sqlite = office.t.core.database.sqlite;
    const ids = strayPen(sqlite);
    const range = { from: at('2026-05-01', '00:00'), to: at('2026-06-01', '00:00') };
    expect(
      await ok(office.admin, 'corrections.reattributePreview', { source: 'pen', key: 'PEN-7', ...range }),
    ).toEqual({ count: 2, locked: 0 });
    expect(
      await ok(office.admin, 'corrections.reattribute', {
        source: 'pen',
        key: 'PEN-7',
        ...range,
        staffId: 's-bo',
        reason: 'Pennan var Bos från maj',
      }),
    ).toEqual({ corrected: 2, locked: 0 });
    await ok(office.admin, 'corrections.reattribute', {
      source: 'tag',
      key: 'eeeeeeee',
      ...range,
      recipientId: 'r-3',
      reason: 'Taggen sitter hos r-3',
    });
    const { visits } = await ok(office.admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ staff: { id: 's-bo' }, recipient: { id: 'r-3' }, minutes: 40 });
    // The second correction kept what the first said.
    const history = await ok(office.admin, 'corrections.forRegistration', { registrationId: ids.arrive });
    expect(history.at(-1)!.changes).toEqual({ staffId: 's-bo', recipientId: 'r-3' });
    // Nothing left to change: a second run finds nothing.
    expect(
      (
        await ok(office.admin, 'corrections.reattributePreview', {
          source: 'pen',
          key: 'PEN-7',
          ...range,
          staffId: 's-bo',
        })
      ).count,
    ).toBe(0);
    const audit = await ok(office.admin, 'audit.list', { limit: 50 });
    expect(audit.filter((a) => a.action === 'corrections.create')).toHaveLength(4);
  });
});

describe('times that end before they start', () => {
  it('refuses a planned visit that ends before it starts, unless it runs past midnight', async () => {
    const plan = {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '10:00',
      end: '09:00',
      tasks: ['PO'],
    };
    expect(await failure(office.admin, 'plans.save', plan)).toBe('time.endBeforeStart');
    expect(await failure(office.admin, 'plans.save', { ...plan, end: '10:00' })).toBe('time.endBeforeStart');
    const night = await ok(office.admin, 'plans.save', {
      ...plan,
      start: '22:00',
      end: '06:00',
      overnight: true,
    });
    expect((Date.parse(night.end) - Date.parse(night.start)) / 3600_000).toBe(8);
  });

  it('refuses a manual visit 10:00–09:30 and stores nothing of it', async () => {
    const visit = {
      staffId: 's-anna',
      recipientId: 'r-1',
      date: '2026-05-12',
      arrive: '10:00',
      depart: '09:30',
      reason: 'Pennan glömd hemma',
    };
    expect(await failure(office.admin, 'corrections.manualVisit', visit)).toBe('time.endBeforeStart');
    const none = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-13' });
    expect(none.total).toBe(0);
    const made = await ok(office.admin, 'corrections.manualVisit', {
      ...visit,
      arrive: '23:30',
      depart: '00:15',
      overnight: true,
    });
    expect(made.departId).not.toBeNull();
    const { visits } = await ok(office.admin, 'visits.list', { from: '2026-05-12', to: '2026-05-13' });
    expect(visits.map((v) => v.minutes)).toEqual([45]);
  });
});
