// Times in the sync status: today's as a clock time, older ones with their date; and the names
// of its states.
import type { Language } from '../../../shared/errors/index.ts';
import type { MessageKey } from '../../lib/messages/index.ts';
import type { SyncStatus } from '../../lib/sync.svelte.ts';
import { dayInZone, formatInstant } from '../../lib/time.ts';

/** The name of each sync state, as the header and Admin → Installation show it. */
export const stateLabel = {
  idle: 'sync.state.idle',
  syncing: 'sync.state.syncing',
  paused: 'sync.state.paused',
  error: 'sync.state.error',
  notInstalled: 'sync.state.notInstalled',
} as const satisfies Record<SyncStatus['state'], MessageKey>;

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

/** Today's as a clock time, older ones with their date (the municipality's zone). */
export function formatWhen(iso: string, lang: Language, now: Date = new Date()): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return formatInstant(iso, lang, dayInZone(iso) === dayInZone(now) ? 'time' : 'dateTime');
}

export function formatDate(iso: string, lang: Language): string {
  return formatInstant(iso, lang, 'date');
}

/** Whole days from now until `iso` (negative when past). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return Math.floor((Date.parse(iso) - now.getTime()) / 86_400_000);
}

/** A clock offset in milliseconds as signed seconds or minutes, e.g. "+3 min", "−12 s". */
export function formatOffset(ms: number, lang: Language): string {
  const abs = Math.abs(ms);
  if (abs < 500) return '0 s';
  const sign = ms < 0 ? '−' : '+';
  const nf = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 });
  if (abs < 60_000) return `${sign}${nf.format(abs / 1000)} s`;
  if (abs < 3_600_000) return `${sign}${nf.format(abs / 60_000)} min`;
  return `${sign}${nf.format(abs / 3_600_000)} h`;
}
