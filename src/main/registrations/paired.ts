// A range paired: what pairing reads (registrations with corrections applied, manual ones, plans),
// the result, and the lists and rows the office reads made from it.
import type { DeviationRecord, RegistrationRow } from '../../shared/api/procedures/workflows.ts';
import type Database from 'better-sqlite3';
import { CorrectionData } from '../corrections/data.ts';
import { PlanData } from '../plans/data.ts';
import { isUnmatched } from '../../shared/domain/deviations.ts';
import { localDayBounds } from '../../shared/domain/time.ts';
import { Directory } from '../recipients/directory.ts';
import { RegistrationData } from './data.ts';
import {
  correctedRegistration,
  defaultRules,
  latestCorrections,
  manualRegistrations,
  pair,
  pairingOrder,
  type CorrectionChanges,
  type DeviationKind,
  type PairingPlan,
  type PairingRegistration,
  type PairingResult,
  type RegistrationKind,
  type StoredRegistration,
} from './pairing.ts';

export interface DayRange {
  from: string;
  to: string;
}

/** Instants of a local date range, inclusive of both days. */
export function rangeBounds(range: DayRange, timeZone: string): { start: number; end: number } {
  return { start: localDayBounds(range.from, timeZone).start, end: localDayBounds(range.to, timeZone).end };
}

export interface PairedRange {
  /** What pairing saw, in pairing order: corrections applied, voided ones left out. */
  registrations: PairingRegistration[];
  /** Registrations a correction voided: still listed (struck through), never paired. */
  voided: PairingRegistration[];
  result: PairingResult;
  manualIds: Set<string>;
  correctedIds: Set<string>;
  /** The services a manual visit was registered for, by its arrive's id. */
  servicesOf: Map<string, { code: string; minutes: number }[]>;
}

const kinds: readonly RegistrationKind[] = ['arrive', 'task', 'depart'];

/** What pairing a range reads, each from the area that owns it. */
export interface PairingSources {
  registrations: RegistrationData;
  corrections: CorrectionData;
  plans: PlanData;
}

/** The sources on one connection, for pairing without a core (tests, benchmarks). */
export function pairingSources(sqlite: Database.Database): PairingSources {
  return {
    registrations: new RegistrationData(sqlite),
    corrections: new CorrectionData(sqlite),
    plans: new PlanData(sqlite),
  };
}

/**
 * Loads what a range needs and pairs it: the registrations of the range with a margin (a visit
 * may begin before the range and end in it), every correction of those and the manual
 * registrations, and the plans of the range.
 *
 * A busy day holds 100,000 registrations, so the read is lean: only what pairing needs, as
 * arrays, in pairing order with the keys and the instant computed by SQLite; only the few
 * corrected rows are read whole. The rest of a row is read for the page shown (registrationRows).
 */
export function pairRange(sources: PairingSources, start: number, end: number): PairedRange {
  const margin = defaultRules.maxVisitMs;
  const from = new Date(start - margin).toISOString();
  const to = new Date(end + margin).toISOString();
  const corrections = sources.corrections
    .forPairing(from, to)
    .map((c) => ({ ...c, changes: JSON.parse(c.changes) as CorrectionChanges }));
  const { latest, manual } = latestCorrections(corrections);
  // The stored values of each corrected registration, from the same join.
  const original = new Map<string, StoredRegistration>();
  for (const c of corrections)
    if (c.correctsId !== null && c.correctedTime !== null)
      original.set(c.correctsId, {
        id: c.correctsId,
        staffId: c.staffId,
        penSerial: c.penSerial!,
        recipientId: c.recipientId,
        tagUid: c.tagUid!,
        time: Date.parse(c.correctedTime),
        kind: c.kind!,
        taskCode: c.taskCode,
      });

  const registrations: PairingRegistration[] = [];
  const voided: PairingRegistration[] = [];
  const rows = sources.registrations.pairingRows(from, to);
  let resort = false;
  for (const [id, time, kind, staffKey, homeKey, taskCode] of rows) {
    const stored = latest.has(id) ? original.get(id) : undefined;
    if (!stored) {
      registrations.push({ id, staffKey, homeKey, time, kind: kinds[kind]!, taskCode });
      continue;
    }
    const e = correctedRegistration(stored, latest.get(id));
    if (e) registrations.push(e);
    else voided.push(correctedRegistration(stored, undefined)!);
    resort = true;
  }
  const manualRegs = manualRegistrations(manual, latest);
  if (manualRegs.length > 0) resort = true;
  for (const m of manualRegs) registrations.push(m);
  // Rows come in pairing order; only corrected and manual ones move, so the sort is one pass
  // over nearly sorted input.
  registrations.sort(pairingOrder);
  if (resort) {
    let keep = 0;
    for (const r of registrations)
      if (r.time >= start - margin && r.time < end + margin) registrations[keep++] = r;
    registrations.length = keep;
  }

  const plans = sources.plans.forPairing(start, end).map<PairingPlan>((p) => ({
    id: p.id,
    homeKey: p.recipientId,
    staffKeys: JSON.parse(p.staffIds) as string[],
    start: Date.parse(p.plannedStart),
    end: Date.parse(p.plannedEnd),
  }));

  return {
    registrations,
    voided,
    result: pair(registrations, plans),
    // A manual registration's own correction (who made it, why) changes nothing: it is not a fix.
    manualIds: new Set(manual.map((c) => c.id)),
    correctedIds: new Set(
      corrections
        .filter((c) => c.correctsId !== null && Object.keys(c.changes).some((k) => k !== 'services'))
        .map((c) => c.correctsId!),
    ),
    servicesOf: new Map(
      [...latest].flatMap(([id, c]) => (c.changes.services?.length ? [[id, c.changes.services]] : [])),
    ),
  };
}

