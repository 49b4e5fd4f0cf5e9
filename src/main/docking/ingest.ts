import type Database from 'better-sqlite3';
import type { PenRecord, RejectedRecord } from '../../../drivers/protocol/pen-dock-v1/record.ts';
import type { ClockCheck } from '../../../drivers/protocol/pen-dock-v1/session-machine.ts';
import { DeviceData } from '../devices/data.ts';
import { uuidv7 } from '../ids.ts';
import { RegistrationData, type RegistrationInsert } from '../registrations/data.ts';
import { StaffData } from '../staff/data.ts';
import { OutboxData, type Outbox } from '../sync/data.ts';
import { DockingData } from './data.ts';

/**
 * Flags a registration can carry (docs/protocol/pen-dock-v1.md §5.2 says when); all but
 * lowBattery put it on the review list.
 *  - clockReset: the pen marked the record (flag bit 1): made while its clock was reset.
 *  - clockCorrected: CareDock moved its time by the offset measured at docking.
 *  - timeBackwards: its pen time is over a minute before the pen's previous record's, with no
 *    reset flag and no clock set by CareDock in between: one of the two times is wrong.
 */
export type RegistrationFlag =
  'lowBattery' | 'clockReset' | 'clockCorrected' | 'timeBackwards' | 'unknownTag' | 'noStaff';
const reviewFlags: ReadonlySet<RegistrationFlag> = new Set([
  'clockReset',
  'clockCorrected',
  'timeBackwards',
  'unknownTag',
  'noStaff',
]);

/** A record this much earlier than the one before it means the pen's clock went backwards. */
const BACKWARDS_TOLERANCE_MS = 60 * 1000;

/** What a batch (or a whole session, summed) stored; only new registrations are counted by flag. */
export interface BatchCounts {
  inserted: number;
  duplicates: number;
  flagged: number;
  /** Times moved by the measured offset (flag clockCorrected). */
  corrected: number;
  /** Marked by the pen as made on a reset clock and left as they were (clockReset, not corrected). */
  resetUncorrected: number;
  /** Flag timeBackwards. */
  backwards: number;
  /** Records that broke the protocol, stored in quarantine instead (new ones). */
  quarantined: number;
}

export function noCounts(): BatchCounts {
  return {
    inserted: 0,
    duplicates: 0,
    flagged: 0,
    corrected: 0,
    resetUncorrected: 0,
    backwards: 0,
    quarantined: 0,
  };
}

export function addCounts(into: BatchCounts, add: BatchCounts): void {
  for (const key of Object.keys(into) as (keyof BatchCounts)[]) into[key] += add[key];
}

interface Assignment {
  staffId: string;
  validFrom: number;
  validTo: number;
}

/** How a pen's times are to be read, decided once per session at identify. */
export interface ClockPlan {
  /** PC time minus pen time, ms. */
  offsetMs: number;
  /** Correct every record (the whole clock drifted) … */
  correctAll: boolean;
  /** … or only records the pen marked as made after a clock reset. */
  correctResetRecords: boolean;
}

/**
 * The session measured the pen's clock against the PC's at identify (drifted: over 15 minutes
 * apart). Only a drifted clock is corrected: all its records when it simply ran wrong; when the
 * pen says it was reset, only the records it marked as made since (those before were made with
 * good time). A pen that says "reset" but whose clock is right has nothing to correct by.
 */
export function planClock(clock: ClockCheck): ClockPlan {
  return {
    offsetMs: -clock.offsetSeconds * 1000,
    correctAll: clock.drifted && !clock.reset,
    correctResetRecords: clock.drifted && clock.reset,
  };
}

/** The tables a batch touches, each through its owner's data layer. */
export interface IngestStores {
  sqlite: Database.Database;
  registrations: RegistrationData;
  docking: DockingData;
  staff: StaffData;
  devices: DeviceData;
  outbox: Outbox;
}

/** The stores on one connection, for docking without a core (tests, benchmarks). */
export function ingestStores(sqlite: Database.Database): IngestStores {
  return {
    sqlite,
    registrations: new RegistrationData(sqlite),
    docking: new DockingData(sqlite),
    staff: new StaffData(sqlite),
    devices: new DeviceData(sqlite),
    outbox: new OutboxData(sqlite),
  };
}

/**
 * Commits what a pen delivered, one batch per transaction: the batch's raw bytes, its
 * registrations (a re-read record is a no-op through the unique (pen, sequence) key), their outbox
 * rows, and the pen's high-water mark. Only after this returns may the pen be acknowledged.
 */
export class RegistrationIngest {
  readonly #s: IngestStores;
  #onInserted: (penSerial: string) => void = () => {};

  constructor(stores: IngestStores) {
    this.#s = stores;
  }

