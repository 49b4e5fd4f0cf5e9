// Recurring visits every other week, and a series changed or cancelled from a date on.
import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('recurring series', () => {
  it('plans every other week, and edits or cancels the series from a date on', async () => {
    const made = await ok(office.admin, 'plans.generate', {
      orderId: 'o-1',
      from: '2026-06-01', // a Monday
      to: '2026-06-28',
      weekdays: [1],
      start: '08:00',
      minutes: 30,
      staffIds: ['s-anna'],
      everyWeeks: 2,
    });
    expect(made.created).toBe(2);
    const list = async () =>
      (await ok(office.admin, 'plans.list', { from: '2026-06-01', to: '2026-06-30' })).plans.filter(
        (p) => p.status === 'planned',
      );
    const plans = await list();
    expect(plans.map((p) => p.start.slice(0, 10))).toEqual(['2026-06-01', '2026-06-15']);
    const seriesId = plans[0]!.seriesId!;
    expect(plans[1]!.seriesId).toBe(seriesId);

    await ok(office.admin, 'plans.editSeries', {
      seriesId,
      from: '2026-06-10',
      start: '09:00',
      end: '09:45',
      staffIds: ['s-bo'],
    });
    const moved = await list();
    expect(moved[0]).toMatchObject({ staffIds: ['s-anna'] });
    expect(moved[1]).toMatchObject({
      staffIds: ['s-bo'],
      start: '2026-06-15T07:00:00.000Z',
      end: '2026-06-15T07:45:00.000Z',
    });

    expect(
      await ok(office.admin, 'plans.editSeries', { seriesId, from: '2026-06-10', cancel: true }),
    ).toEqual({
      changed: 1,
    });
    expect((await list()).map((p) => p.start.slice(0, 10))).toEqual(['2026-06-01']);
  });
});
