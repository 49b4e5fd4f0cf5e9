// Dates, times and hours as the office and coordinator views show them. Days and months are the
// workstation's local ones (the PC runs in the municipality's zone); the core stores instants.
import type { Language } from '../../../shared/errors/index.ts';
import { localParts, zonedInstant } from '../../../shared/domain/time.ts';
import { displayZoneName } from '../../lib/time.ts';

/** The municipality's zone, as the UI shows every time in it. */
export function zone(): string {
  return displayZoneName();
}

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

export function today(): string {
  return localParts(Date.now(), zone()).date;
}

export function currentMonth(): string {
  return today().slice(0, 7);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 7);
}

/** Monday of the ISO week a date is in. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  return ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The core's own checks, so a form refuses what the core would (2026-02-30 is no date). */
export {
  isCalendarDate as isDate,
  isClockTime as isTime,
  isCalendarMonth as isMonth,
} from '../../../shared/domain/calendar.ts';

/** Local wall-clock parts of an ISO instant. */
export function partsOf(iso: string): { date: string; time: string } {
  const p = localParts(Date.parse(iso), zone());
  return { date: p.date, time: p.time };
}

export function timeOf(iso: string): string {
  return partsOf(iso).time;
}

/** Start of a local day (ms); days across DST changes are 23 or 25 hours long. */
export function dayStart(date: string): number {
  return zonedInstant(date, '00:00', zone());
}

export function minutesToClock(total: number): string {
  const m = ((Math.round(total) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A long date in the UI language, e.g. "lördag 21 november 2026". */
export function longDate(date: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

export function shortDate(date: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], {
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

export function monthName(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

const hourFormats = new Map<Language, Intl.NumberFormat>();

/** Hours from minutes with two decimals and the language's decimal sign (the CSV's figures). */
export function hours(minutes: number, lang: Language): string {
  let f = hourFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    hourFormats.set(lang, f);
  }
  return f.format(Math.round(minutes / 0.6) / 100);
}

/** The ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): number {
  const thursday = new Date(`${addDays(date, 4 - weekday(date))}T12:00:00Z`);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1, 12);
  return Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
}

/** A week column's heading: weekday and date, e.g. "måndag" and "30/11". */
export function dayHeading(date: string, lang: Language): { weekday: string; date: string } {
  const d = new Date(`${date}T12:00:00Z`);
  return {
    weekday: new Intl.DateTimeFormat(locales[lang], { weekday: 'long', timeZone: 'UTC' }).format(d),
    date: new Intl.DateTimeFormat(locales[lang], {
      day: 'numeric',
      month: 'numeric',
      timeZone: 'UTC',
    }).format(d),
  };
}
