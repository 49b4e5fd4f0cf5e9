// The calendar area's table: one row per item of ours in a performer's calendar, with the
// server's id for it and a digest of what was written. The row is written after the server
// answered, so a crash between the two leaves an item we do not know of — which the next
// attempt finds by its extended property (integrations/calendar/backend.ts), never doubles.
import type Database from 'better-sqlite3';

export interface CalendarItemRow {
  planId: string;
  mailbox: string;
  itemId: string;
  changeKey: string | null;
  digest: string;
  writtenAt: number;
}

const columns =
  'plan_id as planId, mailbox, item_id as itemId, change_key as changeKey, digest, written_at as writtenAt';

export class CalendarData {
  readonly #forPlan: Database.Statement;
  readonly #forPlans: Database.Statement;
  readonly #save: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #count: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#forPlan = sqlite.prepare(
      `select ${columns} from calendar_items where plan_id = ? order by mailbox`,
    );
    this.#forPlans = sqlite.prepare(
      `select ${columns} from calendar_items where plan_id in (select value from json_each(?)) order by plan_id, mailbox`,
    );
    this.#save = sqlite.prepare(
      `insert into calendar_items (plan_id, mailbox, item_id, change_key, digest, written_at)
       values (@planId, @mailbox, @itemId, @changeKey, @digest, @writtenAt)
       on conflict (plan_id, mailbox) do update set item_id = excluded.item_id,
         change_key = excluded.change_key, digest = excluded.digest, written_at = excluded.written_at`,
    );
    this.#remove = sqlite.prepare('delete from calendar_items where plan_id = ? and mailbox = ?');
    this.#count = sqlite.prepare('select count(*) as n from calendar_items');
  }

  forPlan(planId: string): CalendarItemRow[] {
    return this.#forPlan.all(planId) as CalendarItemRow[];
  }

  forPlans(planIds: readonly string[]): CalendarItemRow[] {
    return this.#forPlans.all(JSON.stringify(planIds)) as CalendarItemRow[];
  }

  save(row: CalendarItemRow): void {
    this.#save.run(row);
  }

  remove(planId: string, mailbox: string): void {
    this.#remove.run(planId, mailbox);
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }
}