  /** Everything a session needs that does not change while it runs, read once. */
  prepareSession(penSerial: string): SessionIngest {
    const assignments: Assignment[] = this.#s.staff.spans(penSerial).map((r) => ({
      staffId: r.staffId,
      validFrom: Date.parse(r.validFrom),
      validTo: r.validTo ? Date.parse(r.validTo) : Number.POSITIVE_INFINITY,
    }));
    const last = this.#s.registrations.lastPenTimeOnCurrentClock(penSerial);
    return new SessionIngest(this, penSerial, assignments, last ? Date.parse(last) : null);
  }

  /** The highest sequence ever stored from this pen (0 when none). */
  highestSeq(penSerial: string): number {
    return this.#s.staff.highestSeq(penSerial);
  }

  /** Called after a commit that stored new registrations (and so new outbox rows). */
  onInserted(listener: (penSerial: string) => void): void {
    this.#onInserted = listener;
  }

  /** @internal used by SessionIngest */
  commit(
    sessionId: string,
    penSerial: string,
    rawBytes: Uint8Array,
    rows: RegistrationRow[],
    rejected: readonly RejectedRecord[],
    receivedAt: string,
  ): BatchCounts {
    const { registrations, docking, staff, outbox } = this.#s;
    const run = this.#s.sqlite.transaction(() => {
      docking.keepBytes(sessionId, rawBytes);
      const counts = noCounts();
      let highest = 0;
      for (const row of rows) {
        highest = Math.max(highest, row.sequence);
        if (!registrations.insert(row)) continue;
        counts.inserted++;
        if (row.review) counts.flagged++;
        if (row.flagList.includes('clockCorrected')) counts.corrected++;
        else if (row.flagList.includes('clockReset')) counts.resetUncorrected++;
        if (row.flagList.includes('timeBackwards')) counts.backwards++;
        outbox.add('registration', row.id);
      }
      counts.duplicates = rows.length - counts.inserted;
      // In the same transaction as the rest: the pen is acknowledged past these too (spec §5.3).
      for (const record of rejected) {
        highest = Math.max(highest, record.seq);
        if (docking.quarantine(penSerial, record, sessionId, receivedAt)) counts.quarantined++;
        else counts.duplicates++;
      }
      docking.count(sessionId, counts);
      if (highest > 0) staff.raiseHighestSeq(penSerial, highest);
      return counts;
    });
    const counts = run.immediate();
    if (counts.inserted > 0) this.#onInserted(penSerial);
    return counts;
  }

  /** @internal */
  recipientOf(tagUid: string): string | null | undefined {
    return this.#s.devices.recipientOf(tagUid);
  }
}

/** A registration as a pen batch makes it, with its flags as a list and whether it needs review. */
interface RegistrationRow extends RegistrationInsert {
  review: boolean;
  flagList: readonly RegistrationFlag[];
}

export class SessionIngest {
  readonly #ingest: RegistrationIngest;
  readonly #penSerial: string;
  readonly #assignments: Assignment[];
  readonly #tagCache = new Map<string, string | null | undefined>();
  #previousPenTimeMs: number | null;

  constructor(
    ingest: RegistrationIngest,
    penSerial: string,
    assignments: Assignment[],
    previousPenTimeMs: number | null,
  ) {
    this.#ingest = ingest;
    this.#penSerial = penSerial;
    this.#assignments = assignments;
    this.#previousPenTimeMs = previousPenTimeMs;
  }

  #staffAt(ms: number): string | null {
    for (let i = this.#assignments.length - 1; i >= 0; i--) {
      const a = this.#assignments[i]!;
      if (a.validFrom <= ms && ms < a.validTo) return a.staffId;
    }
    return null;
  }

  #recipient(tagUid: string): string | null | undefined {
    if (!this.#tagCache.has(tagUid)) this.#tagCache.set(tagUid, this.#ingest.recipientOf(tagUid));
    return this.#tagCache.get(tagUid);
  }

  /**
   * Turns a batch of pen records into rows and commits them, with the batch's rejected records
   * into quarantine, in one transaction; returns what was new.
   */
  commit(
    sessionId: string,
    records: readonly PenRecord[],
    rejected: readonly RejectedRecord[],
    rawBytes: Uint8Array,
    clock: ClockPlan,
    receivedAtMs: number,
  ): BatchCounts {
    const receivedAt = new Date(receivedAtMs).toISOString();
    const rows: RegistrationRow[] = records.map((record) => {
      const flags: RegistrationFlag[] = [];
      const penMs = record.penTime * 1000;
      const penTime = new Date(penMs).toISOString();
      let correctedMs = penMs;
      if (record.lowBattery) flags.push('lowBattery');
      if (record.clockReset) flags.push('clockReset');
      if (clock.correctAll || (clock.correctResetRecords && record.clockReset)) {
        correctedMs = penMs + clock.offsetMs;
        flags.push('clockCorrected');
      }
      // Times by one clock never run backwards; a record made on a reset clock (it says so) is
      // neither compared nor a baseline: its pen time means nothing by itself.
      if (!record.clockReset) {
        if (this.#previousPenTimeMs !== null && penMs < this.#previousPenTimeMs - BACKWARDS_TOLERANCE_MS)
          flags.push('timeBackwards');
        this.#previousPenTimeMs = penMs;
      }
      const recipient = this.#recipient(record.tagUid);
      if (recipient === undefined) flags.push('unknownTag');
      const staffId = this.#staffAt(correctedMs);
      if (staffId === null) flags.push('noStaff');
      return {
        id: uuidv7(receivedAtMs),
        penSerial: this.#penSerial,
        sequence: record.seq,
        tagUid: record.tagUid,
        penTime,
        correctedTime: correctedMs === penMs ? penTime : new Date(correctedMs).toISOString(),
        kind: record.kind,
        taskCode: record.kind === 'task' ? record.taskCode : null,
        flags: JSON.stringify(flags),
        staffId,
        recipientId: recipient ?? null,
        sessionId,
        receivedAt,
        review: flags.some((f) => reviewFlags.has(f)),
        flagList: flags,
      };
    });
    return this.#ingest.commit(sessionId, this.#penSerial, rawBytes, rows, rejected, receivedAt);
  }
}
