/**
 * Dates, months, clock times and instants as both contracts carry them (the API the UI calls and
 * the sync wire the central server reads), checked once: the shape, that the day exists in the
 * calendar, and that it falls in years CareDock can mean. `Date` would quietly roll 2026-02-30
 * over to 2 March; nothing here does.
 */
import { z } from 'zod';

/** A date a person, a plan or an order names: from the pens' epoch to the end of the century. */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2099;
/** An instant may be any time a pen can hold: unsigned 32-bit seconds since 1970 (docs/protocol). */
export const LAST_INSTANT_MS = (2 ** 32 - 1) * 1000;

/** Longest range a list or a recurring-visit run covers: a year and a day, for a leap year. */
export const MAX_RANGE_DAYS = 366;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const dateShape = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthShape = /^(\d{4})-(\d{2})$/;
const clockShape = /^(\d{2}):(\d{2})$/;
// RFC 3339 with an explicit offset; seconds and fractions optional, as zod's iso.datetime takes them.
const instantShape =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

/** YYYY-MM-DD naming a day that exists, in 1970–2099. */
export function isCalendarDate(text: string): boolean {
  const m = dateShape.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return inYears(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** YYYY-MM, 01–12, in 1970–2099. */
export function isCalendarMonth(text: string): boolean {
  const m = monthShape.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  return inYears(Number(m[1])) && month >= 1 && month <= 12;
}

/** HH:MM on a 24-hour clock, 00:00–23:59. */
export function isClockTime(text: string): boolean {
  const m = clockShape.exec(text);
  return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59;
}

/** An ISO 8601 instant with an offset, every part real, between 1970 and the pens' last second. */
export function isInstant(text: string): boolean {
  const m = instantShape.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== 'Z' && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= 0 && ms <= LAST_INSTANT_MS;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The catalogue entry a refusal names, carried in the zod issue's params so a transport can
 * answer in the person's language; the English message is for logs and other programs.
 */
export interface CatalogueIssueParams {
  catalogue: string;
  value?: string;
  [key: string]: string | number | undefined;
}

/** The catalogue code a zod issue carries, if a schema of this module raised it. */
export function catalogueOf(issue: z.core.$ZodIssue): CatalogueIssueParams | null {
  if (issue.code !== 'custom') return null;
  const params = (issue as { params?: unknown }).params;
  if (typeof params !== 'object' || params === null) return null;
  const code = (params as { catalogue?: unknown }).catalogue;
  return typeof code === 'string' ? (params as CatalogueIssueParams) : null;
}

function checked(test: (text: string) => boolean, catalogue: string, english: string) {
  return z.string().superRefine((value, ctx) => {
    if (!test(value))
      ctx.addIssue({ code: 'custom', message: english, params: { catalogue, value: value.slice(0, 40) } });
  });
}

export const calendarDateSchema = checked(
  isCalendarDate,
  'input.date',
  `a date that exists, as YYYY-MM-DD, in ${FIRST_YEAR}–${LAST_YEAR}`,
);
export const calendarMonthSchema = checked(
  isCalendarMonth,
  'input.month',
  `a month as YYYY-MM in ${FIRST_YEAR}–${LAST_YEAR}`,
);
export const clockTimeSchema = checked(isClockTime, 'input.time', 'a time of day as HH:MM, 00:00–23:59');
export const instantSchema = checked(
  isInstant,
  'input.instant',
  'an ISO 8601 time with an offset (Z or ±hh:mm) that exists, from 1970 to 2106-02-07',
);

/**
 * A from–to pair of dates: `to` not before `from`, and no longer than `maxDays` (a list of a
 * century, or 53 plans for a typo, is never what a person meant).
 */
export function dateRange<T extends z.ZodRawShape>(shape: T, maxDays = MAX_RANGE_DAYS) {
  return z
    .object({ from: calendarDateSchema, to: calendarDateSchema, ...shape })
    .strict()
    .superRefine((range, ctx) => {
      const { from, to } = range as { from: string; to: string };
      const days = daysBetween(from, to);
      if (days < 0)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: 'to before from',
          params: { catalogue: 'input.rangeReversed', from, to },
        });
      else if (days + 1 > maxDays)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `more than ${maxDays} days`,
          params: { catalogue: 'input.rangeTooLong', from, to, days: maxDays },
        });
    });
}
