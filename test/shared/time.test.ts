// Local wall-clock time over UTC instants in the two municipalities' zones: what a person types
// becomes an instant, and an instant is shown as the local date and time, across both DST changes.
import { describe, expect, it } from 'vitest';
import {
  localDate,
  localDayBounds,
  localMonth,
  localParts,
  monthBounds,
  zonedInstant,
} from '../../src/shared/domain/time.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const SE = 'Europe/Stockholm';
const FI = 'Europe/Helsinki';

describe('an instant shown in local time', () => {
  it('gives the local date, time and numbers, seconds and milliseconds not rounded up', () => {
    expect(localParts(at('2026-07-01T21:59:59.999Z'), SE)).toEqual({
      date: '2026-07-01',
      time: '23:59',
      year: 2026,
      month: 7,
      day: 1,
      hour: 23,
      minute: 59,
    });
    expect(localParts(at('2026-01-15T06:05:00Z'), FI)).toEqual({
      date: '2026-01-15',
      time: '08:05',
      year: 2026,
      month: 1,
      day: 15,
      hour: 8,
      minute: 5,
    });
  });

  it('after midnight is the next day at 00, never 24', () => {
    expect(localParts(at('2026-07-01T22:00:00Z'), SE)).toMatchObject({
      date: '2026-07-02',
      time: '00:00',
      hour: 0,
    });
    expect(localDate(at('2026-12-31T23:30:00Z'), SE)).toBe('2027-01-01');
    expect(localMonth(at('2026-12-31T23:30:00Z'), SE)).toBe('2027-01');
    expect(localMonth(at('2026-12-31T21:30:00Z'), FI)).toBe('2026-12');
  });

  it('shows one instant in each zone’s own time, however the zones are asked for in turn', () => {
    const instant = at('2026-03-01T10:00:00Z');
    expect(localParts(instant, SE).time).toBe('11:00');
    expect(localParts(instant, FI).time).toBe('12:00');
    expect(localParts(instant, SE).time).toBe('11:00');
  });
});

describe('a local date and time as an instant', () => {
  it('winter and summer time, in Sweden and in Finland', () => {
    expect(iso(zonedInstant('2026-01-15', '08:00', SE))).toBe('2026-01-15T07:00:00.000Z');
    expect(iso(zonedInstant('2026-07-01', '08:00', SE))).toBe('2026-07-01T06:00:00.000Z');
    expect(iso(zonedInstant('2026-07-01', '08:00', FI))).toBe('2026-07-01T05:00:00.000Z');
    expect(iso(zonedInstant('2026-12-31', '23:45', FI))).toBe('2026-12-31T21:45:00.000Z');
  });

  it('on the spring-forward day: before and after the change each keep their own offset', () => {
    expect(iso(zonedInstant('2026-03-29', '01:30', SE))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '12:00', SE))).toBe('2026-03-29T10:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '23:00', FI))).toBe('2026-03-29T20:00:00.000Z');
  });

  it('a time in the spring-forward gap moves forward by the gap, as the wall clock does', () => {
    // 02:30 does not exist in Stockholm on 29 March 2026: it is 03:30 summer time.
    const instant = zonedInstant('2026-03-29', '02:30', SE);
    expect(iso(instant)).toBe('2026-03-29T01:30:00.000Z');
    expect(localParts(instant, SE).time).toBe('03:30');
    expect(iso(zonedInstant('2026-03-29', '03:15', FI))).toBe('2026-03-29T01:15:00.000Z');
  });

  it('a time that occurs twice on the fall-back day is its first occurrence', () => {
    expect(iso(zonedInstant('2026-10-25', '02:30', SE))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '03:30', FI))).toBe('2026-10-25T00:30:00.000Z');
    // Before and after the hour that repeats.
    expect(iso(zonedInstant('2026-10-25', '01:59', SE))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '12:00', SE))).toBe('2026-10-25T11:00:00.000Z');
  });

  it('round-trips every quarter hour of both change days', () => {
    for (const date of ['2026-03-29', '2026-10-25'])
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const instant = zonedInstant(date, time, SE);
        const inGap = date === '2026-03-29' && time.startsWith('02:');
        if (!inGap)
          expect(`${localDate(instant, SE)} ${localParts(instant, SE).time}`).toBe(`${date} ${time}`);
      }
  });
});

describe('days and months', () => {
  it('a local day is 24 hours, 23 on the spring-forward day and 25 on the fall-back day', () => {
    const hours = (b: { start: number; end: number }) => (b.end - b.start) / 3_600_000;
    const ordinary = localDayBounds('2026-01-15', SE);
    expect([iso(ordinary.start), iso(ordinary.end)]).toEqual([
      '2026-01-14T23:00:00.000Z',
      '2026-01-15T23:00:00.000Z',
    ]);
    expect(hours(localDayBounds('2026-03-29', SE))).toBe(23);
    expect(hours(localDayBounds('2026-10-25', SE))).toBe(25);
    expect(iso(localDayBounds('2026-12-31', FI).end)).toBe('2026-12-31T22:00:00.000Z');
  });

  it('a month runs from its first local midnight to the next month’s, December into January', () => {
    const march = monthBounds('2026-03', SE);
    expect([iso(march.start), iso(march.end)]).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
    const december = monthBounds('2026-12', SE);
    expect([iso(december.start), iso(december.end)]).toEqual([
      '2026-11-30T23:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ]);
    expect(iso(monthBounds('2026-09', FI).end)).toBe('2026-09-30T21:00:00.000Z');
  });
});
