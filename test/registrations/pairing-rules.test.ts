// Pairing's rules one at a time: which plan a visit matches (tolerance and tie-breaks), the late,
// too short and too long thresholds with their minutes, the order of the result, and how
// corrections and manual registrations reach pairing. pairing.test.ts holds the whole to its
// properties; these state the numbers.
import { describe, expect, it } from 'vitest';
import {
  correctedRegistration,
  defaultRules,
  effectiveRegistrations,
  latestCorrections,
  manualRegistrations,
  pair,
  pairingOrder,
  toPairing,
  type PairingPlan,
  type PairingRegistration,
  type StoredCorrection,
  type StoredRegistration,
} from '../../src/main/registrations/pairing.ts';

const MIN = 60_000;
const T = Date.parse('2026-05-04T06:00:00Z');
const m = (minutes: number) => T + minutes * MIN;

function reg(
  id: string,
  kind: PairingRegistration['kind'],
  minute: number,
  home = 'r1',
  staff = 's1',
): PairingRegistration {
  return { id, staffKey: staff, homeKey: home, time: m(minute), kind, taskCode: kind === 'task' ? 7 : null };
}
/** A visit from minute `from` to `to`. */
const visit = (id: string, from: number, to: number, home = 'r1', staff = 's1') => [
  reg(`${id}a`, 'arrive', from, home, staff),
  reg(`${id}d`, 'depart', to, home, staff),
];
const plan = (id: string, from: number, to: number, home = 'r1', staffKeys = ['s1']): PairingPlan => ({
  id,
  homeKey: home,
  staffKeys,
  start: m(from),
  end: m(to),
});
const kinds = (r: ReturnType<typeof pair>) => r.deviations.map((d) => d.kind);

describe('which plan a visit matches', () => {
  it('a visit that overlaps no plan matches one starting within the hour, not later', () => {
    // The plan is at 60..90; the visit 0..30 overlaps nothing but starts 60 minutes before it.
    expect(pair(visit('v', 0, 30), [plan('p', 60, 90)]).visits[0]!.planId).toBe('p');
    const far = pair(visit('v', 0, 30), [plan('p', 61, 90)]);
    expect(far.visits[0]!.planId).toBeNull();
    expect(kinds(far)).toEqual(['unplanned', 'missed']);
    // An unplanned visit names the visit and carries no minutes.
    expect(far.deviations[0]).toStrictEqual({
      kind: 'unplanned',
      staffKey: 's1',
      homeKey: 'r1',
      registrationIds: [],
      visitIds: ['v:va'],
      planId: null,
      at: m(0),
    });
    // Late by up to the tolerance, without overlap.
    expect(pair(visit('v', 60, 70), [plan('p', 0, 30)]).visits[0]!.planId).toBe('p');
    expect(pair(visit('v', 61, 70), [plan('p', 0, 30)]).visits[0]!.planId).toBeNull();
  });

  it('an overlapping plan matches however far its start is', () => {
    expect(pair(visit('v', 0, 300), [plan('p', 200, 400)]).visits[0]!.planId).toBe('p');
  });

  it('of two plans, the one overlapping more wins, then the nearer start, then the lower id', () => {
    expect(pair(visit('v', 0, 60), [plan('a', 40, 100), plan('b', 10, 120)]).visits[0]!.planId).toBe('b');
    expect(pair(visit('v', 0, 60), [plan('b', 10, 120), plan('a', 40, 100)]).visits[0]!.planId).toBe('b');
    // More overlap wins over a nearer start, in either order.
    expect(pair(visit('v', 0, 60), [plan('b', 10, 120), plan('a', 0, 5)]).visits[0]!.planId).toBe('b');
    expect(pair(visit('v', 0, 60), [plan('a', 0, 5), plan('b', 10, 120)]).visits[0]!.planId).toBe('b');
    // No overlap, both within the tolerance: the nearer start, in either order.
    expect(pair(visit('v', 100, 110), [plan('a', 50, 60), plan('b', 130, 140)]).visits[0]!.planId).toBe('b');
    expect(pair(visit('v', 100, 110), [plan('b', 130, 140), plan('a', 50, 60)]).visits[0]!.planId).toBe('b');
    // Same overlap (none), different distance.
    expect(pair(visit('v', 100, 110), [plan('a', 30, 40), plan('b', 150, 160)]).visits[0]!.planId).toBe('b');
    expect(pair(visit('v', 100, 110), [plan('b', 150, 160), plan('a', 30, 40)]).visits[0]!.planId).toBe('b');
    // Same overlap, same distance: the lower id, in whichever order they come.
    expect(pair(visit('v', 0, 30), [plan('b', 0, 30), plan('a', 0, 30)]).visits[0]!.planId).toBe('a');
    expect(pair(visit('v', 0, 30), [plan('a', 0, 30), plan('b', 0, 30)]).visits[0]!.planId).toBe('a');
    expect(pair(visit('v', 0, 30), [plan('x', 0, 30), plan('y', 0, 30)]).deviations).toMatchObject([
      { kind: 'missed', planId: 'y' },
    ]);
  });

  it('a plan goes to one visit of a staff member; a second visit is unplanned', () => {
    const r = pair([...visit('v1', 0, 30), ...visit('v2', 40, 70)], [plan('p', 0, 30)]);
    expect(r.visits.map((v) => v.planId)).toEqual(['p', null]);
    expect(kinds(r)).toEqual(['unplanned']);
  });

  it('a plan for two staff takes a visit from each; one who did not come is missed', () => {
    const both = pair(
      [...visit('v1', 0, 30), ...visit('v2', 0, 30, 'r1', 's2')],
      [plan('p', 0, 30, 'r1', ['s1', 's2'])],
    );
    expect(both.visits.map((v) => v.planId)).toEqual(['p', 'p']);
    expect(both.deviations).toEqual([]);
    const one = pair(visit('v1', 0, 30), [plan('p', 0, 30, 'r1', ['s1', 's2'])]);
    expect(one.deviations).toStrictEqual([
      {
        kind: 'missed',
        staffKey: 's2',
        homeKey: 'r1',
        registrationIds: [],
        visitIds: [],
        planId: 'p',
        at: m(0),
      },
    ]);
  });

  it('never another home’s or another staff member’s plan', () => {
    expect(kinds(pair(visit('v', 0, 30), [plan('p', 0, 30, 'r2')]))).toEqual(['missed', 'unplanned']);
    expect(kinds(pair(visit('v', 0, 30), [plan('p', 0, 30, 'r1', ['s2'])]))).toEqual(['missed', 'unplanned']);
  });
});

