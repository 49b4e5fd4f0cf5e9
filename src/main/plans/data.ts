// The planned visits: visit_plans holds each plan's current state, visit_plan_edits every edit as
// it was made and sent. Plans are edited here and come down from the server; a local edit the
// server may not have yet is never overwritten by what comes down.
import type Database from 'better-sqlite3';
import type { Plan } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface PlanRow {
  id: string;
  recipientId: string;
  orderId: string | null;
  /** JSON array of one staff id, or two for double staffing. */
  staffIds: string;
  plannedStart: string;
  plannedEnd: string;
  /** JSON array of service codes. */
  tasks: string;
  /** JSON array of the services the visit is for, `{ code, minutes }` each. */
  services: string;
  /** The recurring rule's series the plan was made by, if any. */
  seriesId: string | null;
  status: 'planned' | 'cancelled';
  editedAt: string;
  editedBy: string;
}

/** A plan's services as stored. */
export function planServices(plan: Pick<PlanRow, 'services'>): { code: string; minutes: number }[] {
  return JSON.parse(plan.services) as { code: string; minutes: number }[];
}

export interface PlanForPairing {
  id: string;
  recipientId: string;
  staffIds: string;
  plannedStart: string;
  plannedEnd: string;
}

/** A plan's staff and tasks as the lists they are stored as JSON. */
export function planLists(plan: Pick<PlanRow, 'staffIds' | 'tasks'>): {
  staffIds: string[];
  tasks: string[];
} {
  return { staffIds: JSON.parse(plan.staffIds) as string[], tasks: JSON.parse(plan.tasks) as string[] };
}

const planColumns = `id, recipient_id as recipientId, order_id as orderId, staff_ids as staffIds, planned_start as plannedStart,
  planned_end as plannedEnd, tasks, services, series_id as seriesId, status, edited_at as editedAt, edited_by as editedBy`;

