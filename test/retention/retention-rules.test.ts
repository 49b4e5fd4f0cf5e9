// The retention rules on their own: which rows old enough may leave the workstation. A row goes
// only when the server has confirmed it and its month is attested; a correction moving a
// registration into a month not attested keeps it; raw pen bytes go only when every month the
// pen's records can be from is attested.
import { describe, expect, it } from 'vitest';
import {
  cutoff,
  removablePenBytes,
  removableRegistrations,
  unsentKeys,
  unsentRegistrations,
  type Attested,
  type CorrectionOf,
} from '../../src/main/retention/rules.ts';

/** Attested: all of 2024-03 for everyone, and 2024-05 for r-1 alone. */
const attested: Attested = (instant, recipientId) => {
  const month = new Date(instant).toISOString().slice(0, 7);
  return month === '2024-03' || (month === '2024-05' && recipientId === 'r-1');
};
const reg = (id: string, time: string, recipientId: string | null = 'r-2') => ({ id, time, recipientId });
const none = () => [];

describe('which registrations may go', () => {
  it('removes a confirmed registration in an attested month', () => {
    const out = removableRegistrations([reg('a', '2024-03-10T08:00:00.000Z')], none, new Set(), attested);
    expect(out).toEqual({ registrations: ['a'], corrections: [], kept: 0 });
  });

  it('never removes a registration in a month that is not attested', () => {
    const out = removableRegistrations(
      [reg('a', '2024-04-10T08:00:00.000Z'), reg('b', '2024-03-31T23:00:00.000Z')],
      none,
      new Set(),
      attested,
    );
    expect(out.registrations).toEqual(['b']);
    expect(out.kept).toBe(1);
  });

  it('a month attested for one recipient lets only that recipient’s registrations go', () => {
    const out = removableRegistrations(
      [
        reg('mine', '2024-05-02T08:00:00.000Z', 'r-1'),
        reg('theirs', '2024-05-02T09:00:00.000Z', 'r-2'),
        reg('nobody', '2024-05-02T10:00:00.000Z', null),
      ],
      none,
      new Set(),
      attested,
    );
    expect(out.registrations).toEqual(['mine']);
    expect(out.kept).toBe(2);
  });

  it('never removes a registration the server has not confirmed', () => {
    const out = removableRegistrations(
      [reg('a', '2024-03-10T08:00:00.000Z'), reg('b', '2024-03-11T08:00:00.000Z')],
      none,
      new Set(['registration:a', 'correction:b']),
      attested,
    );
    expect(out.registrations).toEqual(['b']);
    expect(out.kept).toBe(1);
  });

  it('asks for the corrections of only the registrations that may go, and takes them along', () => {
    const asked: string[][] = [];
    const corrections: CorrectionOf[] = [
      { id: 'c-a', correctsId: 'a', changes: '{"void":true}' },
      { id: 'c-x', correctsId: 'x', changes: '{"correctedTime":"2024-04-01T08:00:00.000Z"}' },
    ];
    const out = removableRegistrations(
      [reg('a', '2024-03-10T08:00:00.000Z'), reg('k', '2024-04-10T08:00:00.000Z')],
      (ids) => {
        asked.push(ids);
        return corrections;
      },
      new Set(),
      attested,
    );
    expect(asked).toEqual([['a']]);
    // A correction of a registration that is not going stays, whatever the lookup answered.
    expect(out).toEqual({ registrations: ['a'], corrections: ['c-a'], kept: 1 });
  });

  it('keeps a registration while one of its corrections is not confirmed, and the correction with it', () => {
    const out = removableRegistrations(
      [reg('a', '2024-03-10T08:00:00.000Z'), reg('b', '2024-03-12T08:00:00.000Z')],
      () => [
        { id: 'c-a1', correctsId: 'a', changes: '{}' },
        { id: 'c-a2', correctsId: 'a', changes: '{}' },
        { id: 'c-b', correctsId: 'b', changes: '{}' },
      ],
      new Set(['correction:c-a2']),
      attested,
    );
    expect(out).toEqual({ registrations: ['b'], corrections: ['c-b'], kept: 1 });
  });

  it('keeps a registration a correction moved into a month not attested', () => {
    const moved = (id: string, correctedTime: unknown, extra: object = {}): CorrectionOf => ({
      id: `c-${id}`,
      correctsId: id,
      changes: JSON.stringify({ correctedTime, ...extra }),
    });
    const out = removableRegistrations(
      [
        reg('out', '2024-03-30T08:00:00.000Z'),
        reg('within', '2024-03-30T09:00:00.000Z'),
        reg('reverted', '2024-03-30T10:00:00.000Z'),
      ],
      () => [
        moved('out', '2024-04-02T08:00:00.000Z'),
        moved('within', '2024-03-02T08:00:00.000Z'),
        // A correction that puts the pen's own time back moves nothing.
        moved('reverted', null),
      ],
      new Set(),
      attested,
    );
    expect(out).toEqual({
      registrations: ['within', 'reverted'],
      corrections: ['c-within', 'c-reverted'],
      kept: 1,
    });
  });

  it('judges a moved registration by the recipient the correction gives it, else by its own', () => {
    const out = removableRegistrations(
      [
        reg('to-r1', '2024-03-30T08:00:00.000Z', 'r-2'),
        reg('to-r2', '2024-03-30T09:00:00.000Z', 'r-1'),
        reg('stays-r1', '2024-03-30T10:00:00.000Z', 'r-1'),
      ],
      () => [
        // Into May, attested for r-1 only.
        {
          id: 'c1',
          correctsId: 'to-r1',
          changes: '{"correctedTime":"2024-05-02T08:00:00.000Z","recipientId":"r-1"}',
        },
        {
          id: 'c2',
          correctsId: 'to-r2',
          changes: '{"correctedTime":"2024-05-02T09:00:00.000Z","recipientId":"r-2"}',
        },
        { id: 'c3', correctsId: 'stays-r1', changes: '{"correctedTime":"2024-05-02T10:00:00.000Z"}' },
      ],
      new Set(),
      attested,
    );
    expect(out.registrations).toEqual(['to-r1', 'stays-r1']);
    expect(out.corrections).toEqual(['c1', 'c3']);
  });
});

