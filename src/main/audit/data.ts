// The audit log table: append-only, who did what and when. Never holds secrets or personnummer.
import type Database from 'better-sqlite3';

export interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string | null;
  details: string;
}

export class AuditData {
  readonly #insert: Database.Statement;
  readonly #latest: Database.Statement;
  readonly #before: Database.Statement;
  readonly #expire: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#expire = sqlite.prepare(
      'delete from audit_log where id in (select id from audit_log where at < ? order by at limit ?)',
    );
    this.#insert = sqlite.prepare(
      'insert into audit_log (actor_user_id, actor, action, subject, details) values (?, ?, ?, ?, ?)',
    );
    const columns = 'id, at, actor, action, subject, details';
    this.#latest = sqlite.prepare(`select ${columns} from audit_log order by id desc limit ?`);
    this.#before = sqlite.prepare(`select ${columns} from audit_log where id < ? order by id desc limit ?`);
  }

  insert(
    actorUserId: number | null,
    actor: string | null,
    action: string,
    subject: string | null,
    details: string,
  ): void {
    this.#insert.run(actorUserId, actor, action, subject, details);
  }

  /** Newest first, `limit` of them, before an id when paging on. */
  list(limit: number, beforeId?: number): AuditRow[] {
    return (
      beforeId === undefined ? this.#latest.all(limit) : this.#before.all(beforeId, limit)
    ) as AuditRow[];
  }

  /** Up to `limit` entries older than `before`, oldest first; returns how many went. */
  expire(before: string, limit: number): number {
    return this.#expire.run(before, limit).changes;
  }
}
