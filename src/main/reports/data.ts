// deviation_reports: every report as the push item it went up as, and whether the outbox has
// sent it.
import type Database from 'better-sqlite3';

export interface ReportRow {
  id: string;
  payload: string;
  sent: number;
}

export class ReportData {
  readonly #insert: Database.Statement;
  readonly #recent: Database.Statement;
  readonly #forPush: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#insert = sqlite.prepare(
      `insert into deviation_reports (id, kind, recipient_id, payload, filed_at, filed_by)
       values (@id, @kind, @recipientId, @payload, @filedAt, @filedBy)`,
    );
    this.#recent = sqlite.prepare(
      `select r.id, r.payload,
              exists (select 1 from outbox o where o.kind = 'deviationReport' and o.item_id = r.id and o.state = 'sent') as sent
       from deviation_reports r order by r.filed_at desc, r.id desc limit ?`,
    );
    this.#forPush = sqlite.prepare(
      `select id, payload from deviation_reports where id in (select value from json_each(?))`,
    );
  }

  insert(row: {
    id: string;
    kind: string;
    recipientId: string | null;
    payload: string;
    filedAt: string;
    filedBy: string;
  }): void {
    this.#insert.run(row);
  }

  recent(limit: number): ReportRow[] {
    return this.#recent.all(limit) as ReportRow[];
  }

  forPush(ids: readonly string[]): { id: string; payload: string }[] {
    return this.#forPush.all(JSON.stringify(ids)) as { id: string; payload: string }[];
  }
}
