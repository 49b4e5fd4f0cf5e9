/**
 * Wall-clock time in a municipality's time zone (Europe/Stockholm, Europe/Helsinki) over UTC
 * instants. Everything is stored as instants; days, months and what a person types are local.
 */

export const timeZones = ['Europe/Stockholm', 'Europe/Helsinki'] as const;
export type TimeZone = (typeof timeZones)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  date: string;
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    year,
    month,
    day,
    hour,
    minute,
  };
}

export const localDate = (instant: number, timeZone: string) => localParts(instant, timeZone).date;
export const localMonth = (instant: number, timeZone: string) =>
  localParts(instant, timeZone).date.slice(0, 7);

function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local date and time. A time that does not exist (the spring-forward hour)
 * moves forward by the gap, as a clock on the wall does; a time that occurs twice (the
 * fall-back hour) is its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const wall = `${date} ${time}`;
  // The offset a few hours either side covers both sides of any transition that day.
  const candidates = [
    ...new Set([offsetMs(asUtc - 12 * 3600_000, timeZone), offsetMs(asUtc + 12 * 3600_000, timeZone)]),
  ]
    .map((offset) => asUtc - offset)
    .sort((a, b) => a - b);
  for (const instant of candidates) {
    const p = localParts(instant, timeZone);
    if (`${p.date} ${p.time}` === wall) return instant;
  }
  // In the gap: the clock jumped forward, so the wall time moves forward by the gap too.
  return asUtc - offsetMs(asUtc - 12 * 3600_000, timeZone);
}

/** Midnight at the start of a local date, and of the next one: a local day can be 23 or 25 hours. */
export function localDayBounds(date: string, timeZone: string): { start: number; end: number } {
  const start = zonedInstant(date, '00:00', timeZone);
  const next = new Date(
    Date.UTC(
      ...((date.split('-').map(Number) as [number, number, number]).map((v, i) => (i === 1 ? v - 1 : v)) as [
        number,
        number,
        number,
      ]),
    ),
  );
  next.setUTCDate(next.getUTCDate() + 1);
  return { start, end: zonedInstant(next.toISOString().slice(0, 10), '00:00', timeZone) };
}

export function monthBounds(month: string, timeZone: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    start: zonedInstant(`${month}-01`, '00:00', timeZone),
    end: zonedInstant(`${next}-01`, '00:00', timeZone),
  };
}