export function deviationRecords(
  paired: PairedRange,
  dir: Directory,
  start: number,
  end: number,
): DeviationRecord[] {
  return paired.result.deviations
    .filter((d) => d.at >= start && d.at < end)
    .map((d) => ({
      kind: d.kind,
      at: new Date(d.at).toISOString(),
      staff: dir.staff(Directory.staffOfKey(d.staffKey)),
      recipient: dir.recipient(Directory.recipientOfKey(d.homeKey)),
      registrationIds: d.registrationIds,
      visitIds: d.visitIds,
      planId: d.planId,
      minutes: d.minutes ?? null,
    }));
}

export interface RowFilter {
  staffId?: string | undefined;
  recipientId?: string | undefined;
  deviation?: string | undefined;
  problem?: 'unmatched' | 'unknownStaff' | 'unknownTag' | undefined;
  onlyDeviations: boolean;
}

export interface RegistrationList {
  /**
   * Unmatched first, then other deviations, then the rest; each group in pairing order. A
   * position in `paired.registrations`, or past its end one in `paired.voided`.
   */
  entries: number[];
  unmatched: number;
  /** Listed registrations of a pen no staff member carried, and of a tag in no one's home. */
  unknownStaff: number;
  unknownTag: number;
}

const unknownStaffKey = (key: string) => key.startsWith('pen:');
const unknownHomeKey = (key: string) => key.startsWith('tag:');

/** A range's open problems, for the whole provider (null) or one recipient. */
export function registrationProblems(
  paired: PairedRange,
  start: number,
  end: number,
  recipientId: string | null,
): { unmatched: number; unknownStaff: number; unknownTag: number } {
  let unmatched = 0;
  let unknownStaff = 0;
  let unknownTag = 0;
  const { deviationsOf } = paired.result;
  paired.registrations.forEach((reg, at) => {
    if (!(reg.time >= start && reg.time < end)) return;
    if (recipientId !== null && reg.homeKey !== recipientId) return;
    if (deviationsOf[at]?.some(isUnmatched)) unmatched++;
    if (unknownStaffKey(reg.staffKey)) unknownStaff++;
    if (unknownHomeKey(reg.homeKey)) unknownTag++;
  });
  return { unmatched, unknownStaff, unknownTag };
}

/** The registration at a list position, whether paired or voided. */
function entryAt(paired: PairedRange, at: number): PairingRegistration {
  const n = paired.registrations.length;
  return at < n ? paired.registrations[at]! : paired.voided[at - n]!;
}

/** A registration's own deviations and its visit's, sorted; a voided one has none. */
function deviationsAt(paired: PairedRange, at: number): DeviationKind[] {
  if (at >= paired.registrations.length) return [];
  const { deviationsOf, visitOf, visitDeviations } = paired.result;
  const own = deviationsOf[at];
  const visit = visitOf[at]!;
  const ofVisit = visit >= 0 ? visitDeviations[visit] : undefined;
  if (!own && !ofVisit) return [];
  return [...new Set([...(own ?? []), ...(ofVisit ?? [])])].sort();
}

