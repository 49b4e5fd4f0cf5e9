// Every word an item carries, exactly, at each level and in each language: what the performer
// reads in Outlook is a promise to the municipality, so it is pinned whole, not by a fragment.
import { describe, expect, it } from 'vitest';
import { areaOf, calendarText, initials } from '../../src/main/calendar/content.ts';
import { desiredEvents, eventDigest } from '../../src/main/calendar/desired.ts';
import type { PlanRow } from '../../src/main/plans/data.ts';
import { zonedInstant } from '../../src/shared/domain/time.ts';

const TZ = 'Europe/Stockholm';
const start = zonedInstant('2026-12-03', '08:00', TZ);
const end = zonedInstant('2026-12-03', '08:45', TZ);
const karin = { name: 'Karin Karlsson', address: 'Storgatan 1, 722 11 Västerås', protectedIdentity: false };
const visit = { start, end, timeZone: TZ, recipient: karin, tasks: ['Tillsyn', 'Dusch'], partner: 'Bo Berg' };

describe('each level, word for word', () => {
  it('minimal', () => {
    expect(calendarText('minimal', visit, 'sv')).toEqual({
      subject: 'Besök',
      body: 'Planerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
      location: '',
    });
    expect(calendarText('minimal', visit, 'fi').subject).toBe('Käynti');
    expect(calendarText('minimal', visit, 'en').body).toBe(
      'Planned in CareDock. Changes are made in CareDock; a change made here is overwritten.',
    );
  });

  it('standard', () => {
    expect(calendarText('standard', visit, 'sv')).toEqual({
      subject: 'Besök 08:00–08:45 K.K. Västerås',
      body: 'Planerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
      location: 'Västerås',
    });
    expect(calendarText('standard', visit, 'fi').body).toBe(
      'Suunniteltu CareDockissa. Muutokset tehdään CareDockissa; täällä tehty muutos korvataan.',
    );
  });

  it('detailed, with services and the other performer', () => {
    expect(calendarText('detailed', visit, 'sv')).toEqual({
      subject: 'Besök Karin Karlsson',
      body: [
        'Besök 08:00–08:45: Karin Karlsson',
        'Insatser: Tillsyn, Dusch',
        'Tillsammans med Bo Berg',
        '',
        'Planerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
      ].join('\n'),
      location: 'Storgatan 1',
    });
    expect(calendarText('detailed', visit, 'en').body).toBe(
      [
        'Visit 08:00–08:45: Karin Karlsson',
        'Services: Tillsyn, Dusch',
        'Together with Bo Berg',
        '',
        'Planned in CareDock. Changes are made in CareDock; a change made here is overwritten.',
      ].join('\n'),
    );
    expect(calendarText('detailed', visit, 'fi').body.split('\n').slice(1, 3)).toEqual([
      'Palvelut: Tillsyn, Dusch',
      'Yhdessä Bo Berg',
    ]);
  });

  it('detailed, alone and with nothing planned to do', () => {
    expect(calendarText('detailed', { ...visit, tasks: [], partner: null }, 'sv').body).toBe(
      'Besök 08:00–08:45: Karin Karlsson\n\nPlanerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
    );
  });

  it('detailed, without an address: no location', () => {
    expect(
      calendarText('detailed', { ...visit, recipient: { ...karin, address: null } }, 'sv').location,
    ).toBe('');
    expect(
      calendarText('detailed', { ...visit, recipient: { ...karin, address: ' Storgatan 1 ' } }, 'sv')
        .location,
    ).toBe('Storgatan 1');
  });

  it('a protected identity at every level', () => {
    for (const level of ['minimal', 'standard', 'detailed'] as const)
      expect(
        calendarText(level, { ...visit, recipient: { ...karin, protectedIdentity: true } }, 'sv'),
      ).toEqual({
        subject: 'Besök',
        body: 'Planerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
        location: '',
      });
  });
});

describe('initials and areas', () => {
  it('initials of each word, however spaced', () => {
    expect(initials('  karin   maria karlsson ')).toBe('K.M.K.');
    expect(initials('Karin')).toBe('K.');
    expect(initials('')).toBe('');
  });

  it('the last part of an address, without its postcode', () => {
    expect(areaOf('Storgatan 1, , 722 11 Västerås')).toBe('Västerås');
    expect(areaOf('c/o Berg, Storgatan 1, 72211 Västerås')).toBe('Västerås');
    expect(areaOf('Storgatan 1, Norra Västerås')).toBe('Norra Västerås');
    expect(areaOf('Storgatan 1,')).toBe('');
  });
});

