// One row per pen per docking (dock_sessions), written as the session goes; the pen's own bytes
// of each batch (dock_session_bytes), kept so support can replay what the pen said; and the
// records a pen sent that broke the protocol (quarantined_records), never registrations.
import type Database from 'better-sqlite3';
import type { RejectedRecord } from '../../../drivers/protocol/pen-dock-v1/record.ts';
import type { ErrorBody } from '../../shared/api/envelope.ts';
import {
  quarantinedRecord,
  type DockSessionRecord,
  type QuarantinedRecord,
} from '../../shared/api/procedures/docking.ts';

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class DockingData {
  readonly #start: Database.Statement;
  readonly #finish: Database.Statement;
  readonly #count: Database.Statement;
  readonly #bytes: Database.Statement;
  readonly #quarantine: Database.Statement;
  readonly #quarantined: Database.Statement;
  readonly #quarantinedTotal: Database.Statement;
  readonly #history: Database.Statement;
  readonly #historyForPen: Database.Statement;
  readonly #sessionsBefore: Database.Statement;
  readonly #removeBytes: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#sessionsBefore = sqlite.prepare(
      `select id, started_at as startedAt from dock_sessions
       where started_at < ? and id > ? and status != 'running' order by id limit ?`,
    );
    this.#removeBytes = sqlite.prepare(
      'delete from dock_session_bytes where session_id in (select value from json_each(?))',
    );
    this.#start = sqlite.prepare(
      `insert into dock_sessions (id, pen_serial, dock, started_at, status, clock_offset_ms, clock_reset) values (?, ?, ?, ?, 'running', ?, ?)`,
    );
    this.#finish = sqlite.prepare(
      `update dock_sessions set status = ?, finished_at = ?, error_code = ?, error_params = ?, clock_set = ? where id = ?`,
    );
    this.#count = sqlite.prepare(
      `update dock_sessions set new_count = new_count + ?, duplicate_count = duplicate_count + ?, flagged_count = flagged_count + ?,
         quarantined_count = quarantined_count + ? where id = ?`,
    );
    this.#bytes = sqlite.prepare(
      `insert into dock_session_bytes (session_id, chunk, bytes)
       values (?, coalesce((select max(chunk) + 1 from dock_session_bytes where session_id = ?), 0), ?)`,
    );
    this.#quarantine = sqlite.prepare(
      `insert into quarantined_records (pen_serial, sequence, fault, detail, bytes, session_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (pen_serial, sequence) do nothing`,
    );
    this.#quarantined = sqlite.prepare(
      `select pen_serial as penSerial, sequence, fault, bytes, received_at as receivedAt, session_id as sessionId
         from quarantined_records order by received_at desc, pen_serial, sequence limit ?`,
    );
    this.#quarantinedTotal = sqlite.prepare(`select count(*) from quarantined_records`).pluck();
    const columns = `id, pen_serial as penSerial, dock, started_at as startedAt, finished_at as finishedAt, status,
      new_count as newCount, duplicate_count as duplicateCount, flagged_count as flaggedCount,
      quarantined_count as quarantinedCount, error_code as errorCode, error_params as errorParams,
      clock_offset_ms as clockOffsetMs, clock_set as clockSet, clock_reset as clockReset`;
    this.#history = sqlite.prepare(`select ${columns} from dock_sessions order by started_at desc limit ?`);
    this.#historyForPen = sqlite.prepare(
      `select ${columns} from dock_sessions where pen_serial = ? order by started_at desc limit ?`,
    );
  }

  start(
    id: string,
    penSerial: string | null,
    dock: string,
    startedAt: string,
    clock: { offsetMs: number; reset: boolean } | null,
  ): void {
    this.#start.run(id, penSerial, dock, startedAt, clock?.offsetMs ?? null, clock?.reset ? 1 : 0);
  }

  finish(
    id: string,
    status: 'done' | 'failed' | 'cancelled',
    error: ErrorBody | null,
    clockSet: boolean,
  ): void {
    this.#finish.run(
      status,
      new Date().toISOString(),
      error?.code ?? null,
      error ? JSON.stringify(error.params) : null,
      clockSet ? 1 : 0,
      id,
    );
  }

  /** Adds a batch's counts to its session. */
  count(
    id: string,
    counts: { inserted: number; duplicates: number; flagged: number; quarantined: number },
  ): void {
    this.#count.run(counts.inserted, counts.duplicates, counts.flagged, counts.quarantined, id);
  }

  /** The next chunk of the session's raw bytes. */
  keepBytes(sessionId: string, bytes: Uint8Array): void {
    this.#bytes.run(sessionId, sessionId, asBuffer(bytes));
  }

  /** Sets a record that broke the protocol aside, once; returns whether it was new. */
  quarantine(penSerial: string, record: RejectedRecord, sessionId: string, receivedAt: string): boolean {
    return (
      this.#quarantine.run(
        penSerial,
        record.seq,
        record.fault,
        record.detail,
        asBuffer(record.bytes),
        sessionId,
        receivedAt,
      ).changes > 0
    );
  }

  /** Records pens sent that broke the protocol, newest first, with their bytes for support. */
  quarantined(limit: number): { records: QuarantinedRecord[]; total: number } {
    const rows = this.#quarantined.all(limit) as (Omit<QuarantinedRecord, 'bytesHex' | 'fault'> & {
      fault: string;
      bytes: Buffer;
    })[];
    return {
      records: rows.map(({ bytes, fault, ...r }) => ({
        ...r,
        fault: quarantinedRecord.shape.fault.catch('length').parse(fault),
        bytesHex: bytes.toString('hex').toUpperCase(),
      })),
      total: this.#quarantinedTotal.get() as number,
    };
  }

  history(limit: number, penSerial?: string): DockSessionRecord[] {
    const rows = (penSerial ? this.#historyForPen.all(penSerial, limit) : this.#history.all(limit)) as (Omit<
      DockSessionRecord,
      'clockSet' | 'clockReset' | 'error'
    > & { clockSet: number; clockReset: number; errorCode: string | null; errorParams: string | null })[];
    return rows.map(({ errorCode, errorParams, ...r }) => ({
      ...r,
      clockSet: r.clockSet === 1,
      clockReset: r.clockReset === 1,
      error: errorCode ? { code: errorCode, params: paramsOf(errorParams) } : null,
    }));
  }

  /** Finished sessions started before `before`, by id (uuidv7: time order), after `afterId`. */
  sessionsBefore(before: string, afterId: string, limit: number): { id: string; startedAt: string }[] {
    return this.#sessionsBefore.all(before, afterId, limit) as { id: string; startedAt: string }[];
  }

  /** Forgets sessions' raw pen bytes (what they produced stays); returns how many chunks went. */
  removeBytes(sessionIds: readonly string[]): number {
    return sessionIds.length === 0 ? 0 : this.#removeBytes.run(JSON.stringify(sessionIds)).changes;
  }
}

/** Sessions from before error_params was kept have only the code: the message then needs none. */
function paramsOf(json: string | null): Record<string, string | number> {
  if (!json) return {};
  const parsed: unknown = JSON.parse(json);
  const out: Record<string, string | number> = {};
  if (typeof parsed === 'object' && parsed !== null)
    for (const [k, v] of Object.entries(parsed))
      if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}
