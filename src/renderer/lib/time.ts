// The one way the UI shows an instant: the UI language's own form, in the municipality's time
// zone (from app.info), not the browser's. Calendar days without a time are formatted in
// components/workflows/format.ts from their YYYY-MM-DD text.
import type { Language } from '../../shared/errors/index.ts';

export function nowIso(): string {
  return new Date().toISOString();
}

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

let displayZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Sets the zone every date and time is shown in; a name Intl does not know is ignored. */
export function setDisplayZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    displayZone = zone;
    formats.clear();
  } catch {
    // Keep the PC's zone rather than fail every view.
  }
}

export function displayZoneName(): string {
  return displayZone;
}

export type InstantPart = 'dateTime' | 'date' | 'time';

const options: Record<InstantPart, Intl.DateTimeFormatOptions> = {
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

/** An ISO instant as date and time, date or time; text that is no instant is shown as it is. */
export function formatInstant(iso: string, lang: Language, part: InstantPart = 'dateTime'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${lang}|${part}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locales[lang], { ...options[part], timeZone: displayZone });
    formats.set(key, f);
  }
  return f.format(date);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the display zone. */
export function dayInZone(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: displayZone,
  }).format(date);
}
