// Applying what flows down. Each page is applied together with its new cursor in one local
// transaction: a crash leaves the page either wholly applied with its cursor, or not at all.
import type Database from 'better-sqlite3';
import type { PullPage, SyncChange } from '../../shared/sync/pull.ts';
import type { Order, Plan, Recipient, Staff, Tag } from '../../shared/sync/entities.ts';
import type { SyncStateStore } from './state.ts';

export interface ApplyResult {
  applied: number;
  /** Plans kept because this PC holds a newer unsent edit. */
  keptLocal: number;
  /** Rows removed by the sweep at the end of a full resync. */
  swept: number;
}

export class PageApplier {
  readonly #sqlite: Database.Database;
  readonly #state: SyncStateStore;
  readonly #s: Record<string, Database.Statement>;

  constructor(sqlite: Database.Database, state: SyncStateStore) {
    this.#sqlite = sqlite;
    this.#state = state;
    const p = (sql: string) => sqlite.prepare(sql);
    this.#s = {
      recipient: p(
        `insert into recipients (id, name, personal_id, address, protected_identity, source, updated_at)
         values (@id, @displayName, @personalIdentityNumber, @address, @protectedIdentity, 'server', @now)
         on conflict (id) do update set name = excluded.name, personal_id = excluded.personal_id,
           address = excluded.address, protected_identity = excluded.protected_identity,
           source = 'server', updated_at = excluded.updated_at`,
      ),
      recipientDelete: p(`delete from recipients where id = ?`),
      order: p(
        `insert into orders (id, recipient_id, valid_from, valid_to, source, updated_at)
         values (@id, @recipientId, @validFrom, @validTo, 'server', @now)
         on conflict (id) do update set recipient_id = excluded.recipient_id, valid_from = excluded.valid_from,
           valid_to = excluded.valid_to, source = 'server', updated_at = excluded.updated_at`,
      ),
      orderServicesClear: p(`delete from order_services where order_id = ?`),
      orderService: p(
        `insert into order_services (order_id, code, name, granted_minutes_per_month) values (?, ?, ?, ?)
         on conflict do update set name = excluded.name, granted_minutes_per_month = excluded.granted_minutes_per_month`,
      ),
      orderDelete: p(`delete from orders where id = ?`),
      tag: p(
        `insert into tags (uid, recipient_id, label, source) values (@uid, @recipientId, @label, 'server')
         on conflict (uid) do update set recipient_id = excluded.recipient_id, label = excluded.label, source = 'server'`,
      ),
      tagDelete: p(`delete from tags where uid = ?`),
      staff: p(
        `insert into staff (id, name, active, source, updated_at) values (@id, @name, @active, 'server', @now)
         on conflict (id) do update set name = excluded.name, active = excluded.active, source = 'server',
           updated_at = excluded.updated_at`,
      ),
      staffDelete: p(
        `delete from staff where id = ? and not exists (select 1 from pen_assignments where staff_id = staff.id)`,
      ),
      staffDeactivate: p(`update staff set active = 0, updated_at = ? where id = ?`),
      plan: p(
        `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by, source)
         values (@id, @recipientId, @orderId, @staffIds, @plannedStart, @plannedEnd, @tasks, @status, @editedAt, @editedBy, 'server')
         on conflict (id) do update set recipient_id = excluded.recipient_id, order_id = excluded.order_id,
           staff_ids = excluded.staff_ids, planned_start = excluded.planned_start, planned_end = excluded.planned_end,
           tasks = excluded.tasks, status = excluded.status, edited_at = excluded.edited_at,
           edited_by = excluded.edited_by, source = 'server'`,
      ),
      planDelete: p(`delete from visit_plans where id = ?`),
      // This PC's newest edit of a plan that the server may not have yet: a local row, or an edit
      // still waiting (or quarantined) in the outbox.
      planLocalEdits: p(
        `select edited_at as editedAt from visit_plans where id = @planId and source = 'local'
         union all
         select e.edited_at from visit_plan_edits e
           join outbox o on o.kind = 'visitPlan' and o.item_id = e.id and o.state != 'sent'
         where e.plan_id = @planId`,
      ),
      seen: p(`insert into sync_resync_seen (entity, id) values (?, ?) on conflict do nothing`),
    };
  }

  /** Applies a page and stores its cursor; on the last page of a full resync, sweeps the unseen. */
  apply(page: PullPage, resyncing: boolean): ApplyResult {
    const run = this.#sqlite.transaction((): ApplyResult => {
      const result: ApplyResult = { applied: 0, keptLocal: 0, swept: 0 };
      const now = new Date().toISOString();
      for (const change of page.changes) {
        if (this.#applyOne(change, now)) result.applied++;
        else result.keptLocal++;
        if (resyncing && change.op === 'upsert') this.#s.seen!.run(change.entity, change.id);
      }
      this.#state.set('cursor', page.nextCursor);
      if (resyncing && !page.hasMore) {
        result.swept = this.#sweep(now);
        this.#state.delete('resyncing');
      }
      return result;
    });
    return run.immediate();
  }

  #newerLocalEdit(planId: string, serverEditedAt: string): boolean {
    const server = Date.parse(serverEditedAt);
    const rows = this.#s.planLocalEdits!.all({ planId }) as { editedAt: string }[];
    return rows.some((r) => Date.parse(r.editedAt) > server);
  }

  /** Returns false when a change was deliberately not applied (a newer local plan edit). */
  #applyOne(c: SyncChange, now: string): boolean {
    const s = this.#s;
    if (c.op === 'delete') {
      switch (c.entity) {
        case 'recipient':
          s.recipientDelete!.run(c.id);
          break;
        case 'order':
          s.orderDelete!.run(c.id);
          break;
        case 'tag':
          s.tagDelete!.run(c.id.toUpperCase());
          break;
        case 'staff':
          if (s.staffDelete!.run(c.id).changes === 0) s.staffDeactivate!.run(now, c.id);
          break;
        case 'plan':
          if (this.#newerLocalEdit(c.id, '1970-01-01T00:00:00Z')) return false;
          s.planDelete!.run(c.id);
          break;
      }
      return true;
    }
    switch (c.entity) {
      case 'recipient': {
        const r: Recipient = c.data;
        s.recipient!.run({ ...r, protectedIdentity: r.protectedIdentity ? 1 : 0, now });
        break;
      }
      case 'order': {
        const o: Order = c.data;
        s.order!.run({
          id: o.id,
          recipientId: o.recipientId,
          validFrom: o.validFrom,
          validTo: o.validTo,
          now,
        });
        s.orderServicesClear!.run(o.id);
        for (const sv of o.services) s.orderService!.run(o.id, sv.code, sv.name, sv.grantedMinutesPerMonth);
        break;
      }
      case 'tag': {
        const t: Tag = c.data;
        s.tag!.run({ uid: t.id.toUpperCase(), recipientId: t.recipientId, label: t.label ?? '' });
        break;
      }
      case 'staff': {
        const st: Staff = c.data;
        s.staff!.run({ id: st.id, name: st.name, active: st.active ? 1 : 0, now });
        break;
      }
      case 'plan': {
        const pl: Plan = c.data;
        if (this.#newerLocalEdit(pl.id, pl.editedAt)) return false;
        s.plan!.run({
          ...pl,
          staffIds: JSON.stringify(pl.staffIds),
          tasks: JSON.stringify(pl.tasks),
        });
        break;
      }
    }
    return true;
  }

  /**
   * After a full resync, rows from the server that the resync did not hand down were deleted while
   * this PC's cursor was too old to see the tombstone. Local rows and plans with unsent edits stay.
   */
  #sweep(now: string): number {
    const sq = this.#sqlite;
    const unseen = (entity: string, key = 'id') =>
      `not exists (select 1 from sync_resync_seen s where s.entity = '${entity}' and s.id = ${key})`;
    let n = 0;
    n += sq
      .prepare(`delete from recipients where source = 'server' and ${unseen('recipient')}`)
      .run().changes;
    n += sq.prepare(`delete from orders where source = 'server' and ${unseen('order')}`).run().changes;
    n += sq
      .prepare(`delete from tags where source = 'server' and ${unseen('tag', 'lower(tags.uid)')}`)
      .run().changes;
    n += sq
      .prepare(
        `delete from visit_plans where source = 'server' and ${unseen('plan')}
         and not exists (select 1 from visit_plan_edits e join outbox o on o.kind = 'visitPlan' and o.item_id = e.id
                         where e.plan_id = visit_plans.id and o.state != 'sent')`,
      )
      .run().changes;
    n += sq
      .prepare(
        `delete from staff where source = 'server' and ${unseen('staff')}
         and not exists (select 1 from pen_assignments a where a.staff_id = staff.id)`,
      )
      .run().changes;
    sq.prepare(
      `update staff set active = 0, updated_at = ? where source = 'server' and active = 1 and ${unseen('staff')}`,
    ).run(now);
    sq.prepare('delete from sync_resync_seen').run();
    return n;
  }
}
