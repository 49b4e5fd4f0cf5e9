import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  effectiveRegistrations,
  pair,
  type PairingPlan,
  type PairingRegistration,
  type StoredCorrection,
  type StoredRegistration,
} from '../../src/main/registrations/pairing.ts';
import { localDate, localDayBounds, zonedInstant } from '../../src/shared/domain/time.ts';

const TZ = 'Europe/Stockholm';
const at = (date: string, time: string) => zonedInstant(date, time, TZ);
let n = 0;
const reg = (
  kind: PairingRegistration['kind'],
  time: number,
  home = 'r1',
  staff = 's1',
): PairingRegistration => ({
  id: `g${String(++n).padStart(4, '0')}`,
  staffKey: staff,
  homeKey: home,
  time,
  kind,
  taskCode: kind === 'task' ? 7 : null,
});

/** Every registration is in exactly one place: a visit, or one unmatched deviation. */
function placements(regs: readonly PairingRegistration[], plans: PairingPlan[] = []): Map<string, number> {
  const result = pair(regs, plans);
  const seen = new Map<string, number>();
  const see = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const v of result.visits) [v.arriveId, v.departId, ...v.taskIds].forEach(see);
  for (const d of result.deviations)
    if (['unmatchedArrive', 'unmatchedDepart', 'taskOutsideVisit'].includes(d.kind))
      d.registrationIds.forEach(see);
  return seen;
}

const arbRegs = fc.array(
  fc.record({
    kind: fc.constantFrom('arrive' as const, 'depart' as const, 'task' as const),
    minute: fc.integer({ min: 0, max: 48 * 60 }),
    home: fc.constantFrom('r1', 'r2', 'r3'),
    staff: fc.constantFrom('s1', 's2'),
  }),
  { maxLength: 80 },
);
const base = at('2026-03-28', '06:00');
const toRegs = (xs: { kind: PairingRegistration['kind']; minute: number; home: string; staff: string }[]) =>
  xs.map((x, i) => ({
    id: `p${String(i).padStart(4, '0')}`,
    staffKey: x.staff,
    homeKey: x.home,
    time: base + x.minute * 60_000,
    kind: x.kind,
    taskCode: null,
  }));

