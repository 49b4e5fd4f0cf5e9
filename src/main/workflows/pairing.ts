/**
 * Pairing: registrations → performed visits and deviations. Pure and deterministic: the same
 * input always gives the same output, whatever order it came in, so the UI can explain every
 * result and a correction simply means running it again.
 */

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

export type DeviationKind =
  | 'unmatchedArrive'
  | 'unmatchedDepart'
  | 'taskOutsideVisit'
  | 'overlap'
  | 'unplanned'
  | 'missed'
  | 'late'
  | 'tooShort'
  | 'tooLong';

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
}

const kindOrder: Record<RegistrationKind, number> = { arrive: 0, task: 1, depart: 2 };
const byTime = (a: PairingRegistration, b: PairingRegistration) =>
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

/** Walks one staff member's day in time order: arrive opens a visit, depart at the same home closes it. */
function pairStaff(
  staffKey: string,
  regs: PairingRegistration[],
  rules: PairingRules,
  out: PairingResult,
): void {
  let open: { arrive: PairingRegistration; tasks: PairingRegistration[] } | null = null;
  const unmatched = (kind: DeviationKind, reg: PairingRegistration) =>
    out.deviations.push({
      kind,
      staffKey,
      homeKey: reg.homeKey,
      registrationIds: [reg.id],
      visitIds: [],
      planId: null,
      at: reg.time,
    });
  const abandon = () => {
    if (!open) return;
    unmatched('unmatchedArrive', open.arrive);
    for (const task of open.tasks) unmatched('taskOutsideVisit', task);
    open = null;
  };
  for (const reg of [...regs].sort(byTime)) {
    if (open && reg.time - open.arrive.time > rules.maxVisitMs) abandon();
    if (reg.kind === 'arrive') {
      abandon();
      open = { arrive: reg, tasks: [] };
    } else if (reg.kind === 'task') {
      if (open && open.arrive.homeKey === reg.homeKey) open.tasks.push(reg);
      else unmatched('taskOutsideVisit', reg);
    } else if (open && open.arrive.homeKey === reg.homeKey) {
      out.visits.push({
        id: `v:${open.arrive.id}`,
        staffKey,
        homeKey: reg.homeKey,
        arriveId: open.arrive.id,
        departId: reg.id,
        taskIds: open.tasks.map((t) => t.id),
        start: open.arrive.time,
        end: reg.time,
        planId: null,
      });
      open = null;
    } else {
      // A depart somewhere else than where the open visit began ends neither.
      abandon();
      unmatched('unmatchedDepart', reg);
    }
  }
  abandon();
}

