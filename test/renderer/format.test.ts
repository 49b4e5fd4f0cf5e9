// The renderer's dates, times and hours (components/workflows/format.ts) as the office reads them.
// The PC runs in the municipality's zone, so this file runs in Europe/Stockholm.
import { describe, expect, it } from 'vitest';

process.env.TZ = 'Europe/Stockholm';
const f = await import('../../src/renderer/components/workflows/format.ts');

describe('calendar arithmetic', () => {
  it('adds days and months across month, year and DST boundaries', () => {
    expect(f.addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(f.addDays('2026-03-28', 2)).toBe('2026-03-30'); // over the spring-forward night
    expect(f.addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(f.addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(f.addMonths('2026-12', 1)).toBe('2027-01');
    expect(f.addMonths('2026-01', -1)).toBe('2025-12');
    expect(f.addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('finds the Monday of an ISO week and numbers weekdays from Monday', () => {
    expect(f.mondayOf('2026-05-13')).toBe('2026-05-11'); // a Wednesday
    expect(f.mondayOf('2026-05-11')).toBe('2026-05-11');
    expect(f.mondayOf('2026-05-17')).toBe('2026-05-11'); // a Sunday belongs to the week before
    expect(f.mondayOf('2027-01-01')).toBe('2026-12-28');
    expect([11, 12, 13, 14, 15, 16, 17].map((d) => f.weekday(`2026-05-${d}`))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('knows a day is 23 or 25 hours long on the DST nights', () => {
    const length = (date: string) => (f.dayStart(f.addDays(date, 1)) - f.dayStart(date)) / 3_600_000;
    expect(length('2026-03-29')).toBe(23);
    expect(length('2026-10-25')).toBe(25);
    expect(length('2026-05-12')).toBe(24);
    expect(new Date(f.dayStart('2026-05-12')).toISOString()).toBe('2026-05-11T22:00:00.000Z');
  });
});

describe('what a field accepts', () => {
  it('takes dates, times and months in their ISO form only', () => {
    expect(f.isDate('2026-05-12')).toBe(true);
    expect(['2026-5-12', '12.05.2026', '2026-13-01', '', 'x'].some(f.isDate)).toBe(false);
    expect(['00:00', '09:05', '23:59'].every(f.isTime)).toBe(true);
    expect(['24:00', '9:05', '12:60', '12.30'].some(f.isTime)).toBe(false);
    expect(['2026-01', '2026-12'].every(f.isMonth)).toBe(true);
    expect(['2026-00', '2026-13', '2026-1'].some(f.isMonth)).toBe(false);
  });
});

describe('instants as local wall-clock time', () => {
  it('shows an instant in the municipality’s zone, summer and winter', () => {
    expect(f.partsOf('2026-05-12T06:30:00Z')).toEqual({ date: '2026-05-12', time: '08:30' });
    expect(f.partsOf('2026-01-12T06:30:00Z')).toEqual({ date: '2026-01-12', time: '07:30' });
    expect(f.partsOf('2026-05-11T22:15:00Z')).toEqual({ date: '2026-05-12', time: '00:15' });
    expect(f.timeOf('2026-10-25T00:30:00Z')).toBe('02:30'); // the first 02:30 of the fall-back night
    expect(f.timeOf('2026-10-25T01:30:00Z')).toBe('02:30'); // and the second
  });

  it('writes minutes of the day as a clock, wrapping past midnight', () => {
    expect(f.minutesToClock(0)).toBe('00:00');
    expect(f.minutesToClock(605)).toBe('10:05');
    expect(f.minutesToClock(1440 + 30)).toBe('00:30');
    expect(f.minutesToClock(-15)).toBe('23:45');
    expect(f.minutesToClock(89.6)).toBe('01:30');
  });
});

describe('words and numbers in each language', () => {
  it('names days and months in Swedish, Finnish and English', () => {
    expect(f.longDate('2026-03-29', 'sv')).toBe('söndag 29 mars 2026');
    expect(f.longDate('2026-03-29', 'fi')).toBe('sunnuntaina 29. maaliskuuta 2026');
    expect(f.longDate('2026-03-29', 'en')).toBe('Sunday, 29 March 2026');
    expect(f.shortDate('2026-03-29', 'sv')).toBe('sön 29/3');
    expect(f.monthName('2026-03', 'sv')).toBe('mars 2026');
    expect(f.monthName('2026-03', 'fi')).toBe('maaliskuu 2026');
  });

  it('shows hours with two decimals and the language’s decimal sign', () => {
    expect(f.hours(90, 'sv')).toBe('1,50');
    expect(f.hours(90, 'fi')).toBe('1,50');
    expect(f.hours(90, 'en')).toBe('1.50');
    expect(f.hours(1, 'sv')).toBe('0,02');
    expect(f.hours(0, 'en')).toBe('0.00');
    expect(f.hours(600 * 60 + 30, 'sv')).toBe('600,50');
  });
});

describe('the week number and a day column heading', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(f.isoWeek('2026-12-02')).toBe(49);
    expect(f.isoWeek('2026-12-28')).toBe(53); // 2026 starts on a Thursday: 53 weeks
    expect(f.isoWeek('2027-01-03')).toBe(53); // a Sunday still in 2026's last week
    expect(f.isoWeek('2027-01-04')).toBe(1);
    expect(f.isoWeek('2024-12-30')).toBe(1); // a Monday already in 2025's first week
    expect(f.isoWeek('2021-01-03')).toBe(53);
  });

  it('heads a column with the weekday and date in the UI language', () => {
    expect(f.dayHeading('2026-11-30', 'sv')).toEqual({ weekday: 'måndag', date: '30/11' });
    expect(f.dayHeading('2026-11-30', 'fi').weekday).toBe('maanantai');
    expect(f.dayHeading('2026-11-30', 'en').weekday).toBe('Monday');
  });
});
