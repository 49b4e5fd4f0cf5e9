// The notice rules on an injected clock: the day-before window across both DST nights and
// midnight, the quiet hours, the PC off at the send time, and what counts as a late change.
import { describe, expect, it } from 'vitest';
import {
  dayBeforeSteps,
  isQuiet,
  lateChange,
  nextAllowed,
  nextDayBeforeCheck,
  reminderWindow,
  visitDayBounds,
} from '../../src/main/notices/rules.ts';
import { zonedInstant } from '../../src/shared/domain/time.ts';

const TZ = 'Europe/Stockholm';
const t = (date: string, time: string) => zonedInstant(date, time, TZ);
const H = 3600_000;

// By default the rule was turned on six hours before `now`: earlier windows are not owed.
function steps(now: number, recorded: Record<string, 'sent' | 'missed'> = {}, enabledAt = now - 6 * H) {
  return dayBeforeSteps({
    now,
    sendAt: '16:00',
    timeZone: TZ,
    enabledAt,
    outcomeOf: (d) => recorded[d] ?? null,
  });
}

describe('the day-before reminder', () => {
  it('opens at 16:00 local the day before and closes at 21:00', () => {
    expect(steps(t('2026-05-11', '15:59'))).toEqual([]);
    expect(steps(t('2026-05-11', '16:00'))).toEqual([
      { action: 'send', visitDay: '2026-05-12', notAfter: t('2026-05-11', '21:00') },
    ]);
    expect(steps(t('2026-05-11', '20:59'))[0]).toMatchObject({ action: 'send', visitDay: '2026-05-12' });
  });

  it('sends on start when the PC was off at 16:00 and came on before the quiet hours', () => {
    // Off at 16:00, on at 19:30: nothing recorded for tomorrow yet, so it goes now.
    expect(steps(t('2026-05-11', '19:30'))).toEqual([
      { action: 'send', visitDay: '2026-05-12', notAfter: t('2026-05-11', '21:00') },
    ]);
  });

  it('records the reminder as missed when the PC came on after 21:00, and never sends at night', () => {
    expect(steps(t('2026-05-11', '21:00'))).toEqual([{ action: 'missed', visitDay: '2026-05-12' }]);
    expect(steps(t('2026-05-11', '23:59'))).toEqual([{ action: 'missed', visitDay: '2026-05-12' }]);
    // After midnight the missed window is yesterday evening's, for today's visits.
    expect(steps(t('2026-05-12', '00:00'))).toEqual([{ action: 'missed', visitDay: '2026-05-12' }]);
    expect(steps(t('2026-05-12', '07:59'), {}, t('2026-05-11', '12:00'))).toEqual([
      { action: 'missed', visitDay: '2026-05-12' },
    ]);
    for (const time of ['21:00', '22:30', '23:59'])
      expect(steps(t('2026-05-11', time)).some((s) => s.action === 'send')).toBe(false);
    for (const time of ['00:00', '03:00', '07:59'])
      expect(steps(t('2026-05-12', time)).some((s) => s.action === 'send')).toBe(false);
  });

  it('does nothing twice: a day recorded sent keeps sending only inside its window, a missed one never', () => {
    expect(steps(t('2026-05-11', '21:30'), { '2026-05-12': 'sent' })).toEqual([]);
    expect(steps(t('2026-05-11', '17:00'), { '2026-05-12': 'missed' })).toEqual([]);
    // Inside the window a recorded day is looked at again (plans added at 17:00 are caught; keys dedupe).
    expect(steps(t('2026-05-11', '17:00'), { '2026-05-12': 'sent' })).toHaveLength(1);
  });

  it('owes nothing for windows that closed before the rule was turned on', () => {
    expect(steps(t('2026-05-11', '22:00'), {}, t('2026-05-11', '21:30'))).toEqual([]);
    expect(steps(t('2026-05-11', '22:00'), {}, t('2026-05-11', '20:00'))).toEqual([
      { action: 'missed', visitDay: '2026-05-12' },
    ]);
  });

  it('keeps 16:00 local across the spring-forward night (last Sunday of March)', () => {
    // Saturday 28 March 16:00 CET reminds of Sunday 29 March, whose day has 23 hours.
    const w = reminderWindow('2026-03-29', '16:00', TZ);
    expect(new Date(w.opens).toISOString()).toBe('2026-03-28T15:00:00.000Z');
    const sunday = visitDayBounds('2026-03-29', TZ);
    expect(sunday.end - sunday.start).toBe(23 * H);
    // Sunday 16:00 is CEST now: 14:00 UTC reminds of Monday.
    const monday = reminderWindow('2026-03-30', '16:00', TZ);
    expect(new Date(monday.opens).toISOString()).toBe('2026-03-29T14:00:00.000Z');
    expect(steps(Date.parse('2026-03-29T13:59:00Z'))).toEqual([]);
    expect(steps(Date.parse('2026-03-29T14:00:00Z'))).toEqual([
      { action: 'send', visitDay: '2026-03-30', notAfter: Date.parse('2026-03-29T19:00:00Z') },
    ]);
    // In the hour that does not exist (02:00–03:00) nothing is due.
    expect(steps(Date.parse('2026-03-29T01:30:00Z'), { '2026-03-29': 'sent' })).toEqual([]);
  });

  it('keeps 16:00 local across the fall-back night (last Sunday of October)', () => {
    const sunday = visitDayBounds('2026-10-25', TZ);
    expect(sunday.end - sunday.start).toBe(25 * H);
    expect(new Date(reminderWindow('2026-10-25', '16:00', TZ).opens).toISOString()).toBe(
      '2026-10-24T14:00:00.000Z',
    );
    expect(new Date(reminderWindow('2026-10-26', '16:00', TZ).opens).toISOString()).toBe(
      '2026-10-25T15:00:00.000Z',
    );
    // The repeated hour 02:00–03:00 is night both times round: nothing sends.
    for (const utc of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'])
      expect(steps(Date.parse(utc), { '2026-10-25': 'sent' })).toEqual([]);
  });

  it('looks again at the next opening or closing, at most a minute away', () => {
    expect(nextDayBeforeCheck(t('2026-05-11', '15:59'), '16:00', TZ)).toBe(t('2026-05-11', '16:00'));
    expect(nextDayBeforeCheck(t('2026-05-11', '12:00'), '16:00', TZ)).toBe(t('2026-05-11', '12:01'));
  });
});

describe('quiet hours', () => {
  it('are 21:00 to 08:00 local, and the next allowed moment is 08:00', () => {
    expect(isQuiet(t('2026-05-11', '20:59'), TZ)).toBe(false);
    expect(isQuiet(t('2026-05-11', '21:00'), TZ)).toBe(true);
    expect(isQuiet(t('2026-05-12', '00:00'), TZ)).toBe(true);
    expect(isQuiet(t('2026-05-12', '08:00'), TZ)).toBe(false);
    expect(nextAllowed(t('2026-05-11', '22:00'), TZ)).toBe(t('2026-05-12', '08:00'));
    expect(nextAllowed(t('2026-05-12', '03:00'), TZ)).toBe(t('2026-05-12', '08:00'));
    expect(nextAllowed(t('2026-05-12', '09:00'), TZ)).toBe(t('2026-05-12', '09:00'));
    // Across the spring-forward night 08:00 is still 08:00 on the wall.
    expect(new Date(nextAllowed(Date.parse('2026-03-28T22:00:00Z'), TZ)).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });
});

describe('a late change', () => {
  const plan = (
    start: string,
    end: string,
    status: 'planned' | 'cancelled' = 'planned',
    staffIds = ['s-1'],
  ) => ({
    plannedStart: start,
    plannedEnd: end,
    status,
    staffIds,
  });
  const now = Date.parse('2026-05-11T10:00:00Z');

  it('is a change of time, staff or status within 24 hours of the visit, before it starts', () => {
    const before = plan('2026-05-12T08:00:00Z', '2026-05-12T08:30:00Z');
    expect(lateChange(before, plan('2026-05-12T09:00:00Z', '2026-05-12T09:30:00Z'), now)).toBe('changed');
    expect(lateChange(before, { ...before, staffIds: ['s-2'] }, now)).toBe('changed');
    expect(lateChange(before, { ...before, status: 'cancelled' }, now)).toBe('cancelled');
    expect(lateChange(before, { ...before }, now)).toBeNull(); // tasks only: nothing to tell
  });

  it('is not a new plan, a visit more than 24 hours away, or one already begun', () => {
    expect(lateChange(undefined, plan('2026-05-11T12:00:00Z', '2026-05-11T12:30:00Z'), now)).toBeNull();
    const far = plan('2026-05-12T10:00:00Z', '2026-05-12T10:30:00Z');
    expect(lateChange(far, { ...far, status: 'cancelled' }, now)).toBeNull();
    const begun = plan('2026-05-11T09:30:00Z', '2026-05-11T10:30:00Z');
    expect(lateChange(begun, { ...begun, status: 'cancelled' }, now)).toBeNull();
    // Moved from next week to within a day: the new time is what counts.
    expect(lateChange(far, plan('2026-05-11T18:00:00Z', '2026-05-11T18:30:00Z'), now)).toBe('changed');
  });

  it('counts 24 hours in real time across midnight and the DST nights', () => {
    const sat = Date.parse('2026-03-28T10:00:00Z'); // 11:00 CET
    const sunday = plan('2026-03-29T08:30:00Z', '2026-03-29T09:00:00Z'); // 10:30 CEST, 22.5 h later
    expect(lateChange(sunday, { ...sunday, status: 'cancelled' }, sat)).toBe('cancelled');
    const laterSunday = plan('2026-03-29T10:00:00Z', '2026-03-29T10:30:00Z'); // exactly 24 h
    expect(lateChange(laterSunday, { ...laterSunday, status: 'cancelled' }, sat)).toBeNull();
  });
});