describe('pairing properties', () => {
  it('never loses a registration and never counts one twice', () => {
    fc.assert(
      fc.property(arbRegs, (xs) => {
        const regs = toRegs(xs);
        const seen = placements(regs);
        return regs.every((r) => seen.get(r.id) === 1) && seen.size === regs.length;
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer whatever order the registrations come in', () => {
    fc.assert(
      fc.property(arbRegs, fc.integer(), (xs, seed) => {
        const regs = toRegs(xs);
        const shuffled = [...regs].sort(
          (a, b) => ((a.id.charCodeAt(4) * seed) % 7) - ((b.id.charCodeAt(4) * seed) % 7),
        );
        // The by-position lookups follow the input order by design; what was found must not.
        const found = (input: typeof regs) => {
          const { visits, deviations } = pair(input, []);
          return JSON.stringify({ visits, deviations });
        };
        return found(regs) === found(shuffled);
      }),
      { numRuns: 200 },
    );
  });

  it('answers by position exactly what the visits and deviations say by id', () => {
    fc.assert(
      fc.property(arbRegs, (xs) => {
        const regs = toRegs(xs);
        const plan = { id: 'p1', homeKey: 'r1', staffKeys: ['s1'], start: base, end: base + 3600_000 };
        const result = pair(regs, [plan]);
        return regs.every((reg, at) => {
          const visit = result.visits.find(
            (v) => v.arriveId === reg.id || v.departId === reg.id || v.taskIds.includes(reg.id),
          );
          const index = result.visitOf[at]!;
          if ((visit ? result.visits.indexOf(visit) : -1) !== index) return false;
          const own = result.deviations.filter((d) => d.registrationIds.includes(reg.id)).map((d) => d.kind);
          if (JSON.stringify(own.sort()) !== JSON.stringify([...(result.deviationsOf[at] ?? [])].sort()))
            return false;
          if (!visit) return true;
          const ofVisit = result.deviations.filter((d) => d.visitIds.includes(visit.id)).map((d) => d.kind);
          return (
            JSON.stringify(ofVisit.sort()) ===
            JSON.stringify([...(result.visitDeviations[index] ?? [])].sort())
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it('lets a correction win over what it corrects, and keeps the original out of pairing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.constantFrom('arrive' as const, 'depart' as const),
        (shift, kind) => {
          const stored: StoredRegistration[] = [
            {
              id: 'a',
              staffId: 's1',
              penSerial: 'P',
              recipientId: 'r1',
              tagUid: 'T',
              time: base,
              kind: 'arrive',
              taskCode: null,
            },
            {
              id: 'b',
              staffId: 's1',
              penSerial: 'P',
              recipientId: 'r1',
              tagUid: 'T',
              time: base + 30 * 60_000,
              kind: 'arrive',
              taskCode: null,
            },
          ];
          const corrections: StoredCorrection[] = [
            { id: 'c1', correctsId: 'b', createdAt: '2026-01-01T00:00:00Z', changes: { kind: 'arrive' } },
            {
              id: 'c2',
              correctsId: 'b',
              createdAt: '2026-01-02T00:00:00Z',
              changes: { kind, correctedTime: new Date(base + shift * 60_000).toISOString() },
            },
          ];
          const effective = effectiveRegistrations(stored, corrections);
          const b = effective.find((r) => r.id === 'b')!;
          return effective.length === 2 && b.kind === kind && b.time === base + shift * 60_000;
        },
      ),
    );
  });
});

describe('pairing cases', () => {
  it('pairs an arrive and a depart into a visit with its tasks and matches the plan', () => {
    const regs = [
      reg('arrive', at('2026-05-04', '08:00')),
      reg('task', at('2026-05-04', '08:10')),
      reg('depart', at('2026-05-04', '08:40')),
    ];
    const plan: PairingPlan = {
      id: 'p1',
      homeKey: 'r1',
      staffKeys: ['s1'],
      start: at('2026-05-04', '08:00'),
      end: at('2026-05-04', '08:45'),
    };
    const { visits, deviations } = pair(regs, [plan]);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      arriveId: regs[0]!.id,
      departId: regs[2]!.id,
      taskIds: [regs[1]!.id],
      planId: 'p1',
    });
    expect(deviations).toEqual([]);
  });

  it('reports an unmatched departure, a missed visit and an unplanned one', () => {
    const regs = [
      reg('depart', at('2026-05-04', '09:00')),
      reg('arrive', at('2026-05-04', '10:00'), 'r2'),
      reg('depart', at('2026-05-04', '10:30'), 'r2'),
    ];
    const plan: PairingPlan = {
      id: 'p9',
      homeKey: 'r3',
      staffKeys: ['s1'],
      start: at('2026-05-04', '12:00'),
      end: at('2026-05-04', '12:30'),
    };
    const kinds = pair(regs, [plan]).deviations.map((d) => d.kind);
    expect(kinds).toEqual(['unmatchedDepart', 'unplanned', 'missed']);
  });

  it('flags late, too short and double staffing correctly', () => {
    const plan: PairingPlan = {
      id: 'p2',
      homeKey: 'r1',
      staffKeys: ['s1', 's2'],
      start: at('2026-05-04', '08:00'),
      end: at('2026-05-04', '09:00'),
    };
    const regs = [
      reg('arrive', at('2026-05-04', '08:30'), 'r1', 's1'),
      reg('depart', at('2026-05-04', '08:45'), 'r1', 's1'),
      reg('arrive', at('2026-05-04', '08:00'), 'r1', 's2'),
      reg('depart', at('2026-05-04', '09:00'), 'r1', 's2'),
    ];
    const result = pair(regs, [plan]);
    expect(result.visits.map((v) => v.planId)).toEqual(['p2', 'p2']);
    expect(result.deviations.map((d) => `${d.kind}:${d.staffKey}`).sort()).toEqual([
      'late:s1',
      'tooShort:s1',
    ]);
  });

  it('pairs a visit across midnight and counts it on the day it began', () => {
    const regs = [reg('arrive', at('2026-06-10', '23:40')), reg('depart', at('2026-06-11', '00:20'))];
    const [visit] = pair(regs, []).visits;
    expect((visit!.end - visit!.start) / 60_000).toBe(40);
    expect(localDate(visit!.start, TZ)).toBe('2026-06-10');
  });

  it('measures real time across the spring-forward night (2026-03-29)', () => {
    const regs = [reg('arrive', at('2026-03-29', '01:30')), reg('depart', at('2026-03-29', '03:30'))];
    const [visit] = pair(regs, []).visits;
    expect((visit!.end - visit!.start) / 60_000).toBe(60); // 02:00–03:00 never happened
    expect(localDayBounds('2026-03-29', TZ).end - localDayBounds('2026-03-29', TZ).start).toBe(23 * 3600_000);
    expect(at('2026-03-29', '02:30')).toBe(at('2026-03-29', '03:30'));
  });

  it('measures real time across the fall-back night (2026-10-25)', () => {
    const regs = [reg('arrive', at('2026-10-25', '01:30')), reg('depart', at('2026-10-25', '03:30'))];
    const [visit] = pair(regs, []).visits;
    expect((visit!.end - visit!.start) / 60_000).toBe(180); // 02:00–03:00 happened twice
    expect(localDayBounds('2026-10-25', TZ).end - localDayBounds('2026-10-25', TZ).start).toBe(25 * 3600_000);
    expect(
      localDayBounds('2026-10-25', 'Europe/Helsinki').end -
        localDayBounds('2026-10-25', 'Europe/Helsinki').start,
    ).toBe(25 * 3600_000);
  });

  it('treats an arrive and a depart half a day apart as two unmatched registrations', () => {
    const regs = [reg('arrive', at('2026-05-04', '07:00')), reg('depart', at('2026-05-04', '20:00'))];
    expect(pair(regs, []).deviations.map((d) => d.kind)).toEqual(['unmatchedArrive', 'unmatchedDepart']);
  });
});
