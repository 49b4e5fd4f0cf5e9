// A day's registrations as the office reads them: unmatched first, deviations explained, paired
// again whenever what pairing reads changes, and the task codes of each visit.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';
import { at, seedRegistration } from '../helpers/seed.ts';

const office = useOfficeCore();

describe('registrations and visits', () => {
  it('lists a day unmatched first, explains deviations, and fixes one with a correction', async () => {
    const ids = day(office.t.core.database.sqlite);
    const list = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(list.total).toBe(5);
    expect(list.unmatched).toBe(1);
    expect(list.rows[0]).toMatchObject({ id: ids.d3, deviations: ['unmatchedDepart'] });
    expect(list.rows.find((r) => r.id === ids.a2)?.recipient).toEqual({ id: 'r-2', name: '', masked: true });

    // The departure at r-3 had no arrival: register the missed arrival by hand.
    await ok(office.admin, 'corrections.create', {
      correctsId: null,
      reason: 'Glömde registrera ankomst',
      changes: {
        time: { date: '2026-05-12', time: '10:00' },
        kind: 'arrive',
        staffId: 's-anna',
        recipientId: 'r-3',
      },
    });
    const after = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(after.unmatched).toBe(0);
    expect(after.total).toBe(6);
    const visits = await ok(office.admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits.visits.map((v) => v.minutes).sort()).toEqual([30, 30, 45]);

    // Moving a departure is a new record; the original stays, marked corrected.
    await ok(office.admin, 'corrections.create', {
      correctsId: ids.d1,
      reason: 'Fel tid på pennan',
      changes: { time: { date: '2026-05-12', time: '08:50' } },
    });
    const moved = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    const d1 = moved.rows.find((r) => r.id === ids.d1)!;
    expect(d1.corrected).toBe(true);
    expect(d1.penTime).toBe(at('2026-05-12', '08:45'));
    expect(d1.time).toBe(at('2026-05-12', '08:50'));
    expect(await ok(office.admin, 'corrections.forRegistration', { registrationId: ids.d1 })).toHaveLength(1);
    const pending = office.t.core.database.sqlite
      .prepare("select kind, count(*) as n from outbox where state = 'pending' group by kind order by kind")
      .all();
    expect(pending).toEqual([
      { kind: 'correction', n: 2 },
      { kind: 'registration', n: 6 },
    ]);
  });

  it('pairs again when a plan, a correction or a registration changes, whatever else was written', async () => {
    const ids = day(office.t.core.database.sqlite);
    const a1Deviations = async () =>
      (await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' })).rows.find(
        (r) => r.id === ids.a1,
      )!.deviations;
    expect(await a1Deviations()).toEqual(['unplanned']);
    // Writes pairing does not read (an audit entry, a language) keep what was paired.
    await ok(office.admin, 'recipients.get', { id: 'r-1' });
    expect(await a1Deviations()).toEqual(['unplanned']);

    const plan = {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      tasks: [],
    };
    const saved = await ok(office.admin, 'plans.save', plan);
    expect(await a1Deviations()).toEqual([]);
    await ok(office.admin, 'plans.save', { ...plan, id: saved.id, start: '15:00', end: '15:30' });
    expect(await a1Deviations()).toEqual(['unplanned']);
    await ok(office.admin, 'plans.save', { ...plan, id: saved.id });
    expect(await a1Deviations()).toEqual([]);
    await ok(office.admin, 'plans.cancel', { id: saved.id });
    expect(await a1Deviations()).toEqual(['unplanned']);
    // Removed outright (as sync does with a plan the server no longer has).
    const again = await ok(office.admin, 'plans.save', plan);
    expect(await a1Deviations()).toEqual([]);
    office.t.core.database.sqlite.prepare('delete from visit_plans where id = ?').run(again.id);
    expect(await a1Deviations()).toEqual(['unplanned']);

    await ok(office.admin, 'corrections.create', {
      correctsId: ids.a1,
      reason: 'Fel brukare',
      changes: { recipientId: 'r-3' },
    });
    expect(await a1Deviations()).toEqual(['unmatchedArrive']);
    // A docked registration: the arrival at r-3 now has its departure.
    const d = seedRegistration(office.t.core.database.sqlite, {
      staffId: 's-anna',
      recipientId: 'r-3',
      tagUid: 'CCCCCCCC',
      time: at('2026-05-12', '08:30'),
      kind: 'depart',
    });
    expect(await a1Deviations()).toEqual(['unplanned']);
    // The app never changes a stored registration, but if anything did, pairing would notice.
    office.t.core.database.sqlite.prepare("update registrations set kind = 'arrive' where id = ?").run(d);
    expect(await a1Deviations()).toEqual(['unmatchedArrive']);
  });

  it('lists the task codes registered inside each visit, and none outside it', async () => {
    const ids = day(office.t.core.database.sqlite);
    const sqlite = office.t.core.database.sqlite;
    const task = (time: string, code: number) => {
      const id = seedRegistration(sqlite, {
        staffId: 's-anna',
        recipientId: 'r-1',
        tagUid: 'AAAAAAAA',
        time: at('2026-05-12', time),
        kind: 'task',
      });
      sqlite.prepare('update registrations set task_code = ? where id = ?').run(code, id);
    };
    task('08:10', 7);
    task('08:20', 12);
    task('09:10', 99); // after Anna left r-1: outside any visit
    const { visits } = await ok(office.admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits.find((v) => v.id === `v:${ids.a1}`)?.taskCodes).toEqual([7, 12]);
    expect(visits.find((v) => v.id === `v:${ids.a2}`)?.taskCodes).toEqual([]);
  });
});