export class PlanData implements ServerRows<Plan> {
  readonly #between: Database.Statement;
  readonly #byId: Database.Statement;
  readonly #upsertLocal: Database.Statement;
  readonly #insertEdit: Database.Statement;
  readonly #plannedMinutes: Database.Statement;
  readonly #forPairing: Database.Statement;
  readonly #editsForPush: Database.Statement;
  readonly #upsertServer: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #localEdits: Database.Statement;
  readonly #sweep: Database.Statement;
  readonly #forgetServer: Database.Statement;
  readonly #seriesFrom: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#seriesFrom = sqlite.prepare(
      `select ${planColumns} from visit_plans where series_id = ? and planned_start >= ? and status = 'planned'
       order by planned_start, id`,
    );
    // Years of plans lie before any range asked for and few after it, so the range is found
    // from its end (visit_plans_end, migration 0013); the unary + keeps SQLite off the start
    // index, which would walk every older plan.
    this.#between = sqlite.prepare(
      `select ${planColumns} from visit_plans where +planned_start < ? and planned_end > ? order by planned_start, id`,
    );
    this.#byId = sqlite.prepare(`select ${planColumns} from visit_plans where id = ?`);
    this.#upsertLocal = sqlite.prepare(
      `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, services, series_id, status, edited_at, edited_by, source)
       values (@id, @recipientId, @orderId, @staffIds, @plannedStart, @plannedEnd, @tasks, @services, @seriesId, @status, @editedAt, @editedBy, 'local')
       on conflict (id) do update set recipient_id = excluded.recipient_id, order_id = excluded.order_id, staff_ids = excluded.staff_ids,
         planned_start = excluded.planned_start, planned_end = excluded.planned_end, tasks = excluded.tasks,
         services = excluded.services, series_id = excluded.series_id, status = excluded.status,
         edited_at = excluded.edited_at, edited_by = excluded.edited_by, source = 'local'`,
    );
    this.#insertEdit = sqlite.prepare(
      'insert into visit_plan_edits (id, plan_id, payload, edited_at) values (?, ?, ?, ?)',
    );
    this.#plannedMinutes = sqlite
      .prepare(
        `select coalesce(sum((julianday(planned_end) - julianday(planned_start)) * 1440), 0) from visit_plans
         where recipient_id = ? and status = 'planned' and planned_start >= ? and planned_start < ?`,
      )
      .pluck();
    this.#forPairing = sqlite.prepare(
      `select id, recipient_id as recipientId, staff_ids as staffIds, planned_start as plannedStart, planned_end as plannedEnd
       from visit_plans where status = 'planned' and +planned_start < ? and planned_end > ?`,
    );
    this.#editsForPush = sqlite.prepare(
      `select id, payload from visit_plan_edits where id in (select value from json_each(?))`,
    );
    this.#upsertServer = sqlite.prepare(
      `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, services, series_id, status, edited_at, edited_by, source)
       values (@id, @recipientId, @orderId, @staffIds, @plannedStart, @plannedEnd, @tasks, @services, @seriesId, @status, @editedAt, @editedBy, 'server')
       on conflict (id) do update set recipient_id = excluded.recipient_id, order_id = excluded.order_id,
         staff_ids = excluded.staff_ids, planned_start = excluded.planned_start, planned_end = excluded.planned_end,
         tasks = excluded.tasks, services = excluded.services, series_id = excluded.series_id,
         status = excluded.status, edited_at = excluded.edited_at,
         edited_by = excluded.edited_by, source = 'server'`,
    );
    this.#delete = sqlite.prepare(`delete from visit_plans where id = ?`);
    // This PC's newest edit of a plan that the server may not have yet: a local row, or an edit
    // still waiting (or quarantined) in the outbox.
    this.#localEdits = sqlite.prepare(
      `select edited_at as editedAt from visit_plans where id = @planId and source = 'local'
       union all
       select e.edited_at from visit_plan_edits e
         join outbox o on o.kind = 'visitPlan' and o.item_id = e.id and o.state != 'sent'
       where e.plan_id = @planId`,
    );
    this.#sweep = sqlite.prepare(
      `delete from visit_plans where source = 'server'
       and not exists (select 1 from sync_resync_seen s where s.entity = 'plan' and s.id = visit_plans.id)
       and not exists (select 1 from visit_plan_edits e join outbox o on o.kind = 'visitPlan' and o.item_id = e.id
                       where e.plan_id = visit_plans.id and o.state != 'sent')`,
    );
    this.#forgetServer = sqlite.prepare(`delete from visit_plans where source = 'server'`);
  }

  /** Plans overlapping [start, end), cancelled ones included, by start. */
  between(start: number, end: number): PlanRow[] {
    return this.#between.all(new Date(end).toISOString(), new Date(start).toISOString()) as PlanRow[];
  }

  /** The planned visits of a series from a moment on. */
  seriesFrom(seriesId: string, from: string): PlanRow[] {
    return this.#seriesFrom.all(seriesId, from) as PlanRow[];
  }

  byId(id: string): PlanRow | undefined {
    return this.#byId.get(id) as PlanRow | undefined;
  }

  /** A local edit: the plan's new state and the edit as it will be sent (the caller adds the outbox row). */
  saveLocal(plan: PlanRow, edit: { id: string; payload: string }): void {
    this.#upsertLocal.run(plan);
    this.#insertEdit.run(edit.id, plan.id, edit.payload, plan.editedAt);
  }

  /** Planned (not cancelled) minutes for a recipient with a start in [from, to). */
  plannedMinutes(recipientId: string, from: string, to: string): number {
    return this.#plannedMinutes.get(recipientId, from, to) as number;
  }

  /** Planned visits overlapping [start, end) as pairing matches them. */
  forPairing(start: number, end: number): PlanForPairing[] {
    return this.#forPairing.all(
      new Date(end).toISOString(),
      new Date(start).toISOString(),
    ) as PlanForPairing[];
  }

  editsForPush(ids: readonly string[]): { id: string; payload: string }[] {
    return this.#editsForPush.all(JSON.stringify(ids)) as { id: string; payload: string }[];
  }

  #newerLocalEdit(planId: string, serverEditedAt: string): boolean {
    const server = Date.parse(serverEditedAt);
    const rows = this.#localEdits.all({ planId }) as { editedAt: string }[];
    return rows.some((r) => Date.parse(r.editedAt) > server);
  }

  upsertFromServer(plan: Plan): boolean {
    if (this.#newerLocalEdit(plan.id, plan.editedAt)) return false;
    this.#upsertServer.run({
      ...plan,
      staffIds: JSON.stringify(plan.staffIds),
      tasks: JSON.stringify(plan.tasks),
      // A plan sent before plans carried services comes down without them.
      services: JSON.stringify(plan.services ?? []),
      seriesId: plan.seriesId ?? null,
    });
    return true;
  }

  removeFromServer(id: string): boolean {
    if (this.#newerLocalEdit(id, '1970-01-01T00:00:00Z')) return false;
    this.#delete.run(id);
    return true;
  }

  /** Server plans a full resync did not hand down, unless this PC has an unsent edit of them. */
  sweepUnseen(): number {
    return this.#sweep.run().changes;
  }

  /** The old municipality's plans leave with its installation; this PC's own edits stay. */
  forgetServerRows(): void {
    this.#forgetServer.run();
  }
}
