/**
 * Pairing: registrations → performed visits and deviations. Pure and deterministic: the same
 * input always gives the same output, whatever order it came in, so the UI can explain every
 * result and a correction simply means running it again.
 *
 * One file of some 460 lines on purpose: the rules, the pass over a day and the corrections it
 * applies are one algorithm whose parts share its index arrays; test/registrations/pairing.test.ts
 * holds it to its properties as a whole.
 */
import type { DeviationKind } from '../../shared/domain/deviations.ts';

export type RegistrationKind = 'arrive' | 'depart' | 'task';

/** A registration as pairing sees it: corrections already applied, voided ones removed. */
export interface PairingRegistration {
  id: string;
  /** Who carried the pen, or a stand-in key ("pen:SERIAL") when the pen had no assignment. */
  staffKey: string;
  /** The recipient whose home the tag is in, or a stand-in ("tag:UID") for an unknown tag. */
  homeKey: string;
  time: number;
  kind: RegistrationKind;
  taskCode: number | null;
}

export interface PairingPlan {
  id: string;
  homeKey: string;
  staffKeys: readonly string[];
  start: number;
  end: number;
}

export interface PerformedVisit {
  id: string;
  staffKey: string;
  homeKey: string;
  arriveId: string;
  departId: string;
  taskIds: string[];
  start: number;
  end: number;
  planId: string | null;
}

export type { DeviationKind };

export interface Deviation {
  kind: DeviationKind;
  staffKey: string;
  homeKey: string;
  registrationIds: string[];
  visitIds: string[];
  planId: string | null;
  /** When it happened, for sorting and day grouping. */
  at: number;
  /** Numbers for the explanation text ("started 25 minutes late"). */
  minutes?: number;
}

export interface PairingRules {
  /** An arrive and a depart further apart than this are not one visit. */
  maxVisitMs: number;
  /** How far outside a planned window a performed visit may start and still match the plan. */
  matchToleranceMs: number;
  lateAfterMs: number;
  /** Performed shorter than this share of planned is too short; longer than longFactor too long. */
  shortFactor: number;
  longFactor: number;
}

export const defaultRules: PairingRules = {
  maxVisitMs: 12 * 3600_000,
  matchToleranceMs: 60 * 60_000,
  lateAfterMs: 15 * 60_000,
  shortFactor: 0.5,
  longFactor: 1.5,
};

export interface PairingResult {
  visits: PerformedVisit[];
  deviations: Deviation[];
  /**
   * For a list that must not look every registration up by id: by a registration's position in
   * the input, the index of its visit in `visits` (-1 for none) and the deviations naming it.
   */
  visitOf: Int32Array;
  deviationsOf: (DeviationKind[] | undefined)[];
  /** By a visit's index in `visits`: the deviations naming it. */
  visitDeviations: (DeviationKind[] | undefined)[];
}