function plan(staffIds: string[]): PlanRow {
  return {
    id: 'p-9',
    recipientId: 'r-1',
    orderId: null,
    staffIds: JSON.stringify(staffIds),
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(end).toISOString(),
    tasks: '["Tillsyn"]',
    services: '[]',
    seriesId: null,
    status: 'planned',
    editedAt: '2026-12-01T10:00:00.000Z',
    editedBy: 'anna',
  };
}

describe('the items of a double-staffed visit', () => {
  const staff: Record<string, { name: string; address: string | null }> = {
    a: { name: 'Anna Andersson', address: 'anna@omsorg.example' },
    b: { name: 'Bo Berg', address: 'bo@omsorg.example' },
  };
  const ctx = {
    timeZone: TZ,
    privacy: 'detailed' as const,
    language: 'sv' as const,
    staff: (id: string) => staff[id],
    recipient: () => karin,
  };

  it('each performer’s item names the other', () => {
    const events = desiredEvents(plan(['a', 'b']), ctx);
    expect(events.map((e) => [e.mailbox, e.body.split('\n')[2]])).toEqual([
      ['anna@omsorg.example', 'Tillsammans med Bo Berg'],
      ['bo@omsorg.example', 'Tillsammans med Anna Andersson'],
    ]);
    expect(events[0]).toEqual({
      key: 'p-9',
      mailbox: 'anna@omsorg.example',
      subject: 'Besök Karin Karlsson',
      body: events[0]!.body,
      start,
      end,
      timeZone: TZ,
      location: 'Storgatan 1',
    });
  });

  it('a performer alone has no partner line, and an unknown partner none either', () => {
    expect(desiredEvents(plan(['a']), ctx)[0]!.body).not.toContain('Tillsammans');
    expect(desiredEvents(plan(['a', 'x']), ctx)[0]!.body).not.toContain('Tillsammans');
    expect(desiredEvents(plan(['x']), ctx)).toEqual([]);
  });

  it('no location key when there is nothing to show, and the location in the digest', () => {
    const [e] = desiredEvents(plan(['a']), { ...ctx, privacy: 'minimal' });
    expect(e).not.toHaveProperty('location');
    const [d] = desiredEvents(plan(['a']), ctx);
    expect(eventDigest(d!)).toMatch(/^[0-9a-f]{32}$/);
    expect(eventDigest({ ...d!, location: 'Annan gata 2' })).not.toBe(eventDigest(d!));
    expect(eventDigest({ ...d!, location: undefined as unknown as string })).toBe(
      eventDigest({ ...d!, location: '' }),
    );
  });
});

describe('what is taken out, and where', () => {
  it('a code in the street, the name or a service is replaced by an ellipsis', () => {
    const t = calendarText(
      'detailed',
      {
        ...visit,
        recipient: { ...karin, name: 'Karin 19121212-1212', address: 'Storgatan 1 portkod 4711, Västerås' },
        tasks: ['Nyckel 19121212-1212'],
        partner: null,
      },
      'sv',
    );
    expect(t.subject).toBe('Besök Karin …');
    expect(t.location).toMatch(/^Storgatan 1 .*…$/);
    expect(t.location).not.toContain('4711');
    expect(t.body.split('\n')[1]).toBe('Insatser: Nyckel …');
  });

  it('an area after a trailing comma, and a postcode written after the town', () => {
    expect(areaOf('Storgatan 1, Västerås,')).toBe('Västerås');
    expect(areaOf('Storgatan 1, Västerås 722 11')).toBe('Västerås');
    expect(areaOf('Storgatan 1, Västerås 72211')).toBe('Västerås');
  });

  it('one item for two performers who share one calendar', () => {
    const shared = { name: 'Delad', address: 'team@omsorg.example' };
    const events = desiredEvents(plan(['a', 'b']), {
      timeZone: TZ,
      privacy: 'minimal',
      language: 'sv',
      staff: () => shared,
      recipient: () => karin,
    });
    expect(events.map((e) => e.mailbox)).toEqual(['team@omsorg.example']);
  });
});
