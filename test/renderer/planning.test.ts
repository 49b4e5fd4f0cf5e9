// The planning board's logic (components/workflows/planning.ts): where a visit sits, what a drag
// or an arrow key makes of it, and its warnings in words. Europe/Stockholm, as the PC runs.
import { describe, expect, it } from 'vitest';
import type { PlanRecord } from '../../src/shared/api/index.ts';

process.env.TZ = 'Europe/Stockholm';
const p = await import('../../src/renderer/components/workflows/planning.ts');
const { i18n } = await import('../../src/renderer/lib/i18n.svelte.ts');

function plan(id: string, start: string, end: string, over: Partial<PlanRecord> = {}): PlanRecord {
  return {
    id,
    recipient: { id: 'r-1', name: 'Karin Karlsson', masked: false },
    orderId: 'o-1',
    staffIds: ['s-anna'],
    start,
    end,
    tasks: ['PO'],
    services: [{ code: 'PO', minutes: 30 }],
    seriesId: null,
    status: 'planned',
    editedAt: '2026-05-01T08:00:00.000Z',
    editedBy: 'anna',
    warnings: [],
    ...over,
  };
}

describe('snapping', () => {
  it('rounds minutes to the nearest quarter of an hour', () => {
    expect([0, 7, 8, 22, 23, -8, 100].map(p.snap)).toEqual([0, 0, 15, 15, 30, -15, 105]);
  });
});

describe('a moved visit', () => {
  it('keeps its length, moves in local time and may change hands', () => {
    const visit = plan('p-1', '2026-05-12T06:00:00.000Z', '2026-05-12T06:45:00.000Z', {
      staffIds: ['s-anna', 's-bo'],
    });
    expect(p.movedPlan(visit, 90, 's-anna', 's-cecilia')).toEqual({
      id: 'p-1',
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-cecilia', 's-bo'],
      date: '2026-05-12',
      start: '09:30',
      end: '10:15',
      overnight: false,
      tasks: ['PO'],
      services: [{ code: 'PO', minutes: 30 }],
    });
    expect(p.movedPlan(visit, 0, 's-bo', 's-bo').staffIds).toEqual(['s-anna', 's-bo']);
  });

  it('moves by real minutes, as the board draws time: past midnight to the next day, over a DST night by the clock’s shift', () => {
    const late = plan('p-2', '2026-05-12T21:30:00.000Z', '2026-05-12T21:45:00.000Z'); // 23:30 local
    expect(p.movedPlan(late, 45, 's-anna', 's-anna')).toMatchObject({
      date: '2026-05-13',
      start: '00:15',
      end: '00:30',
      overnight: false,
    });
    // Moved 15 minutes on, it starts before midnight and ends after: it says so.
    expect(p.movedPlan(late, 15, 's-anna', 's-anna')).toMatchObject({
      date: '2026-05-12',
      start: '23:45',
      end: '00:00',
      overnight: true,
    });
    const saturday = plan('p-3', '2026-03-28T07:00:00.000Z', '2026-03-28T08:00:00.000Z'); // 08:00 CET
    expect(p.movedPlan(saturday, 24 * 60, 's-anna', 's-anna')).toMatchObject({
      date: '2026-03-29',
      start: '09:00', // 24 real hours after 08:00 CET is 09:00 CEST
      end: '10:00',
    });
  });

  it('is shown as a local time range', () => {
    expect(p.timeRange(plan('p-1', '2026-05-12T06:00:00.000Z', '2026-05-12T06:45:00.000Z'))).toBe(
      '08:00–08:45',
    );
  });
});