describe('the cut-off and what the server has not confirmed', () => {
  it('a row is old enough when it is the policy’s days before now', () => {
    const now = Date.parse('2026-06-15T12:00:00.000Z');
    expect(cutoff(now, 30)).toBe('2026-05-16T12:00:00.000Z');
    expect(cutoff(now, 0)).toBe('2026-06-15T12:00:00.000Z');
  });

  it('names unconfirmed rows by kind and id, and picks the registrations among them', () => {
    const keys = unsentKeys([
      { kind: 'registration', itemId: 'r1' },
      { kind: 'correction', itemId: 'c1' },
      { kind: 'attestation', itemId: 'registration-like' },
    ]);
    expect([...keys]).toEqual(['registration:r1', 'correction:c1', 'attestation:registration-like']);
    expect(unsentRegistrations(keys)).toEqual(['r1']);
  });
});

describe('which dockings’ raw pen bytes may go', () => {
  it('keeps the bytes of a docking whose registrations are not all confirmed', () => {
    const sessions = [
      { id: 's1', startedAt: '2024-03-20T08:00:00.000Z' },
      { id: 's2', startedAt: '2024-03-21T08:00:00.000Z' },
    ];
    const allYear: Attested = () => true;
    expect(removablePenBytes(sessions, new Set(['s1']), allYear)).toEqual(['s2']);
  });

  it('keeps the bytes until the docking’s month and the month its pen’s oldest record can be from are attested for everyone', () => {
    const marchAndApril: Attested = (instant, recipientId) => {
      const month = new Date(instant).toISOString().slice(0, 7);
      return recipientId === null && (month === '2024-03' || month === '2024-04');
    };
    const sessions = [
      // A pen holds records up to 31 days: back to 2024-03-01, attested.
      { id: 'apr-01', startedAt: '2024-04-01T08:00:00.000Z' },
      // Back to 2024-02-29, not attested.
      { id: 'mar-31', startedAt: '2024-03-31T08:00:00.000Z' },
      // Its own month is not attested.
      { id: 'may-02', startedAt: '2024-05-02T08:00:00.000Z' },
    ];
    expect(removablePenBytes(sessions, new Set(), marchAndApril)).toEqual(['apr-01']);
  });
});
