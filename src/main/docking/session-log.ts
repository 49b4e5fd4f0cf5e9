import type Database from 'better-sqlite3';
import type { ErrorBody } from '../../shared/api/envelope.ts';
import {
  quarantinedRecord,
  type DockSessionRecord,
  type QuarantinedRecord,
} from '../../shared/api/procedures/docking.ts';

/**
 * The dock_sessions table: one row per pen per docking, written as the session goes; and what
 * those sessions set aside: quarantined_records (written by the ingest, read here).
 */
export class SessionLog {
  readonly #start: Database.Statement;
  readonly #quarantined: Database.Statement;
  readonly #quarantinedTotal: Database.Statement;
  readonly #finish: Database.Statement;
  readonly #history: Database.Statement;
  readonly #historyForPen: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#start = sqlite.prepare(
      `insert into dock_sessions (id, pen_serial, dock, started_at, status, clock_offset_ms, clock_reset) values (?, ?, ?, ?, 'running', ?, ?)`,
    );
    this.#finish = sqlite.prepare(
      `update dock_sessions set status = ?, finished_at = ?, error_code = ?, error_params = ?, clock_set = ? where id = ?`,
    );
    const columns = `id, pen_serial as penSerial, dock, started_at as startedAt, finished_at as finishedAt, status,
      new_count as newCount, duplicate_count as duplicateCount, flagged_count as flaggedCount,
      quarantined_count as quarantinedCount, error_code as errorCode, error_params as errorParams,
      clock_offset_ms as clockOffsetMs, clock_set as clockSet, clock_reset as clockReset`;
    this.#history = sqlite.prepare(`select ${columns} from dock_sessions order by started_at desc limit ?`);
    this.#quarantined = sqlite.prepare(
      `select pen_serial as penSerial, sequence, fault, bytes, received_at as receivedAt, session_id as sessionId
         from quarantined_records order by received_at desc, pen_serial, sequence limit ?`,
    );
    this.#quarantinedTotal = sqlite.prepare(`select count(*) from quarantined_records`).pluck();
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

  /** Records pens sent that broke the protocol, newest first, with their bytes for support. */
  quarantine(limit: number): { records: QuarantinedRecord[]; total: number } {
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