const kindOrder: Record<RegistrationKind, number> = { arrive: 0, task: 1, depart: 2 };
/** Pairing order: time, then arrive before task before depart, then id. */
export const pairingOrder = (a: PairingRegistration, b: PairingRegistration): number =>
  a.time - b.time || kindOrder[a.kind] - kindOrder[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a run of pairing builds before the visits take their final order. */
interface Work {
  regs: readonly PairingRegistration[];
  rules: PairingRules;
  /** Visits in the order the walks made them; their final order comes after. */
  made: PerformedVisit[];
  deviations: Deviation[];
  /** By input position: the index in `made` of the registration's visit, or -1. */
  visitOf: Int32Array;
  /** By index in `made`: the input position of the visit's arrive. */
  arriveOf: number[];
  /** By index in `made`: deviations the walk found (overlaps). */
  madeKinds: (DeviationKind[] | undefined)[];
  deviationsOf: (DeviationKind[] | undefined)[];
}

/**
 * Walks one staff member's day in time order: arrive opens a visit, depart at the same home
 * closes it. Visits come out in start order, so an overlap is one with the visit before.
 */
function pairStaff(staffKey: string, positions: readonly number[], work: Work): void {
  const { regs, rules } = work;
  // The open visit: its arrive's position (-1 for none) and tasks seen in it.
  let open = -1;
  let tasks: number[] = [];
  let previous: number | null = null;
  const unmatched = (kind: DeviationKind, at: number) => {
    const reg = regs[at]!;
    work.deviations.push({
      kind,
      staffKey,
      homeKey: reg.homeKey,
      registrationIds: [reg.id],
      visitIds: [],
      planId: null,
      at: reg.time,
    });
    (work.deviationsOf[at] ??= []).push(kind);
  };
  const abandon = () => {
    if (open < 0) return;
    unmatched('unmatchedArrive', open);
    for (const task of tasks) unmatched('taskOutsideVisit', task);
    open = -1;
  };
  for (const at of positions) {
    const reg = regs[at]!;
    if (open >= 0 && reg.time - regs[open]!.time > rules.maxVisitMs) abandon();
    if (reg.kind === 'arrive') {
      abandon();
      open = at;
      if (tasks.length > 0) tasks = [];
    } else if (reg.kind === 'task') {
      if (open >= 0 && regs[open]!.homeKey === reg.homeKey) tasks.push(at);
      else unmatched('taskOutsideVisit', at);
    } else if (open >= 0 && regs[open]!.homeKey === reg.homeKey) {
      const arrive = regs[open]!;
      const visit: PerformedVisit = {
        id: `v:${arrive.id}`,
        staffKey,
        homeKey: reg.homeKey,
        arriveId: arrive.id,
        departId: reg.id,
        taskIds: tasks.map((t) => regs[t]!.id),
        start: arrive.time,
        end: reg.time,
        planId: null,
      };
      const made = work.made.push(visit) - 1;
      work.arriveOf.push(open);
      work.visitOf[open] = made;
      work.visitOf[at] = made;
      for (const t of tasks) work.visitOf[t] = made;
      // Visits of one walk follow each other; this guards the rule should the walk ever change.
      if (previous !== null && visit.start < work.made[previous]!.end) {
        work.deviations.push({
          kind: 'overlap',
          staffKey,
          homeKey: visit.homeKey,
          registrationIds: [],
          visitIds: [work.made[previous]!.id, visit.id],
          planId: null,
          at: visit.start,
        });
        (work.madeKinds[previous] ??= []).push('overlap');
        (work.madeKinds[made] ??= []).push('overlap');
      }
      previous = made;
      open = -1;
    } else {
      // A depart somewhere else than where the open visit began ends neither.
      abandon();
      unmatched('unmatchedDepart', at);
    }
  }
  abandon();
}

function overlapMs(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Each performed visit (in start order) takes the plan for its home and staff member that fits it best. */
function matchPlans(
  plans: readonly PairingPlan[],
  visits: readonly PerformedVisit[],
  visitDeviations: (DeviationKind[] | undefined)[],
  work: Work,
): void {
  const { rules } = work;
  const taken = new Set<string>(); // planId|staffKey
  // A month holds thousands of plans; a visit only ever looks at its own home's.
  const plansByHome = groupBy(plans, (p) => p.homeKey);
  const deviation = (
    index: number,
    visit: PerformedVisit,
    kind: DeviationKind,
    planId: string | null,
    minutes?: number,
  ) => {
    work.deviations.push({
      kind,
      staffKey: visit.staffKey,
      homeKey: visit.homeKey,
      registrationIds: [],
      visitIds: [visit.id],
      planId,
      at: visit.start,
      ...(minutes === undefined ? {} : { minutes }),
    });
    (visitDeviations[index] ??= []).push(kind);
  };
  visits.forEach((visit, index) => {
    let best: { plan: PairingPlan; score: number; distance: number } | null = null;
    for (const plan of plansByHome.get(visit.homeKey) ?? []) {
      if (!plan.staffKeys.includes(visit.staffKey)) continue;
      if (taken.has(`${plan.id}|${visit.staffKey}`)) continue;
      const distance = Math.abs(visit.start - plan.start);
      const score = overlapMs(visit, plan);
      if (score === 0 && distance > rules.matchToleranceMs) continue;
      if (
        !best ||
        score > best.score ||
        (score === best.score &&
          (distance < best.distance || (distance === best.distance && plan.id < best.plan.id)))
      ) {
        best = { plan, score, distance };
      }
    }
    if (!best) {
      deviation(index, visit, 'unplanned', null);
      return;
    }
    const plan = best.plan;
    taken.add(`${plan.id}|${visit.staffKey}`);
    visit.planId = plan.id;
    const lateBy = visit.start - plan.start;
    if (lateBy > rules.lateAfterMs) deviation(index, visit, 'late', plan.id, Math.round(lateBy / 60_000));
    const planned = plan.end - plan.start;
    const performed = visit.end - visit.start;
    if (planned > 0 && performed < planned * rules.shortFactor)
      deviation(index, visit, 'tooShort', plan.id, Math.round(performed / 60_000));
    if (planned > 0 && performed > planned * rules.longFactor)
      deviation(index, visit, 'tooLong', plan.id, Math.round(performed / 60_000));
  });
  for (const plan of [...plans].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1))) {
    for (const staffKey of plan.staffKeys) {
      if (!taken.has(`${plan.id}|${staffKey}`)) {
        work.deviations.push({
          kind: 'missed',
          staffKey,
          homeKey: plan.homeKey,
          registrationIds: [],
          visitIds: [],
          planId: plan.id,
          at: plan.start,
        });
      }
    }
  }
}