describe('the walk over a staff member’s day', () => {
  it('an arrive and a depart exactly the longest visit apart are still one visit, a minute more are not', () => {
    expect(pair(visit('v', 0, 12 * 60), []).visits).toHaveLength(1);
    expect(kinds(pair(visit('v', 0, 12 * 60 + 1), []))).toEqual(['unmatchedArrive', 'unmatchedDepart']);
  });

  it('a task with no visit open is outside a visit, and so is one at another home', () => {
    expect(pair([reg('t', 'task', 0)], []).deviations).toStrictEqual([
      {
        kind: 'taskOutsideVisit',
        staffKey: 's1',
        homeKey: 'r1',
        registrationIds: ['t'],
        visitIds: [],
        planId: null,
        at: m(0),
      },
    ]);
    const r = pair([reg('a', 'arrive', 0), reg('t', 'task', 5, 'r2'), reg('d', 'depart', 10)], []);
    expect(r.visits).toMatchObject([{ arriveId: 'a', departId: 'd', taskIds: [] }]);
    expect(kinds(r)).toEqual(['unplanned', 'taskOutsideVisit']);
  });

  it('a depart at another home ends the open visit: neither it nor a later depart at the first home closes it', () => {
    const r = pair([reg('a', 'arrive', 0), reg('x', 'depart', 10, 'r2'), reg('d', 'depart', 20)], []);
    expect(r.visits).toEqual([]);
    expect(r.deviations.map((d) => [d.kind, d.registrationIds])).toEqual([
      ['unmatchedArrive', ['a']],
      ['unmatchedDepart', ['x']],
      ['unmatchedDepart', ['d']],
    ]);
  });

  it('by position: every registration’s visit in the returned order, and a slot for each', () => {
    // s2's visit is earlier but walked after s1's: positions must point at the final order.
    const regs = [
      reg('z', 'depart', 200, 'r3', 's3'),
      ...visit('late', 60, 90, 'r1', 's1'),
      ...visit('early', 0, 30, 'r2', 's2'),
    ];
    const r = pair(regs, []);
    expect(r.visits.map((v) => v.id)).toEqual(['v:earlya', 'v:latea']);
    expect([...r.visitOf]).toEqual([-1, 1, 1, 0, 0]);
    expect(r.deviationsOf).toHaveLength(5);
    expect(r.deviationsOf[0]).toEqual(['unmatchedDepart']);
    expect(r.deviationsOf[4]).toBeUndefined();
  });
});

