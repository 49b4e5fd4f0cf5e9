// The notice rules as pure functions of an injected clock: when the day-before reminders for a
// date go out or are recorded as missed, whether a change to a plan is late enough to tell people,
// and when a message may reach a recipient at all (never in the quiet hours 21–08).
import { localDate, localDayBounds, localParts, zonedInstant } from '../../shared/domain/time.ts';

export const quietHours = { from: '21:00', until: '08:00' } as const;

/** The calendar day after a date (local days; 23 or 25 hours long across DST). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function previousDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Whether a local time of day lies in the quiet hours, when no recipient is sent anything. */
export function isQuietTime(time: string): boolean {
  return time >= quietHours.from || time < quietHours.until;
}

export function isQuiet(now: number, timeZone: string): boolean {
  return isQuietTime(localParts(now, timeZone).time);
}

/** The first moment at or after `now` outside the quiet hours. */
export function nextAllowed(now: number, timeZone: string): number {
  const p = localParts(now, timeZone);
  if (!isQuietTime(p.time)) return now;
  const day = p.time >= quietHours.from ? nextDay(p.date) : p.date;
  return zonedInstant(day, quietHours.until, timeZone);
}

/** The window in which the reminders for visits on `visitDay` go out: send time to 21:00 the day before. */
export function reminderWindow(
  visitDay: string,
  sendAt: string,
  timeZone: string,
): { opens: number; closes: number } {
  const eve = previousDay(visitDay);
  return { opens: zonedInstant(eve, sendAt, timeZone), closes: zonedInstant(eve, quietHours.from, timeZone) };
}

export type DayBeforeStep =
  { action: 'send'; visitDay: string; notAfter: number } | { action: 'missed'; visitDay: string };

/**
 * What the day-before rule must do now. `outcomeOf` reads what was already recorded for a visit
 * day; `enabledAt` is when the rule was turned on (a window that closed before then was never
 * owed). While a window is open every visit of its day is (idempotently) queued; a window that
 * closed with nothing recorded — the PC was off from the send time until the quiet hours — is
 * missed, and nothing is sent for it, ever.
 */
export function dayBeforeSteps(input: {
  now: number;
  sendAt: string;
  timeZone: string;
  enabledAt: number;
  outcomeOf: (visitDay: string) => 'sent' | 'missed' | null;
}): DayBeforeStep[] {
  const { now, sendAt, timeZone } = input;
  const today = localDate(now, timeZone);
  const steps: DayBeforeStep[] = [];
  // The window for today's visits (closed last evening), then tomorrow's (open this evening).
  for (const visitDay of [today, nextDay(today)]) {
    const w = reminderWindow(visitDay, sendAt, timeZone);
    const recorded = input.outcomeOf(visitDay);
    if (now >= w.opens && now < w.closes) {
      if (recorded !== 'missed') steps.push({ action: 'send', visitDay, notAfter: w.closes });
    } else if (now >= w.closes && recorded === null && w.closes > input.enabledAt) {
      steps.push({ action: 'missed', visitDay });
    }
  }
  return steps;
}

/** When the rule should look again: the next window's opening or closing, at most a minute away. */
export function nextDayBeforeCheck(now: number, sendAt: string, timeZone: string): number {
  const today = localDate(now, timeZone);
  const marks = [today, nextDay(today), nextDay(nextDay(today))]
    .flatMap((d) => {
      const w = reminderWindow(d, sendAt, timeZone);
      return [w.opens, w.closes];
    })
    .filter((t) => t > now);
  return Math.min(now + 60_000, ...marks);
}

/** The instants bounding a local day's visits (23, 24 or 25 hours). */
export function visitDayBounds(visitDay: string, timeZone: string): { start: number; end: number } {
  return localDayBounds(visitDay, timeZone);
}

export interface PlanState {
  plannedStart: string;
  plannedEnd: string;
  status: 'planned' | 'cancelled';
  staffIds: readonly string[];
}

export type LateChange = 'changed' | 'cancelled' | null;

/**
 * A change to a planned visit that people must hear of: the visit (as it was, or as it is now)
 * starts within 24 hours and has not begun, and its time, staff or status changed. A new plan is
 * not a change; a cancelled plan edited again is not either.
 */
export function lateChange(before: PlanState | undefined, after: PlanState, now: number): LateChange {
  if (!before || before.status !== 'planned') return null;
  const startBefore = Date.parse(before.plannedStart);
  const startAfter = Date.parse(after.plannedStart);
  const soonest = after.status === 'cancelled' ? startBefore : Math.min(startBefore, startAfter);
  if (soonest <= now || soonest - now >= 24 * 3600_000) return null;
  if (after.status === 'cancelled') return 'cancelled';
  const same =
    before.plannedStart === after.plannedStart &&
    before.plannedEnd === after.plannedEnd &&
    before.staffIds.length === after.staffIds.length &&
    before.staffIds.every((s) => after.staffIds.includes(s));
  return same ? null : 'changed';
}

/** A docking or sync that has failed since `since` has failed too long at `now`. */
export function failingTooLong(since: number | null, now: number, afterMinutes: number): boolean {
  return since !== null && now - since >= afterMinutes * 60_000;
}

/**
 * Since when something has failed without a break, from observations over time: the first
 * failing observation starts a spell, a working one ends it.
 */
export class FailureSpells {
  readonly #since = new Map<string, number>();

  observe(what: string, failing: boolean, now: number): number | null {
    if (!failing) {
      this.#since.delete(what);
      return null;
    }
    const since = this.#since.get(what) ?? now;
    this.#since.set(what, since);
    return since;
  }
}

/** Sync has failed since its last success (or its first attempt) while it shows an error or is paused. */
export function syncFailingSince(s: {
  state: string;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
}): number | null {
  if (s.state !== 'error' && s.state !== 'paused') return null;
  const at = s.lastSuccessAt ?? s.lastAttemptAt;
  return at === null ? null : Date.parse(at);
}