function overlapMs(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Each performed visit takes the plan for its home and staff member that fits it best. */
function matchPlans(plans: readonly PairingPlan[], rules: PairingRules, out: PairingResult): void {
  const taken = new Set<string>(); // planId|staffKey
  const visits = [...out.visits].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  // A month holds thousands of plans; a visit only ever looks at its own home's.
  const plansByHome = groupBy(plans, (p) => p.homeKey);
  for (const visit of visits) {
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
      out.deviations.push({
        kind: 'unplanned',
        staffKey: visit.staffKey,
        homeKey: visit.homeKey,
        registrationIds: [],
        visitIds: [visit.id],
        planId: null,
        at: visit.start,
      });
      continue;
    }
    const plan = best.plan;
    taken.add(`${plan.id}|${visit.staffKey}`);
    visit.planId = plan.id;
    const base = {
      staffKey: visit.staffKey,
      homeKey: visit.homeKey,
      registrationIds: [],
      visitIds: [visit.id],
      planId: plan.id,
      at: visit.start,
    };
    const lateBy = visit.start - plan.start;
    if (lateBy > rules.lateAfterMs)
      out.deviations.push({ ...base, kind: 'late', minutes: Math.round(lateBy / 60_000) });
    const planned = plan.end - plan.start;
    const performed = visit.end - visit.start;
    if (planned > 0 && performed < planned * rules.shortFactor)
      out.deviations.push({ ...base, kind: 'tooShort', minutes: Math.round(performed / 60_000) });
    if (planned > 0 && performed > planned * rules.longFactor)
      out.deviations.push({ ...base, kind: 'tooLong', minutes: Math.round(performed / 60_000) });
  }
  for (const plan of [...plans].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1))) {
    for (const staffKey of plan.staffKeys) {
      if (!taken.has(`${plan.id}|${staffKey}`)) {
        out.deviations.push({
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

/** Visits of one staff member that overlap in time (possible after corrections). */
function findOverlaps(out: PairingResult): void {
  for (const [staffKey, visits] of groupBy(out.visits, (v) => v.staffKey)) {
    const sorted = [...visits].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.start < prev.end) {
        out.deviations.push({
          kind: 'overlap',
          staffKey,
          homeKey: cur.homeKey,
          registrationIds: [],
          visitIds: [prev.id, cur.id],
          planId: null,
          at: cur.start,
        });
      }
    }
  }
}

export function pair(
  registrations: readonly PairingRegistration[],
  plans: readonly PairingPlan[],
  rules: PairingRules = defaultRules,
): PairingResult {
  const out: PairingResult = { visits: [], deviations: [] };
  for (const [staffKey, regs] of groupBy(registrations, (r) => r.staffKey))
    pairStaff(staffKey, regs, rules, out);
  findOverlaps(out);
  matchPlans(plans, rules, out);
  out.visits.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  out.deviations.sort(
    (a, b) =>
      a.at - b.at ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.staffKey < b.staffKey ? -1 : a.staffKey > b.staffKey ? 1 : 0) ||
      ((a.visitIds[0] ?? a.registrationIds[0] ?? a.planId ?? '') <
      (b.visitIds[0] ?? b.registrationIds[0] ?? b.planId ?? '')
        ? -1
        : 1),
  );
  return out;
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
}

export interface StoredCorrection {
  id: string;
  correctsId: string | null;
  changes: CorrectionChanges;
  createdAt: string;
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
  const latest = new Map<string, StoredCorrection>();
  const manual: StoredCorrection[] = [];
  for (const c of [...corrections].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  )) {
    if (c.correctsId === null) manual.push(c);
    else latest.set(c.correctsId, c);
  }
  const out: PairingRegistration[] = [];
  const toPairing = (id: string, r: StoredRegistration): PairingRegistration => ({
    id,
    staffKey: r.staffId ?? `pen:${r.penSerial}`,
    homeKey: r.recipientId ?? `tag:${r.tagUid}`,
    time: r.time,
    kind: r.kind,
    taskCode: r.taskCode,
  });
  const apply = (base: StoredRegistration, ch: CorrectionChanges): StoredRegistration => ({
    ...base,
    time: ch.correctedTime ? Date.parse(ch.correctedTime) : base.time,
    kind: ch.kind ?? base.kind,
    taskCode: ch.taskCode !== undefined ? ch.taskCode : base.taskCode,
    staffId: ch.staffId !== undefined ? ch.staffId : base.staffId,
    recipientId: ch.recipientId !== undefined ? ch.recipientId : base.recipientId,
  });
  for (const r of registrations) {
    const c = latest.get(r.id);
    if (c?.changes.void) continue;
    out.push(toPairing(r.id, c ? apply(r, c.changes) : r));
  }
  // A correction of a manual registration targets the manual registration's id.
  for (const m of manual) {
    const c = latest.get(m.id);
    const merged = c ? { ...m.changes, ...c.changes } : m.changes;
    if (merged.void || !merged.correctedTime || !merged.kind) continue;
    const base: StoredRegistration = {
      id: m.id,
      staffId: null,
      penSerial: 'manual',
      recipientId: null,
      tagUid: 'manual',
      time: Date.parse(merged.correctedTime),
      kind: merged.kind,
      taskCode: null,
    };
    out.push(toPairing(m.id, apply(base, merged)));
  }
  return out;
}
