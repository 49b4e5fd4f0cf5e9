// Planned visits: warnings for overlap, validity and granted time, and recurring visits from an
// order across a DST change.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('planning', () => {
  it('saves a plan with warnings for overlap, validity and granted time', async () => {
    const first = await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      tasks: ['PO'],
    });
    expect(first.warnings).toEqual([]);
    const clash = await ok(office.admin, 'plans.save', {
      recipientId: 'r-2',
      orderId: 'o-2',
      staffIds: ['s-anna', 's-bo'],
      date: '2026-05-12',
      start: '08:30',
      end: '09:00',
      tasks: [],
    });
    expect(clash.warnings.map((w) => w.code)).toContain('plan.overlap');
    const outside = await ok(office.admin, 'plans.save', {
      recipientId: 'r-3',
      orderId: 'o-3',
      staffIds: ['s-bo'],
      date: '2026-06-02',
      start: '08:00',
      end: '08:30',
      tasks: [],
    });
    expect(outside.warnings.map((w) => w.code)).toContain('plan.outsideOrder');
    const big = await ok(office.admin, 'plans.save', {
      recipientId: 'r-3',
      orderId: 'o-3',
      staffIds: ['s-bo'],
      date: '2026-05-20',
      start: '08:00',
      end: '14:00',
      tasks: [],
    });
    expect(big.warnings.map((w) => w.code)).toContain('plan.overGranted');
    // Moving the clash away clears its warning; the edit goes to the outbox, the plan stays one row.
    const moved = await ok(office.admin, 'plans.save', {
      id: clash.id,
      recipientId: 'r-2',
      orderId: 'o-2',
      staffIds: ['s-bo'],
      date: '2026-05-12',
      start: '11:00',
      end: '11:30',
      tasks: [],
    });
    expect(moved.warnings).toEqual([]);
    const listed = await ok(office.admin, 'plans.list', { from: '2026-05-11', to: '2026-05-17' });
    expect(listed.plans.map((p) => p.recipient.id).sort()).toEqual(['r-1', 'r-2']);
    expect(
      office.t.core.database.sqlite
        .prepare("select count(*) from outbox where kind = 'visitPlan'")
        .pluck()
        .get(),
    ).toBe(5);
  });

  it('generates recurring visits from an order inside its validity, across the DST change', async () => {
    const result = await ok(office.admin, 'plans.generate', {
      orderId: 'o-1',
      from: '2026-03-23',
      to: '2026-04-05',
      weekdays: [1, 3, 5],
      start: '07:30',
      minutes: 30,
      staffIds: ['s-anna'],
      tasks: ['PO'],
    });
    expect(result.created).toBe(6);
    const { plans } = await ok(office.admin, 'plans.list', { from: '2026-03-23', to: '2026-04-05' });
    const local = plans.map((p) =>
      new Date(p.start).toLocaleTimeString('sv-SE', {
        timeZone: 'Europe/Stockholm',
        hour: '2-digit',
        minute: '2-digit',
      }),
    );
    expect(new Set(local)).toEqual(new Set(['07:30']));
    const summary = await ok(office.admin, 'plans.summary', { month: '2026-03' });
    expect(summary.find((s) => s.recipient.id === 'r-1')).toMatchObject({
      grantedMinutes: 720,
      plannedMinutes: 120,
    });
  });
});
