// A day's (or any range's) registrations and visits as the office reads them. Pairing a busy day
// is what every change costs, so a range's pairing is kept until what it reads changes.
import type { OpenProblems } from '../../shared/api/procedures/workflows.ts';
import { monthBounds } from '../../shared/domain/time.ts';
import type { Caller } from '../api/caller.ts';
import type { AttestLookup } from '../attestations/service.ts';
import { Directory } from '../recipients/directory.ts';
import type { RegistrationData } from './data.ts';
import { defaultRules } from './pairing.ts';
import {
  deviationRecords,
  pairRange,
  rangeBounds,
  registrationList,
  registrationProblems,
  registrationRows,
  type PairedRange,
  type PairingSources,
  type RegistrationList,
  type RowFilter,
} from './paired.ts';

export interface RegistrationServiceDeps {
  sources: PairingSources & { registrations: RegistrationData };
  directory: (viewer: Caller) => Directory;
  /** The attest in force for this moment and recipient, if any. Read once per call. */
  attestationLookup: () => AttestLookup;
  timeZone: () => string;
}

interface CacheEntry {
  version: string;
  paired: PairedRange;
  lists: Map<string, RegistrationList>;
}

export class RegistrationService {
  readonly #d: RegistrationServiceDeps;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(deps: RegistrationServiceDeps) {
    this.#d = deps;
  }

  /**
   * Pairing of a range, computed once per state of what it reads: a list of 100,000 rows is
   * fetched a page at a time, and no page may pair the day again because something else was
   * written (an audit entry, a sync cycle).
   */
  paired(start: number, end: number): CacheEntry {
    // Keyed on what this range reads (with pairing's margin), not on the whole database.
    const margin = defaultRules.maxVisitMs;
    const version = this.#d.sources.registrations.rangeVersion(
      new Date(start - margin).toISOString(),
      new Date(end + margin).toISOString(),
    );
    const key = `${start}|${end}`;
    const hit = this.#cache.get(key);
    if (hit && hit.version === version) return hit;
    const entry = {
      version,
      paired: pairRange(this.#d.sources, start, end),
      lists: new Map<string, RegistrationList>(),
    };
    this.#cache.delete(key);
    this.#cache.set(key, entry);
    if (this.#cache.size > 4) this.#cache.delete(this.#cache.keys().next().value!);
    return entry;
  }

  /**
   * What a person should fix in a month before attesting it: registrations pairing could not
   * place, and registrations of a pen with no staff or of a tag with no recipient.
   */
  problems(month: string, recipientId: string | null): OpenProblems {
    const { start, end } = monthBounds(month, this.#d.timeZone());
    const { paired } = this.paired(start, end);
    const counts = registrationProblems(paired, start, end, recipientId);
    return counts;
  }

  list(viewer: Caller, input: { from: string; to: string; offset: number; limit: number } & RowFilter) {
    const { start, end } = rangeBounds(input, this.#d.timeZone());
    const cached = this.paired(start, end);
    // The order of one filter, built once per state; names are read for the page only.
    const key = JSON.stringify([
      input.staffId,
      input.recipientId,
      input.deviation,
      input.problem,
      input.onlyDeviations,
    ]);
    let list = cached.lists.get(key);
    if (!list) {
      list = registrationList(cached.paired, start, end, input);
      cached.lists.set(key, list);
    }
    const page = registrationRows(
      this.#d.sources.registrations,
      cached.paired,
      list.entries.slice(input.offset, input.offset + input.limit),
      this.#d.directory(viewer),
      this.#d.attestationLookup(),
    );
    return {
      rows: page,
      total: list.entries.length,
      unmatched: list.unmatched,
      unknownStaff: list.unknownStaff,
      unknownTag: list.unknownTag,
    };
  }

  visits(
    viewer: Caller,
    input: { from: string; to: string; staffId?: string | undefined; recipientId?: string | undefined },
  ) {
    const { start, end } = rangeBounds(input, this.#d.timeZone());
    const { paired } = this.paired(start, end);
    const dir = this.#d.directory(viewer);
    // Task codes by the visit index pairing gives each position: no map of a whole busy day.
    const taskCodes = new Map<number, number[]>();
    paired.registrations.forEach((r, at) => {
      const visit = paired.result.visitOf[at]!;
      if (r.kind !== 'task' || visit < 0 || r.taskCode === null) return;
      const codes = taskCodes.get(visit);
      if (codes) codes.push(r.taskCode);
      else taskCodes.set(visit, [r.taskCode]);
    });
    const keep = (staffKey: string, homeKey: string) =>
      (!input.staffId || Directory.staffOfKey(staffKey) === input.staffId) &&
      (!input.recipientId || Directory.recipientOfKey(homeKey) === input.recipientId);
    return {
      visits: paired.result.visits.flatMap((v, index) =>
        v.start >= start && v.start < end && keep(v.staffKey, v.homeKey)
          ? [
              {
                id: v.id,
                staff: dir.staff(Directory.staffOfKey(v.staffKey)),
                recipient: dir.recipient(Directory.recipientOfKey(v.homeKey)),
                start: new Date(v.start).toISOString(),
                end: new Date(v.end).toISOString(),
                minutes: Math.round((v.end - v.start) / 60_000),
                planId: v.planId,
                taskCodes: taskCodes.get(index) ?? [],
              },
            ]
          : [],
      ),
      deviations: deviationRecords(paired, dir, start, end).filter(
        (d) =>
          (!input.staffId || d.staff?.id === input.staffId) &&
          (!input.recipientId || d.recipient?.id === input.recipientId),
      ),
    };
  }
}
