import type Database from 'better-sqlite3';
import type { PenRecord } from '../../../drivers/protocol/pen-dock-v1/record.ts';
import type { ClockCheck } from '../../../drivers/protocol/pen-dock-v1/session-machine.ts';
import { uuidv7 } from '../ids.ts';

/** Flags a registration can carry; all but lowBattery put it on the review list. */
export type RegistrationFlag = 'lowBattery' | 'clockReset' | 'clockCorrected' | 'unknownTag' | 'noStaff';
const reviewFlags: ReadonlySet<RegistrationFlag> = new Set([
  'clockReset',
  'clockCorrected',
  'unknownTag',
  'noStaff',
]);

/** A record this much earlier than the one before it means the pen's clock went backwards. */
const BACKWARDS_TOLERANCE_MS = 60 * 1000;

export interface BatchCounts {
  inserted: number;
  duplicates: number;
  flagged: number;
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
 * apart). A drifted clock corrects every record; a reset clock only the records made after the
 * reset, which the pen marks; the records before it were made with good time.
 */
export function planClock(clock: ClockCheck): ClockPlan {
  return {
    offsetMs: -clock.offsetSeconds * 1000,
    correctAll: clock.drifted && !clock.reset,
    correctResetRecords: clock.reset,
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
  readonly #insertBytes: Database.Statement;
  readonly #updateSession: Database.Statement;
  readonly #updatePen: Database.Statement;
  readonly #tagRecipient: Database.Statement;
  readonly #assignments: Database.Statement;
  readonly #lastPenTime: Database.Statement;
  #onInserted: () => void = () => {};

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#insertRegistration = sqlite.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
       values (@id, @penSerial, @sequence, @tagUid, @penTime, @correctedTime, @kind, @taskCode, @flags, @staffId, @recipientId, @sessionId, @receivedAt)
       on conflict (pen_serial, sequence) do nothing`,
    );
    this.#insertOutbox = sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`);
    this.#insertBytes = sqlite.prepare(
      `insert into dock_session_bytes (session_id, chunk, bytes)
       values (?, coalesce((select max(chunk) + 1 from dock_session_bytes where session_id = ?), 0), ?)`,
    );
    this.#updateSession = sqlite.prepare(
      `update dock_sessions set new_count = new_count + ?, duplicate_count = duplicate_count + ?, flagged_count = flagged_count + ? where id = ?`,
    );
    this.#updatePen = sqlite.prepare(`update pens set highest_seq = max(highest_seq, ?) where serial = ?`);
    this.#tagRecipient = sqlite.prepare(`select recipient_id as recipientId from tags where uid = ?`).pluck();
    this.#assignments = sqlite.prepare(
      `select staff_id as staffId, valid_from as validFrom, valid_to as validTo from pen_assignments where pen_serial = ? order by valid_from`,
    );
    this.#lastPenTime = sqlite
      .prepare(`select pen_time from registrations where pen_serial = ? order by sequence desc limit 1`)
      .pluck();
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
    const last = this.#lastPenTime.get(penSerial) as string | undefined;
    return new SessionIngest(this, penSerial, assignments, last ? Date.parse(last) : null);
  }

  /** Called after a commit that stored new registrations (and so new outbox rows). */
  onInserted(listener: () => void): void {
    this.#onInserted = listener;
  }

  /** @internal used by SessionIngest */
  commit(sessionId: string, penSerial: string, rawBytes: Uint8Array, rows: RegistrationRow[]): BatchCounts {
    const run = this.#sqlite.transaction(() => {
      this.#insertBytes.run(
        sessionId,
        sessionId,
        Buffer.from(rawBytes.buffer, rawBytes.byteOffset, rawBytes.byteLength),
      );
      let inserted = 0;
      let flagged = 0;
      let highest = 0;
      for (const row of rows) {
        highest = Math.max(highest, row.sequence);
        if (this.#insertRegistration.run(row).changes === 0) continue;
        inserted++;
        if (row.review) flagged++;
        this.#insertOutbox.run(row.id);
      }
      const counts = { inserted, duplicates: rows.length - inserted, flagged };
      this.#updateSession.run(counts.inserted, counts.duplicates, counts.flagged, sessionId);
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

  /** Turns a batch of pen records into rows and commits them; returns what was new. */
  commit(
    sessionId: string,
    records: readonly PenRecord[],
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
      // A pen that never said "reset" but whose times run backwards lost its clock anyway.
      if (
        this.#previousPenTimeMs !== null &&
        penMs < this.#previousPenTimeMs - BACKWARDS_TOLERANCE_MS &&
        !record.clockReset
      ) {
        flags.push('clockReset');
      }
      this.#previousPenTimeMs = penMs;
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
      };
    });
    return this.#ingest.commit(sessionId, this.#penSerial, rawBytes, rows);
  }
}
