// Services (insatser) on visits: a planned visit carries its services with minutes each,
// performed time follows them (or the municipality's task-code table), and a visit still to come
// is not a deviation.
import { describe, expect, it } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';
import { at, seedRegistration } from '../helpers/seed.ts';

const office = useOfficeCore();

function rowOf<R extends { recipient: { id: string }; serviceCode: string }>(
  rows: R[],
  recipient: string,
  code: string,
): R | undefined {
  return rows.find((r) => r.recipient.id === recipient && r.serviceCode === code);
}

describe('services on visits', () => {
  it('books planned and performed time to the services of the visit', async () => {
    const sqlite = office.t.core.database.sqlite;
    const plan = await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      services: [
        { code: 'PO', minutes: 30 },
        { code: 'SE', minutes: 15 },
      ],
    });
    expect(plan.services).toEqual([
      { code: 'PO', minutes: 30 },
      { code: 'SE', minutes: 15 },
    ]);
    // Without services the plan takes the order's services its tasks name.
    const named = await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-13',
      start: '08:00',
      end: '08:20',
      tasks: ['SE'],
    });
    expect(named.services).toEqual([{ code: 'SE', minutes: 20 }]);
    // The visit of the 12th was performed in 60 minutes: 40 personal care, 20 service.
    seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:00'),
      kind: 'arrive',
    });
    seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '09:00'),
      kind: 'depart',
    });
    const basis = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    expect(rowOf(basis.rows, 'r-1', 'PO')).toMatchObject({
      plannedMinutes: 30,
      performedMinutes: 40,
      grantedMinutes: 600,
    });
    expect(rowOf(basis.rows, 'r-1', 'SE')).toMatchObject({
      plannedMinutes: 35,
      performedMinutes: 20,
      serviceName: 'Service',
    });
    const progress = await ok(office.admin, 'orders.progress', { month: '2026-05' });
    expect(rowOf(progress, 'r-1', 'SE')).toMatchObject({
      grantedMinutes: 120,
      plannedMinutes: 35,
      performedMinutes: 20,
    });
  });

  it("maps a performed visit's task codes to services by the municipality's table", async () => {
    const sqlite = office.t.core.database.sqlite;
    expect(
      await failure(office.admin, 'taskServices.set', {
        rows: [
          { taskCode: 7, serviceCode: 'SE' },
          { taskCode: 7, serviceCode: 'PO' },
        ],
      }),
    ).toBe('taskServices.duplicate');
    await ok(office.admin, 'taskServices.set', { rows: [{ taskCode: 7, serviceCode: 'SE' }] });
    expect(await ok(office.admin, 'taskServices.list', {})).toEqual([{ taskCode: 7, serviceCode: 'SE' }]);
    seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-14', '10:00'),
      kind: 'arrive',
    });
    const task = seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-14', '10:10'),
      kind: 'task',
    });
    sqlite.prepare('update registrations set task_code = 7 where id = ?').run(task);
    seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-14', '10:30'),
      kind: 'depart',
    });
    const basis = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    // Unplanned, so by the task code: service, not the order's first service.
    expect(rowOf(basis.rows, 'r-1', 'SE')!.performedMinutes).toBe(30);
    expect(rowOf(basis.rows, 'r-1', 'PO')!.performedMinutes).toBe(0);
  });

  it('does not count a planned visit still to come as a deviation', async () => {
    const next = new Date();
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const month = next.toISOString().slice(0, 7);
    await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: `${month}-15`,
      start: '08:00',
      end: '08:30',
      tasks: ['PO'],
    });
    const basis = await ok(office.admin, 'billing.basis', { month });
    expect(rowOf(basis.rows, 'r-1', 'PO')!.plannedMinutes).toBe(30);
    expect(basis.rows.reduce((n, r) => n + r.deviations, 0)).toBe(0);
  });
});