describe('late, too short and too long', () => {
  it('late only after 15 minutes, with the minutes it was late', () => {
    expect(kinds(pair(visit('v', 15, 45), [plan('p', 0, 30)]))).toEqual([]);
    const late = pair(visit('v', 16, 46), [plan('p', 0, 30)]);
    expect(late.deviations).toStrictEqual([
      {
        kind: 'late',
        staffKey: 's1',
        homeKey: 'r1',
        registrationIds: [],
        visitIds: ['v:va'],
        planId: 'p',
        at: m(16),
        minutes: 16,
      },
    ]);
    expect(pair(visit('v', 50, 80), [plan('p', 0, 30)]).deviations).toMatchObject([
      { kind: 'late', minutes: 50 },
    ]);
    // Early is not late.
    expect(kinds(pair(visit('v', -40, -10), [plan('p', 0, 30)]))).toEqual([]);
  });

  it('late by a part of a minute rounds to the nearest minute', () => {
    const r = pair(
      [{ ...reg('a', 'arrive', 0), time: m(20) + 31_000 }, reg('d', 'depart', 50)],
      [plan('p', 0, 30)],
    );
    expect(r.deviations).toMatchObject([{ kind: 'late', minutes: 21 }]);
  });

  it('too short under half the planned time, too long over one and a half, each with its minutes', () => {
    expect(kinds(pair(visit('v', 0, 30), [plan('p', 0, 60)]))).toEqual([]);
    expect(pair(visit('v', 0, 29), [plan('p', 0, 60)]).deviations).toMatchObject([
      { kind: 'tooShort', minutes: 29, planId: 'p' },
    ]);
    expect(kinds(pair(visit('v', 0, 90), [plan('p', 0, 60)]))).toEqual([]);
    expect(pair(visit('v', 0, 91), [plan('p', 0, 60)]).deviations).toMatchObject([
      { kind: 'tooLong', minutes: 91, planId: 'p' },
    ]);
  });

  it('a plan of no length is neither too short nor too long', () => {
    expect(kinds(pair(visit('v', 0, 1), [plan('p', 0, 0)]))).toEqual([]);
    expect(kinds(pair(visit('v', 0, 300), [plan('p', 0, 0)]))).toEqual([]);
  });

  it('late and too long together, in that order by kind', () => {
    expect(kinds(pair(visit('v', 20, 120), [plan('p', 0, 60)]))).toEqual(['late', 'tooLong']);
  });

  it('uses the rules it is given', () => {
    const rules = { ...defaultRules, lateAfterMs: 5 * MIN, matchToleranceMs: 10 * MIN };
    expect(kinds(pair(visit('v', 6, 36), [plan('p', 0, 30)], rules))).toEqual(['late']);
    expect(pair(visit('v', 0, 10), [plan('p', 21, 40)], rules).visits[0]!.planId).toBeNull();
  });
});