const deviationOrder = (a: Deviation, b: Deviation) =>
  a.at - b.at ||
  (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
  (a.staffKey < b.staffKey ? -1 : a.staffKey > b.staffKey ? 1 : 0) ||
  ((a.visitIds[0] ?? a.registrationIds[0] ?? a.planId ?? '') <
  (b.visitIds[0] ?? b.registrationIds[0] ?? b.planId ?? '')
    ? -1
    : 1);

export function pair(
  registrations: readonly PairingRegistration[],
  plans: readonly PairingPlan[],
  rules: PairingRules = defaultRules,
): PairingResult {
  const work: Work = {
    regs: registrations,
    rules,
    made: [],
    deviations: [],
    visitOf: new Int32Array(registrations.length).fill(-1),
    arriveOf: [],
    madeKinds: [],
    deviationsOf: new Array<DeviationKind[] | undefined>(registrations.length),
  };
  // One sort of every position in pairing order (input that comes sorted costs one pass); each
  // staff member's positions are then in order, and so are visits by their arrive's rank.
  const sorted = registrations
    .map((_, at) => at)
    .sort((a, b) => pairingOrder(registrations[a]!, registrations[b]!));
  const byStaff = new Map<string, number[]>();
  for (const at of sorted) {
    const key = registrations[at]!.staffKey;
    const list = byStaff.get(key);
    if (list) list.push(at);
    else byStaff.set(key, [at]);
  }
  for (const staffKey of [...byStaff.keys()].sort()) pairStaff(staffKey, byStaff.get(staffKey)!, work);

  // Visits by start then id is arrive order, as `v:` + arrive id sorts as the arrive id does.
  const { made, visitOf } = work;
  const madeByRank = new Int32Array(registrations.length).fill(-1);
  const rank = new Int32Array(registrations.length);
  sorted.forEach((at, r) => (rank[at] = r));
  work.arriveOf.forEach((arrive, m) => (madeByRank[rank[arrive]!] = m));
  const order: number[] = [];
  for (const m of madeByRank) if (m >= 0) order.push(m);
  const finalIndex = new Int32Array(made.length);
  order.forEach((m, index) => (finalIndex[m] = index));
  for (let at = 0; at < visitOf.length; at++) if (visitOf[at]! >= 0) visitOf[at] = finalIndex[visitOf[at]!]!;
  const visits = order.map((m) => made[m]!);
  const visitDeviations = order.map((m) => work.madeKinds[m]);

  matchPlans(plans, visits, visitDeviations, work);
  work.deviations.sort(deviationOrder);
  return { visits, deviations: work.deviations, visitOf, deviationsOf: work.deviationsOf, visitDeviations };
}

// ── Corrections ─────────────────────────────────────────────────────────────────────────────

export interface StoredRegistration {
  id: string;
  staffId: string | null;
  penSerial: string;
  recipientId: string | null;
  tagUid: string;
  time: number;
  kind: RegistrationKind;
  taskCode: number | null;
}

export interface CorrectionChanges {
  correctedTime?: string | null | undefined;
  kind?: RegistrationKind | undefined;
  taskCode?: number | null | undefined;
  staffId?: string | null | undefined;
  recipientId?: string | null | undefined;
  void?: boolean | undefined;
  /** On a manual visit's arrive: the services it was for. Not a change pairing applies. */
  services?: { code: string; minutes: number }[] | undefined;
}

export interface StoredCorrection {
  id: string;
  correctsId: string | null;
  changes: CorrectionChanges;
  createdAt: string;
}

/** The latest correction of each registration, and the manual registrations, oldest first. */
export function latestCorrections(corrections: readonly StoredCorrection[]): {
  latest: Map<string, StoredCorrection>;
  manual: StoredCorrection[];
} {
  const latest = new Map<string, StoredCorrection>();
  const manual: StoredCorrection[] = [];
  for (const c of [...corrections].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  )) {
    if (c.correctsId === null) manual.push(c);
    else latest.set(c.correctsId, c);
  }
  return { latest, manual };
}