describe('lanes on a staff row', () => {
  it('puts overlapping visits side by side and lets a later one reuse a free lane', () => {
    const a = plan('a', '2026-05-12T06:00:00Z', '2026-05-12T07:00:00Z');
    const b = plan('b', '2026-05-12T06:30:00Z', '2026-05-12T07:30:00Z');
    const c = plan('c', '2026-05-12T07:00:00Z', '2026-05-12T07:15:00Z');
    const d = plan('d', '2026-05-12T09:00:00Z', '2026-05-12T09:30:00Z');
    const lanes = p.laneOut([d, c, b, a]);
    expect(lanes.map((l) => [l.plan.id, l.lane, l.lanes])).toEqual([
      ['a', 0, 2],
      ['b', 1, 2],
      ['c', 0, 2], // a has ended when c starts
      ['d', 0, 1], // a cluster of its own
    ]);
  });

  it('shows a double-staffed visit on both rows and a cancelled one on none', () => {
    const both = plan('both', '2026-05-12T06:00:00Z', '2026-05-12T07:00:00Z', {
      staffIds: ['s-anna', 's-bo'],
    });
    const gone = plan('gone', '2026-05-12T06:00:00Z', '2026-05-12T07:00:00Z', { status: 'cancelled' });
    const own = plan('own', '2026-05-12T06:30:00Z', '2026-05-12T07:30:00Z', { staffIds: ['s-bo'] });
    const rows = p.groupByStaff([both, gone, own]);
    expect([...rows.keys()].sort()).toEqual(['s-anna', 's-bo']);
    expect(rows.get('s-anna')!.map((l) => [l.plan.id, l.lanes])).toEqual([['both', 1]]);
    expect(rows.get('s-bo')!.map((l) => [l.plan.id, l.lane, l.lanes])).toEqual([
      ['both', 0, 2],
      ['own', 1, 2],
    ]);
  });
});

describe('warnings in words', () => {
  it('shows an instant as a local time and an open end as an ellipsis', () => {
    expect(
      p.warningParams({
        code: 'plan.overlap',
        params: { staffId: 's-anna', time: '2026-05-12T06:00:00.000Z' },
      }),
    ).toEqual({
      staffId: 's-anna',
      time: '2026-05-12 08:00',
    });
    expect(
      p.warningParams({
        code: 'plan.outsideOrder',
        params: { date: '2026-06-01', validFrom: '2026-01-01', validTo: '' },
      }),
    ).toEqual({ date: '2026-06-01', validFrom: '2026-01-01', validTo: '…' });
  });

  it('says the warning in the chosen language', () => {
    const overlap = { code: 'plan.overlap' as const, params: { time: '2026-05-12 08:00' } };
    i18n.lang = 'sv';
    expect(p.warningText(overlap)).toBe('Krockar med ett annat besök för samma person (2026-05-12 08:00).');
    i18n.lang = 'en';
    expect(p.warningText(overlap)).toBe('Overlaps another visit of the same person (2026-05-12 08:00).');
    i18n.lang = 'sv';
  });
});

describe('the week, a column per day', () => {
  const week = [
    '2026-05-11',
    '2026-05-12',
    '2026-05-13',
    '2026-05-14',
    '2026-05-15',
    '2026-05-16',
    '2026-05-17',
  ];

  it('puts each visit in the column of its local start day, cancelled ones nowhere', () => {
    // 23:30 UTC on the 11th is 01:30 on the 12th in Stockholm.
    const late = plan('late', '2026-05-11T23:30:00Z', '2026-05-12T00:00:00Z');
    const gone = plan('gone', '2026-05-13T06:00:00Z', '2026-05-13T07:00:00Z', { status: 'cancelled' });
    const outside = plan('outside', '2026-05-20T06:00:00Z', '2026-05-20T07:00:00Z');
    const days = p.groupByDay([late, gone, outside], week, 0);
    expect([...days.keys()]).toEqual(week);
    expect(days.get('2026-05-11')).toEqual([]);
    expect(days.get('2026-05-12')!.map((l) => l.plan.id)).toEqual(['late']);
    expect(days.get('2026-05-13')).toEqual([]);
  });

  it('lanes by the drawn height, so a short visit and the next one do not cover each other', () => {
    const short = plan('short', '2026-05-12T06:00:00Z', '2026-05-12T06:15:00Z');
    const next = plan('next', '2026-05-12T06:30:00Z', '2026-05-12T07:00:00Z');
    const byTime = p.groupByDay([short, next], week, 0).get('2026-05-12')!;
    expect(byTime.map((l) => [l.plan.id, l.lane, l.lanes])).toEqual([
      ['short', 0, 1],
      ['next', 0, 1],
    ]);
    const drawn = p.groupByDay([short, next], week, 60).get('2026-05-12')!;
    expect(drawn.map((l) => [l.plan.id, l.lane, l.lanes])).toEqual([
      ['short', 0, 2],
      ['next', 1, 2],
    ]);
  });
});
