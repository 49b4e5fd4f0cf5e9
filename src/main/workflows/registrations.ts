import type Database from 'better-sqlite3';
import type { DeviationRecord, RegistrationRow } from '../../shared/api/procedures/workflows.ts';
import { localDayBounds } from '../../shared/domain/time.ts';
import { Directory } from './directory.ts';
import {
  defaultRules,
  effectiveRegistrations,
  pair,
  type CorrectionChanges,
  type PairingPlan,
  type PairingResult,
  type RegistrationKind,
  type StoredCorrection,
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

interface StoredRow {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  correctedTime: string;
  kind: RegistrationKind;
  taskCode: number | null;
  flags: string;
  staffId: string | null;
  recipientId: string | null;
}

export interface PairedRange {
  stored: Map<string, StoredRow>;
  corrections: StoredCorrection[];
  effective: Map<string, { time: number; kind: RegistrationKind; staffKey: string; homeKey: string }>;
  result: PairingResult;
  voided: Set<string>;
  manualIds: Set<string>;
  correctedIds: Set<string>;
}

/**
 * Loads what a range needs and pairs it: the registrations of the range with a margin (a visit
 * may begin before the range and end in it), every correction of those and the manual
 * registrations, and the plans of the range.
 */
export function pairRange(sqlite: Database.Database, start: number, end: number): PairedRange {
  const margin = defaultRules.maxVisitMs;
  const from = new Date(start - margin).toISOString();
  const to = new Date(end + margin).toISOString();
  const rows = sqlite
    .prepare(
      `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime, corrected_time as correctedTime,
              kind, task_code as taskCode, flags, staff_id as staffId, recipient_id as recipientId
       from registrations where corrected_time >= ? and corrected_time < ?`,
    )
    .all(from, to) as StoredRow[];
  const corrections = (
    sqlite
      .prepare(
        // Driven from the (small) corrections table with a key lookup each, rather than
        // materialising every registration id of the range: a busy day has 100,000 of them.
        `select c.id, c.corrects_id as correctsId, c.changes, c.created_at as createdAt
         from corrections c left join registrations r on r.id = c.corrects_id
         where (r.corrected_time >= ? and r.corrected_time < ?)
            or c.corrects_id is null
            or c.corrects_id in (select id from corrections where corrects_id is null)`,
      )
      .all(from, to) as { id: string; correctsId: string | null; changes: string; createdAt: string }[]
  ).map((c) => ({ ...c, changes: JSON.parse(c.changes) as CorrectionChanges }));

  const stored = new Map(rows.map((r) => [r.id, r]));
  const base: StoredRegistration[] = rows.map((r) => ({
    id: r.id,
    staffId: r.staffId,
    penSerial: r.penSerial,
    recipientId: r.recipientId,
    tagUid: r.tagUid,
    time: Date.parse(r.correctedTime),
    kind: r.kind,
    taskCode: r.taskCode,
  }));
  const effectiveList = effectiveRegistrations(base, corrections).filter(
    (r) => r.time >= start - margin && r.time < end + margin,
  );
  const plans = (
    sqlite
      .prepare(
        `select id, recipient_id as recipientId, staff_ids as staffIds, planned_start as s, planned_end as e
         from visit_plans where status = 'planned' and planned_start < ? and planned_end > ?`,
      )
      .all(new Date(end).toISOString(), new Date(start).toISOString()) as {
      id: string;
      recipientId: string;
      staffIds: string;
      s: string;
      e: string;
    }[]
  ).map<PairingPlan>((p) => ({
    id: p.id,
    homeKey: p.recipientId,
    staffKeys: JSON.parse(p.staffIds) as string[],
    start: Date.parse(p.s),
    end: Date.parse(p.e),
  }));

  const effectiveIds = new Set(effectiveList.map((r) => r.id));
  // A manual registration's own correction (who made it, why) changes nothing: it is not a fix.
  const corrected = new Set(
    corrections
      .filter((c) => c.correctsId !== null && Object.keys(c.changes).length > 0)
      .map((c) => c.correctsId!),
  );
  return {
    stored,
    corrections,
    effective: new Map(effectiveList.map((r) => [r.id, r])),
    result: pair(effectiveList, plans),
    voided: new Set(rows.filter((r) => !effectiveIds.has(r.id)).map((r) => r.id)),
    manualIds: new Set(corrections.filter((c) => c.correctsId === null).map((c) => c.id)),
    correctedIds: corrected,
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
  onlyDeviations: boolean;
}

/** Registration rows of a range, unmatched and otherwise deviating first, then by time. */
/** One registration of a list, sorted; the full row is built only for the page shown. */
export interface ListEntry {
  id: string;
  time: number;
  group: 0 | 1 | 2;
  staffId: string | null;
  recipientId: string | null;
  visitId: string | null;
  kinds: Set<string>;
}

export interface RegistrationList {
  entries: ListEntry[];
  unmatched: number;
  row(entry: ListEntry): RegistrationRow;
}

/**
 * The registrations of a range, unmatched first (then other deviations, then the rest), each
 * group in time order. Sorting needs only a few fields, so a 100,000-row day builds full rows
 * (names, flags, ISO times) for the 200 on screen, not for all of them.
 */
export function registrationList(
  paired: PairedRange,
  dir: Directory,
  start: number,
  end: number,
  filter: RowFilter,
  isAttested: (instant: number, recipientId: string | null) => boolean,
): RegistrationList {
  const deviationsOf = new Map<string, Set<string>>();
  const visitOf = new Map<string, string>();
  for (const v of paired.result.visits)
    for (const id of [v.arriveId, v.departId, ...v.taskIds]) visitOf.set(id, v.id);
  const visitDeviations = new Map<string, Set<string>>();
  for (const d of paired.result.deviations) {
    for (const id of d.registrationIds)
      (deviationsOf.get(id) ?? deviationsOf.set(id, new Set()).get(id)!).add(d.kind);
    for (const v of d.visitIds)
      (visitDeviations.get(v) ?? visitDeviations.set(v, new Set()).get(v)!).add(d.kind);
  }
  const none = new Set<string>();
  const entries: ListEntry[] = [];
  let unmatched = 0;
  const ids: Iterable<string> =
    paired.manualIds.size === 0
      ? paired.stored.keys()
      : new Set([...paired.stored.keys(), ...paired.manualIds]);
  for (const id of ids) {
    const s = paired.stored.get(id);
    const e = paired.effective.get(id);
    const time = e?.time ?? (s ? Date.parse(s.correctedTime) : NaN);
    if (!(time >= start && time < end)) continue;
    const staffId = e ? Directory.staffOfKey(e.staffKey) : (s?.staffId ?? null);
    const recipientId = e ? Directory.recipientOfKey(e.homeKey) : (s?.recipientId ?? null);
    const visitId = visitOf.get(id) ?? null;
    const own = deviationsOf.get(id);
    const ofVisit = visitId ? visitDeviations.get(visitId) : undefined;
    const kinds = own && ofVisit ? new Set([...own, ...ofVisit]) : (own ?? ofVisit ?? none);
    if (filter.staffId && staffId !== filter.staffId) continue;
    if (filter.recipientId && recipientId !== filter.recipientId) continue;
    if (filter.deviation && !kinds.has(filter.deviation)) continue;
    if (filter.onlyDeviations && kinds.size === 0 && !paired.voided.has(id)) continue;
    const isUnmatched =
      kinds.has('unmatchedArrive') || kinds.has('unmatchedDepart') || kinds.has('taskOutsideVisit');
    if (isUnmatched) unmatched++;
    entries.push({
      id,
      time,
      group: isUnmatched ? 0 : kinds.size > 0 ? 1 : 2,
      staffId,
      recipientId,
      visitId,
      kinds,
    });
  }
  entries.sort((a, b) => a.group - b.group || a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    entries,
    unmatched,
    row(entry) {
      const { id, time, staffId, recipientId } = entry;
      const s = paired.stored.get(id);
      const e = paired.effective.get(id);
      return {
        id,
        penSerial: s?.penSerial ?? 'manual',
        sequence: s?.sequence ?? 0,
        tagUid: s?.tagUid ?? '',
        kind: e?.kind ?? s?.kind ?? 'arrive',
        taskCode: s?.taskCode ?? null,
        penTime: s ? s.penTime : new Date(time).toISOString(),
        time: new Date(time).toISOString(),
        staff: dir.staff(staffId),
        recipient: dir.recipient(recipientId),
        flags: s ? (JSON.parse(s.flags) as string[]) : ['manual'],
        corrected: paired.correctedIds.has(id),
        voided: paired.voided.has(id),
        manual: paired.manualIds.has(id) || s?.penSerial === 'MANUAL',
        deviations: [...entry.kinds].sort() as RegistrationRow['deviations'],
        visitId: entry.visitId,
        attested: isAttested(time, recipientId),
      };
    },
  };
}
