// What a calendar item says and when it is, decided without a database: the privacy levels, a
// protected identity, a visit across midnight and across the nights the clocks change, and one
// item per performer however the staff list is written.
import { describe, expect, it } from 'vitest';
import { areaOf, calendarText, initials } from '../../src/main/calendar/content.ts';
import { desiredEvents, eventDigest, type DesiredContext } from '../../src/main/calendar/desired.ts';
import type { PlanRow } from '../../src/main/plans/data.ts';
import { zonedInstant } from '../../src/shared/domain/time.ts';

const TZ = 'Europe/Stockholm';
const karin = { name: 'Karin Karlsson', address: 'Storgatan 1, 722 11 Västerås', protectedIdentity: false };

function ctx(over: Partial<DesiredContext> = {}): DesiredContext {
  const staff: Record<string, { name: string; address: string | null }> = {
    's-anna': { name: 'Anna Andersson', address: 'Anna@Omsorg.example ' },
    's-bo': { name: 'Bo Berg', address: 'bo@omsorg.example' },
    's-ny': { name: 'Ny Person', address: null },
  };
  return {
    timeZone: TZ,
    privacy: 'standard',
    language: 'sv',
    staff: (id) => staff[id],
    recipient: (id) => (id === 'r-1' ? karin : undefined),
    ...over,
  };
}

function plan(start: number, end: number, staffIds: string[], over: Partial<PlanRow> = {}): PlanRow {
  return {
    id: 'p-1',
    recipientId: 'r-1',
    orderId: null,
    staffIds: JSON.stringify(staffIds),
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(end).toISOString(),
    tasks: JSON.stringify(['Tillsyn', 'Dusch']),
    services: '[]',
    seriesId: null,
    status: 'planned',
    editedAt: '2026-12-01T10:00:00.000Z',
    editedBy: 'anna',
    ...over,
  };
}

describe('the text of an item', () => {
  const visit = {
    start: zonedInstant('2026-12-03', '08:00', TZ),
    end: zonedInstant('2026-12-03', '08:45', TZ),
    timeZone: TZ,
    recipient: karin,
    tasks: ['Tillsyn'],
    partner: null,
  };

  it('initials and area of a recipient', () => {
    expect(initials('Anna-Lena  von Berg')).toBe('A.V.B.');
    expect(initials('åsa öberg')).toBe('Å.Ö.');
    expect(areaOf('Storgatan 1, 722 11 Västerås')).toBe('Västerås');
    expect(areaOf('Storgatan 1')).toBe('');
    expect(areaOf(null)).toBe('');
  });

  it('in each language, the standard level', () => {
    expect(calendarText('standard', visit, 'sv').subject).toBe('Besök 08:00–08:45 K.K. Västerås');
    expect(calendarText('standard', visit, 'fi').subject).toBe('Käynti 08:00–08:45 K.K. Västerås');
    expect(calendarText('standard', visit, 'en').subject).toBe('Visit 08:00–08:45 K.K. Västerås');
  });

  it('leaves out an area it cannot tell', () => {
    const t = calendarText('standard', { ...visit, recipient: { ...karin, address: 'Storgatan 1' } }, 'sv');
    expect(t).toMatchObject({ subject: 'Besök 08:00–08:45 K.K.', location: '' });
  });

  it('without a known recipient is only "Besök"', () => {
    expect(calendarText('detailed', { ...visit, recipient: null }, 'sv').subject).toBe('Besök');
  });

  it('takes anything shaped like a personnummer or door code out of the detailed text', () => {
    const t = calendarText(
      'detailed',
      {
        ...visit,
        recipient: { ...karin, name: 'Karin 19121212-1212', address: 'Storgatan 1 portkod 4711, Västerås' },
      },
      'sv',
    );
    expect(`${t.subject} ${t.body} ${t.location}`).not.toMatch(/19121212|4711/);
    expect(t.body).toContain('Insatser: Tillsyn');
  });
});

describe('the items a plan wants', () => {
  it('one per performer with an address, the address as Exchange compares it', () => {
    const start = zonedInstant('2026-12-03', '08:00', TZ);
    const events = desiredEvents(plan(start, start + 1_800_000, ['s-anna', 's-ny', 's-bo']), ctx());
    expect(events.map((e) => e.mailbox)).toEqual(['anna@omsorg.example', 'bo@omsorg.example']);
    expect(events.every((e) => e.key === 'p-1' && e.start === start)).toBe(true);
  });

  it('none for a cancelled plan or a plan that is gone', () => {
    const start = zonedInstant('2026-12-03', '08:00', TZ);
    expect(desiredEvents(plan(start, start + 1, ['s-anna'], { status: 'cancelled' }), ctx())).toEqual([]);
    expect(desiredEvents(undefined, ctx())).toEqual([]);
  });

  it('across midnight: the instants as planned, the times as the clock shows them', () => {
    const start = zonedInstant('2026-12-03', '23:30', TZ);
    const end = zonedInstant('2026-12-04', '00:30', TZ);
    const [e] = desiredEvents(plan(start, end, ['s-anna']), ctx());
    expect(e).toMatchObject({ start, end, subject: 'Besök 23:30–00:30 K.K. Västerås' });
  });

  it('across the night the clocks go back: three hours long, shown 01:30–03:30', () => {
    const start = zonedInstant('2026-10-25', '01:30', TZ);
    const end = zonedInstant('2026-10-25', '03:30', TZ);
    const [e] = desiredEvents(plan(start, end, ['s-anna']), ctx());
    expect(e!.end - e!.start).toBe(3 * 3600_000);
    expect(e!.subject).toBe('Besök 01:30–03:30 K.K. Västerås');
  });

  it('across the night the clocks go forward: one hour long, shown 01:30–03:30', () => {
    const start = zonedInstant('2027-03-28', '01:30', TZ);
    const end = zonedInstant('2027-03-28', '03:30', TZ);
    const [e] = desiredEvents(plan(start, end, ['s-anna']), ctx());
    expect(e!.end - e!.start).toBe(3600_000);
    expect(e!.subject).toBe('Besök 01:30–03:30 K.K. Västerås');
  });

  it('a digest that changes with what Outlook shows, and only with that', () => {
    const start = zonedInstant('2026-12-03', '08:00', TZ);
    const [a] = desiredEvents(plan(start, start + 1_800_000, ['s-anna']), ctx());
    const [same] = desiredEvents(
      plan(start, start + 1_800_000, ['s-anna'], { editedAt: '2026-12-02T00:00:00.000Z' }),
      ctx(),
    );
    const [moved] = desiredEvents(plan(start + 60_000, start + 1_800_000, ['s-anna']), ctx());
    const [minimal] = desiredEvents(plan(start, start + 1_800_000, ['s-anna']), ctx({ privacy: 'minimal' }));
    expect(eventDigest(same!)).toBe(eventDigest(a!));
    expect(eventDigest(moved!)).not.toBe(eventDigest(a!));
    expect(eventDigest(minimal!)).not.toBe(eventDigest(a!));
  });
});
