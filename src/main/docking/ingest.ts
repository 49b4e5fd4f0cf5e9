import type Database from 'better-sqlite3';
import type { PenRecord, RejectedRecord } from '../../../drivers/protocol/pen-dock-v1/record.ts';
import type { ClockCheck } from '../../../drivers/protocol/pen-dock-v1/session-machine.ts';
import { uuidv7 } from '../ids.ts';

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

/**
 * Commits what a pen delivered, one batch per transaction: the batch's raw bytes, its
 * registrations (a re-read record is a no-op through the unique (pen, sequence) key), their outbox
 * rows, and the pen's high-water mark. Only after this returns may the pen be acknowledged.
 */
export class RegistrationIngest {
  readonly #sqlite: Database.Database;
  readonly #insertRegistration: Database.Statement;
  readonly #insertOutbox: Database.Statement;
  readonly #insertQuarantined: Database.Statement;
  readonly #insertBytes: Database.Statement;
  readonly #updateSession: Database.Statement;
  readonly #updatePen: Database.Statement;
  readonly #tagRecipient: Database.Statement;
  readonly #assignments: Database.Statement;
  readonly #lastPenTime: Database.Statement;
  readonly #highestSeq: Database.Statement;
  #onInserted: () => void = () => {};

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#insertRegistration = sqlite.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
       values (@id, @penSerial, @sequence, @tagUid, @penTime, @correctedTime, @kind, @taskCode, @flags, @staffId, @recipientId, @sessionId, @receivedAt)
       on conflict (pen_serial, sequence) do nothing`,
    );
    this.#insertOutbox = sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`);
    this.#insertQuarantined = sqlite.prepare(
      `insert into quarantined_records (pen_serial, sequence, fault, detail, bytes, session_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (pen_serial, sequence) do nothing`,
    );
    this.#insertBytes = sqlite.prepare(
      `insert into dock_session_bytes (session_id, chunk, bytes)
       values (?, coalesce((select max(chunk) + 1 from dock_session_bytes where session_id = ?), 0), ?)`,
    );
    this.#updateSession = sqlite.prepare(
      `update dock_sessions set new_count = new_count + ?, duplicate_count = duplicate_count + ?, flagged_count = flagged_count + ?,
         quarantined_count = quarantined_count + ? where id = ?`,
    );
    this.#updatePen = sqlite.prepare(`update pens set highest_seq = max(highest_seq, ?) where serial = ?`);
    this.#tagRecipient = sqlite.prepare(`select recipient_id as recipientId from tags where uid = ?`).pluck();
    this.#assignments = sqlite.prepare(
      `select staff_id as staffId, valid_from as validFrom, valid_to as validTo from pen_assignments where pen_serial = ? order by valid_from`,
    );
    // The pen's previous record is a baseline for "time runs backwards" only while the clock
    // it was made on still runs: not once CareDock set the pen's clock (in that record's own
    // session or later), since records made after that are on the new clock.
    this.#lastPenTime = sqlite
      .prepare(
        `select r.pen_time from registrations r
          where r.pen_serial = @pen
            and not exists (
              select 1 from dock_sessions s
               where s.pen_serial = @pen and s.clock_set = 1
                 and s.started_at >= coalesce((select started_at from dock_sessions where id = r.session_id), r.received_at))
          order by r.sequence desc limit 1`,
      )
      .pluck();
    this.#highestSeq = sqlite.prepare(`select highest_seq from pens where serial = ?`).pluck();
  }

  /** Everything a session needs that does not change while it runs, read once. */
  prepareSession(penSerial: string): SessionIngest {
    const rows = this.#assignments.all(penSerial) as {
      staffId: string;
      validFrom: string;
      validTo: string | null;
    }[];
    const assignments: Assignment[] = rows.map((r) => ({
      staffId: r.staffId,
      validFrom: Date.parse(r.validFrom),
      validTo: r.validTo ? Date.parse(r.validTo) : Number.POSITIVE_INFINITY,
    }));
    const last = this.#lastPenTime.get({ pen: penSerial }) as string | undefined;
    return new SessionIngest(this, penSerial, assignments, last ? Date.parse(last) : null);
  }

  /** The highest sequence ever stored from this pen (0 when none). */
  highestSeq(penSerial: string): number {
    return (this.#highestSeq.get(penSerial) as number | undefined) ?? 0;
  }

  /** Called after a commit that stored new registrations (and so new outbox rows). */
  onInserted(listener: () => void): void {
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
    const run = this.#sqlite.transaction(() => {
      this.#insertBytes.run(sessionId, sessionId, asBuffer(rawBytes));
      const counts = noCounts();
      let highest = 0;
      for (const row of rows) {
        highest = Math.max(highest, row.sequence);
        if (this.#insertRegistration.run(row).changes === 0) continue;
        counts.inserted++;
        if (row.review) counts.flagged++;
        if (row.flagList.includes('clockCorrected')) counts.corrected++;
        else if (row.flagList.includes('clockReset')) counts.resetUncorrected++;
        if (row.flagList.includes('timeBackwards')) counts.backwards++;
        this.#insertOutbox.run(row.id);
      }
      counts.duplicates = rows.length - counts.inserted;
      // In the same transaction as the rest: the pen is acknowledged past these too (spec §5.3).
      for (const record of rejected) {
        highest = Math.max(highest, record.seq);
        const stored = this.#insertQuarantined.run(
          penSerial,
          record.seq,
          record.fault,
          record.detail,
          asBuffer(record.bytes),
          sessionId,
          receivedAt,
        );
        if (stored.changes > 0) counts.quarantined++;
        else counts.duplicates++;
      }
      this.#updateSession.run(
        counts.inserted,
        counts.duplicates,
        counts.flagged,
        counts.quarantined,
        sessionId,
      );
      if (highest > 0) this.#updatePen.run(highest, penSerial);
      return counts;
    });
    const counts = run.immediate();
    if (counts.inserted > 0) this.#onInserted();
    return counts;
  }

  /** @internal */
  recipientOf(tagUid: string): string | null | undefined {
    return this.#tagRecipient.get(tagUid) as string | null | undefined;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface RegistrationRow {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  correctedTime: string;
  kind: string;
  taskCode: number | null;
  flags: string;
  staffId: string | null;
  recipientId: string | null;
  sessionId: string;
  receivedAt: string;
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
