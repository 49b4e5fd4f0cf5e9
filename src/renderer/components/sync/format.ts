// Times in the sync status: today's as a clock time, older ones with their date; and the names
// of its states.
import type { Language } from '../../../shared/errors/index.ts';
import type { MessageKey } from '../../lib/messages/index.ts';
import type { SyncStatus } from '../../lib/sync.svelte.ts';

/** The name of each sync state, as the header and Admin → Installation show it. */
export const stateLabel = {
  idle: 'sync.state.idle',
  syncing: 'sync.state.syncing',
  paused: 'sync.state.paused',
  error: 'sync.state.error',
  notInstalled: 'sync.state.notInstalled',
} as const satisfies Record<SyncStatus['state'], MessageKey>;

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

export function formatWhen(iso: string, lang: Language, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(
    locales[lang],
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
  ).format(date);
}

export function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'long' }).format(date);
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