/**
 * The registrations of a range as the office reads them. The registrations are already in
 * time order, so a stable partition into the three groups is the sort; full rows (names,
 * flags, ISO times) are built only for the page on screen.
 */
export function registrationList(
  paired: PairedRange,
  start: number,
  end: number,
  filter: RowFilter,
): RegistrationList {
  const { deviationsOf, visitOf, visitDeviations } = paired.result;
  const wanted = filter.deviation as DeviationKind | undefined;
  const groups: number[][] = [[], [], []];
  let unmatched = 0;
  let unknownStaff = 0;
  let unknownTag = 0;
  const n = paired.registrations.length;
  for (let at = 0; at < n; at++) {
    const reg = paired.registrations[at]!;
    if (!(reg.time >= start && reg.time < end)) continue;
    if (filter.staffId && reg.staffKey !== filter.staffId) continue;
    if (filter.recipientId && reg.homeKey !== filter.recipientId) continue;
    const own = deviationsOf[at];
    const visit = visitOf[at]!;
    const ofVisit = visit >= 0 ? visitDeviations[visit] : undefined;
    if (wanted && !own?.includes(wanted) && !ofVisit?.includes(wanted)) continue;
    const deviating = own !== undefined || ofVisit !== undefined;
    if (filter.onlyDeviations && !deviating) continue;
    const toFix = own?.some(isUnmatched) ?? false;
    if (filter.problem === 'unmatched' && !toFix) continue;
    if (filter.problem === 'unknownStaff' && !unknownStaffKey(reg.staffKey)) continue;
    if (filter.problem === 'unknownTag' && !unknownHomeKey(reg.homeKey)) continue;
    if (toFix) unmatched++;
    if (unknownStaffKey(reg.staffKey)) unknownStaff++;
    if (unknownHomeKey(reg.homeKey)) unknownTag++;
    groups[toFix ? 0 : deviating ? 1 : 2]!.push(at);
  }
  // Voided registrations are few; they join the plain group in time order.
  const plain = groups[2]!;
  paired.voided.forEach((reg, k) => {
    if (!(reg.time >= start && reg.time < end) || wanted || filter.problem) return;
    if (filter.staffId && reg.staffKey !== filter.staffId) return;
    if (filter.recipientId && reg.homeKey !== filter.recipientId) return;
    plain.push(n + k);
  });
  if (paired.voided.length > 0) plain.sort((a, b) => pairingOrder(entryAt(paired, a), entryAt(paired, b)));
  return { entries: [...groups[0]!, ...groups[1]!, ...groups[2]!], unmatched, unknownStaff, unknownTag };
}

/** Full rows for the registrations of one page, read by id. */
export function registrationRows(
  registrations: RegistrationData,
  paired: PairedRange,
  entries: readonly number[],
  dir: Directory,
  attestOf: (instant: number, recipientId: string | null) => { attestedAt: string } | null,
): RegistrationRow[] {
  const stored = new Map(
    registrations.pageRows(entries.map((at) => entryAt(paired, at).id)).map((r) => [r.id, r]),
  );
  return entries.map((at) => {
    const reg = entryAt(paired, at);
    const s = stored.get(reg.id);
    const time = new Date(reg.time).toISOString();
    const recipientId = Directory.recipientOfKey(reg.homeKey);
    const attest = attestOf(reg.time, recipientId);
    return {
      id: reg.id,
      penSerial: s?.penSerial ?? 'manual',
      sequence: s?.sequence ?? 0,
      tagUid: s?.tagUid ?? '',
      kind: reg.kind,
      taskCode: s?.taskCode ?? null,
      penTime: s ? s.penTime : time,
      time,
      staff: dir.staff(Directory.staffOfKey(reg.staffKey)),
      recipient: dir.recipient(recipientId),
      flags: s ? (JSON.parse(s.flags) as string[]) : ['manual'],
      corrected: paired.correctedIds.has(reg.id),
      voided: at >= paired.registrations.length,
      manual: paired.manualIds.has(reg.id) || s?.penSerial === 'MANUAL',
      deviations: deviationsAt(paired, at),
      visitId:
        at < paired.registrations.length
          ? (paired.result.visits[paired.result.visitOf[at]!]?.id ?? null)
          : null,
      attested: attest !== null,
      lateAfterAttest: attest !== null && s !== undefined && s.receivedAt > attest.attestedAt,
    };
  });
}