describe('the order of what pairing returns', () => {
  it('deviations by time, then kind, then staff, then what they name', () => {
    const regs = [
      reg('x1', 'depart', 5, 'r9', 's2'),
      reg('x2', 'depart', 5, 'r9', 's1'),
      reg('x3', 'arrive', 1, 'r8', 's1'),
      reg('x0', 'task', 5, 'r7', 's1'),
      reg('x4', 'depart', 5, 'r6', 's1'),
    ];
    const r = pair(regs, [plan('p2', 5, 10, 'r5'), plan('p1', 5, 10, 'r5')]);
    expect(r.deviations.map((d) => [d.at - T, d.kind, d.staffKey, d.registrationIds[0] ?? d.planId])).toEqual(
      [
        [MIN, 'unmatchedArrive', 's1', 'x3'],
        [5 * MIN, 'missed', 's1', 'p1'],
        [5 * MIN, 'missed', 's1', 'p2'],
        [5 * MIN, 'taskOutsideVisit', 's1', 'x0'],
        [5 * MIN, 'unmatchedDepart', 's1', 'x2'],
        [5 * MIN, 'unmatchedDepart', 's1', 'x4'],
        [5 * MIN, 'unmatchedDepart', 's2', 'x1'],
      ],
    );
  });

  it('deviations of one kind at one instant: by staff, then by the registration or visit they name', () => {
    // t2 is reported at once (no visit open at r2); t1 only when its visit is abandoned.
    const walk = pair(
      [reg('a', 'arrive', 0), reg('t1', 'task', 5), reg('t2', 'task', 5, 'r2'), reg('b', 'arrive', 10)],
      [],
    );
    expect(walk.deviations.map((d) => [d.kind, d.registrationIds[0]])).toEqual([
      ['unmatchedArrive', 'a'],
      ['taskOutsideVisit', 't1'],
      ['taskOutsideVisit', 't2'],
      ['unmatchedArrive', 'b'],
    ]);
    // Visits at one instant are matched in arrive-id order; their deviations sort by staff.
    const unplanned = pair([...visit('a', 0, 10, 'r1', 's2'), ...visit('b', 0, 10, 'r2', 's1')], []);
    expect(unplanned.deviations.map((d) => [d.staffKey, d.visitIds[0]])).toEqual([
      ['s1', 'v:ba'],
      ['s2', 'v:aa'],
    ]);
  });

  it('registrations at one instant: arrive, then task, then depart, then by id', () => {
    const a = reg('b', 'arrive', 0);
    const t = reg('a', 'task', 0);
    const d = reg('c', 'depart', 0);
    expect([d, t, a].sort(pairingOrder).map((r) => r.kind)).toEqual(['arrive', 'task', 'depart']);
    const x = reg('x', 'task', 0);
    expect([x, t].sort(pairingOrder).map((r) => r.id)).toEqual(['a', 'x']);
    expect([t, x].sort(pairingOrder).map((r) => r.id)).toEqual(['a', 'x']);
    expect(pairingOrder(t, { ...t })).toBe(0);
    expect(pairingOrder(x, t)).toBeGreaterThan(0);
    expect(pairingOrder(t, x)).toBeLessThan(0);
    expect(pairingOrder(reg('z', 'depart', 0), reg('a', 'arrive', 1))).toBeLessThan(0);
    // Paired that way, an arrive, a task and a depart at one instant are one visit.
    expect(pair([d, t, a], []).visits).toMatchObject([{ arriveId: 'b', departId: 'c', taskIds: ['a'] }]);
  });

  it('visits in start order, then arrive id, whoever made them', () => {
    const r = pair(
      [...visit('b', 0, 10, 'r1', 's2'), ...visit('a', 0, 10, 'r2', 's3'), ...visit('c', -5, 10, 'r3', 's1')],
      [],
    );
    expect(r.visits.map((v) => v.id)).toEqual(['v:ca', 'v:aa', 'v:ba']);
  });
});

const stored = (id: string, changes: Partial<StoredRegistration> = {}): StoredRegistration => ({
  id,
  staffId: 's1',
  penSerial: 'P1',
  recipientId: 'r1',
  tagUid: '04AA',
  time: m(0),
  kind: 'arrive',
  taskCode: null,
  ...changes,
});
const correction = (
  id: string,
  correctsId: string | null,
  changes: StoredCorrection['changes'],
  createdAt = '2026-05-04T10:00:00.000Z',
): StoredCorrection => ({ id, correctsId, changes, createdAt });

