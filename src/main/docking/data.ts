// One row per pen per docking (dock_sessions), written as the session goes, and the pen's own
// bytes of each batch (dock_session_bytes), kept so support can replay what the pen said.
import type Database from 'better-sqlite3';
import type { DockSessionRecord } from '../../shared/api/procedures/docking.ts';

export class DockingData {
  readonly #start: Database.Statement;
  readonly #finish: Database.Statement;
  readonly #count: Database.Statement;
  readonly #bytes: Database.Statement;
  readonly #history: Database.Statement;
  readonly #historyForPen: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#start = sqlite.prepare(
      `insert into dock_sessions (id, pen_serial, dock, started_at, status, clock_offset_ms) values (?, ?, ?, ?, 'running', ?)`,
    );
    this.#finish = sqlite.prepare(
      `update dock_sessions set status = ?, finished_at = ?, error_code = ?, clock_set = ? where id = ?`,
    );
    this.#count = sqlite.prepare(
      `update dock_sessions set new_count = new_count + ?, duplicate_count = duplicate_count + ?, flagged_count = flagged_count + ? where id = ?`,
    );
    this.#bytes = sqlite.prepare(
      `insert into dock_session_bytes (session_id, chunk, bytes)
       values (?, coalesce((select max(chunk) + 1 from dock_session_bytes where session_id = ?), 0), ?)`,
    );
    const columns = `id, pen_serial as penSerial, dock, started_at as startedAt, finished_at as finishedAt, status,
      new_count as newCount, duplicate_count as duplicateCount, flagged_count as flaggedCount,
      error_code as errorCode, clock_offset_ms as clockOffsetMs, clock_set as clockSet`;
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
    clockOffsetMs: number | null,
  ): void {
    this.#start.run(id, penSerial, dock, startedAt, clockOffsetMs);
  }

  finish(
    id: string,
    status: 'done' | 'failed' | 'cancelled',
    errorCode: string | null,
    clockSet: boolean,
  ): void {
    this.#finish.run(status, new Date().toISOString(), errorCode, clockSet ? 1 : 0, id);
  }

  /** Adds a batch's counts to its session. */
  count(id: string, counts: { inserted: number; duplicates: number; flagged: number }): void {
    this.#count.run(counts.inserted, counts.duplicates, counts.flagged, id);
  }

  /** The next chunk of the session's raw bytes. */
  keepBytes(sessionId: string, bytes: Uint8Array): void {
    this.#bytes.run(sessionId, sessionId, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  history(limit: number, penSerial?: string): DockSessionRecord[] {
    const rows = (penSerial ? this.#historyForPen.all(penSerial, limit) : this.#history.all(limit)) as (Omit<
      DockSessionRecord,
      'clockSet'
    > & { clockSet: number })[];
    return rows.map((r) => ({ ...r, clockSet: r.clockSet === 1 }));
  }
}
