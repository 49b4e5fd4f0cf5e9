import type Database from 'better-sqlite3';
import type { DockSessionRecord } from '../../shared/api/procedures/docking.ts';

/** The dock_sessions table: one row per pen per docking, written as the session goes. */
export class SessionLog {
  readonly #start: Database.Statement;
  readonly #finish: Database.Statement;
  readonly #history: Database.Statement;
  readonly #historyForPen: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#start = sqlite.prepare(
      `insert into dock_sessions (id, pen_serial, dock, started_at, status, clock_offset_ms) values (?, ?, ?, ?, 'running', ?)`,
    );
    this.#finish = sqlite.prepare(
      `update dock_sessions set status = ?, finished_at = ?, error_code = ?, clock_set = ? where id = ?`,
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

  history(limit: number, penSerial?: string): DockSessionRecord[] {
    const rows = (penSerial ? this.#historyForPen.all(penSerial, limit) : this.#history.all(limit)) as (Omit<
      DockSessionRecord,
      'clockSet'
    > & { clockSet: number })[];
    return rows.map((r) => ({ ...r, clockSet: r.clockSet === 1 }));
  }
}