describe('corrections as pairing sees them', () => {
  it('a pen without a holder and a tag without a home are grouped by the pen and the tag', () => {
    expect(toPairing(stored('r', { staffId: null, recipientId: null }))).toMatchObject({
      staffKey: 'pen:P1',
      homeKey: 'tag:04AA',
    });
  });

  it('each field a correction names replaces the original’s; a field it leaves out is kept', () => {
    const r = stored('r', { kind: 'task', taskCode: 7 });
    expect(correctedRegistration(r, correction('c', 'r', { taskCode: 9 }))).toMatchObject({
      taskCode: 9,
      staffKey: 's1',
      homeKey: 'r1',
      kind: 'task',
      time: m(0),
    });
    expect(correctedRegistration(r, correction('c', 'r', { staffId: 's2' }))).toMatchObject({
      staffKey: 's2',
      taskCode: 7,
    });
    expect(correctedRegistration(r, correction('c', 'r', { recipientId: 'r2' }))).toMatchObject({
      homeKey: 'r2',
      staffKey: 's1',
    });
    expect(
      correctedRegistration(
        r,
        correction('c', 'r', { correctedTime: '2026-05-04T07:00:00.000Z', kind: 'depart' }),
      ),
    ).toMatchObject({ time: Date.parse('2026-05-04T07:00:00.000Z'), kind: 'depart', taskCode: 7 });
  });

  it('a correction can clear a field: no staff member, no home, no task code', () => {
    const r = stored('r', { kind: 'task', taskCode: 7 });
    expect(correctedRegistration(r, correction('c', 'r', { staffId: null }))).toMatchObject({
      staffKey: 'pen:P1',
    });
    expect(correctedRegistration(r, correction('c', 'r', { recipientId: null }))).toMatchObject({
      homeKey: 'tag:04AA',
    });
    expect(correctedRegistration(r, correction('c', 'r', { taskCode: null }))).toMatchObject({
      taskCode: null,
    });
  });

  it('a voided registration is not paired; without a correction it is as stored', () => {
    expect(correctedRegistration(stored('r'), correction('c', 'r', { void: true }))).toBeNull();
    expect(correctedRegistration(stored('r'), undefined)).toEqual(toPairing(stored('r')));
  });

  it('the latest correction wins by when it was made, then by id', () => {
    const list = [
      correction('c1', 'r', { taskCode: 3 }, '2026-05-04T12:00:00.000Z'),
      correction('c9', 'r', { taskCode: 1 }, '2026-05-04T09:00:00.000Z'),
      correction('c5', 'r', { taskCode: 1 }, '2026-05-04T10:00:00.000Z'),
      correction('c2b', 'q', { taskCode: 2 }, '2026-05-04T09:00:00.000Z'),
      correction('c2a', 'q', { taskCode: 1 }, '2026-05-04T09:00:00.000Z'),
      correction('c2c', 'q', { taskCode: 1 }, '2026-05-04T08:00:00.000Z'),
    ];
    for (const order of [list, [...list].reverse()]) {
      const { latest, manual } = latestCorrections(order);
      expect(latest.get('r')!.id).toBe('c1');
      expect(latest.get('q')!.id).toBe('c2b');
      expect(manual).toEqual([]);
    }
  });

  it('manual registrations come oldest first', () => {
    const { manual } = latestCorrections([
      correction('m2', null, {}, '2026-05-04T12:00:00.000Z'),
      correction('m1', null, {}, '2026-05-04T09:00:00.000Z'),
    ]);
    expect(manual.map((c) => c.id)).toEqual(['m1', 'm2']);
  });

  it('a manual registration is paired with its own later correction merged over it', () => {
    const made = correction('m', null, {
      correctedTime: '2026-05-04T06:30:00.000Z',
      kind: 'task',
      taskCode: 4,
      staffId: 's1',
      recipientId: 'r1',
    });
    expect(manualRegistrations([made], new Map())).toEqual([
      { id: 'm', staffKey: 's1', homeKey: 'r1', time: m(30), kind: 'task', taskCode: 4 },
    ]);
    const fix = correction('f', 'm', { taskCode: 5, staffId: 's2' });
    expect(manualRegistrations([made], new Map([['m', fix]]))).toEqual([
      { id: 'm', staffKey: 's2', homeKey: 'r1', time: m(30), kind: 'task', taskCode: 5 },
    ]);
    expect(manualRegistrations([made], new Map([['m', correction('v', 'm', { void: true })]]))).toEqual([]);
  });

  it('a manual registration without a time or a kind is not paired; one without staff or home gets stand-ins', () => {
    expect(manualRegistrations([correction('m', null, { kind: 'arrive' })], new Map())).toEqual([]);
    expect(
      manualRegistrations([correction('m', null, { correctedTime: '2026-05-04T06:30:00.000Z' })], new Map()),
    ).toEqual([]);
    expect(
      manualRegistrations(
        [correction('m', null, { correctedTime: '2026-05-04T06:30:00.000Z', kind: 'arrive' })],
        new Map(),
      ),
    ).toEqual([
      { id: 'm', staffKey: 'pen:manual', homeKey: 'tag:manual', time: m(30), kind: 'arrive', taskCode: null },
    ]);
  });

  it('a manual depart completes a visit a pen began', () => {
    const regs = [stored('r1', { time: m(0) })];
    const corrections = [
      correction('m', null, {
        correctedTime: '2026-05-04T06:40:00.000Z',
        kind: 'depart',
        staffId: 's1',
        recipientId: 'r1',
      }),
    ];
    const effective = effectiveRegistrations(regs, corrections);
    expect(effective.map((r) => r.id)).toEqual(['r1', 'm']);
    expect(pair(effective, []).visits).toMatchObject([
      { arriveId: 'r1', departId: 'm', start: m(0), end: m(40) },
    ]);
  });

  it('a voided registration drops out, a corrected one is paired as corrected', () => {
    const regs = [
      stored('a'),
      stored('b', { kind: 'depart', time: m(30) }),
      stored('c', { kind: 'depart', time: m(35) }),
    ];
    const effective = effectiveRegistrations(regs, [
      correction('x', 'b', { void: true }),
      correction('y', 'c', { correctedTime: '2026-05-04T06:20:00.000Z' }),
    ]);
    expect(effective.map((r) => [r.id, r.time])).toEqual([
      ['a', m(0)],
      ['c', m(20)],
    ]);
  });
});