/** What pairing sees of a stored registration: its latest correction applied, or null if voided. */
export function correctedRegistration(
  r: StoredRegistration,
  correction: StoredCorrection | undefined,
): PairingRegistration | null {
  if (!correction) return toPairing(r);
  const ch = correction.changes;
  if (ch.void) return null;
  return toPairing({
    ...r,
    time: ch.correctedTime ? Date.parse(ch.correctedTime) : r.time,
    kind: ch.kind ?? r.kind,
    taskCode: ch.taskCode !== undefined ? ch.taskCode : r.taskCode,
    staffId: ch.staffId !== undefined ? ch.staffId : r.staffId,
    recipientId: ch.recipientId !== undefined ? ch.recipientId : r.recipientId,
  });
}

/** The keys pairing groups by when a pen had no holder or a tag no home. */
export function toPairing(r: StoredRegistration): PairingRegistration {
  return {
    id: r.id,
    staffKey: r.staffId ?? `pen:${r.penSerial}`,
    homeKey: r.recipientId ?? `tag:${r.tagUid}`,
    time: r.time,
    kind: r.kind,
    taskCode: r.taskCode,
  };
}

/** Manual registrations (a correction of nothing) as pairing sees them, with their own corrections. */
export function manualRegistrations(
  manual: readonly StoredCorrection[],
  latest: ReadonlyMap<string, StoredCorrection>,
): PairingRegistration[] {
  const out: PairingRegistration[] = [];
  // A correction of a manual registration targets the manual registration's id.
  for (const m of manual) {
    const c = latest.get(m.id);
    const merged = c ? { ...m.changes, ...c.changes } : m.changes;
    if (merged.void || !merged.correctedTime || !merged.kind) continue;
    out.push(
      toPairing({
        id: m.id,
        staffId: merged.staffId ?? null,
        penSerial: 'manual',
        recipientId: merged.recipientId ?? null,
        tagUid: 'manual',
        time: Date.parse(merged.correctedTime),
        kind: merged.kind,
        taskCode: merged.taskCode ?? null,
      }),
    );
  }
  return out;
}

/**
 * Applies corrections over the registrations they correct: the latest correction of a
 * registration wins, field by field over the original; a manual registration (correctsId null)
 * is a registration of its own. The originals are not changed, only what pairing sees.
 */
export function effectiveRegistrations(
  registrations: readonly StoredRegistration[],
  corrections: readonly StoredCorrection[],
): PairingRegistration[] {
  const { latest, manual } = latestCorrections(corrections);
  const out: PairingRegistration[] = [];
  for (const r of registrations) {
    const e = correctedRegistration(r, latest.get(r.id));
    if (e) out.push(e);
  }
  out.push(...manualRegistrations(manual, latest));
  return out;
}
