// Planning visits: one plan saved or cancelled, recurring visits from an order, the board of a
// range with each plan's warnings, and planned against granted time per recipient. Every edit is
// kept as it was made (visit_plan_edits) and sent up through the outbox.
import type Database from 'better-sqlite3';
import type { PlanRecord } from '../../shared/api/procedures/workflows.ts';
import { localDate, localParts, zonedInstant } from '../../shared/domain/time.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import { uuidv7 } from '../ids.ts';
import type { OrderData } from '../orders/data.ts';
import { orderActiveOn } from '../orders/orders.ts';
import type { RecipientData } from '../recipients/data.ts';
import type { Directory } from '../recipients/directory.ts';
import { rangeBounds } from '../registrations/paired.ts';
import type { StaffData } from '../staff/data.ts';
import type { Outbox } from '../sync/data.ts';
import { planLists, planServices, type PlanData, type PlanRow } from './data.ts';
import { planWarnings, toPlanRecord, WarningContext } from './warnings.ts';

export interface PlanInput {
  id?: string | undefined;
  recipientId: string;
  orderId: string | null;
  staffIds: string[];
  date: string;
  start: string;
  end: string;
  /** The end is on the next day; otherwise an end at or before the start is refused. */
  overnight?: boolean | undefined;
  tasks: string[];
  services?: { code: string; minutes: number }[] | undefined;
  seriesId?: string | null | undefined;
}

export interface PlanServiceDeps {
  sqlite: Database.Database;
  plans: PlanData;
  orders: OrderData;
  recipients: RecipientData;
  staff: StaffData;
  outbox: Outbox;
  audit: AuditLog;
  directory: (viewer: Caller) => Directory;
  timeZone: () => string;
  outboxChanged: () => void;
  /** Inside the edit's transaction: the rules that tell people of a change (notices/service.ts). */
  planChanged?: (before: PlanRow | undefined, after: PlanRow) => void;
}

export class PlanService {
  readonly #d: PlanServiceDeps;

  constructor(deps: PlanServiceDeps) {
    this.#d = deps;
  }

  list(viewer: Caller, input: { from: string; to: string }) {
    const tz = this.#d.timeZone();
    const { start, end } = rangeBounds(input, tz);
    const dir = this.#d.directory(viewer);
    const rows = this.#d.plans.between(start, end);
    const ctx = new WarningContext(this.#d.plans, tz, this.#d.orders.load(), rows);
    return { plans: rows.map((p) => toPlanRecord(p, dir, planWarnings(p, ctx))), staff: dir.staffIds() };
  }

  /** One edit of a planned visit: the current row, the edit as it will be sent, its outbox row. */
  #write(plan: PlanRow): void {
    const before = this.#d.planChanged ? this.#d.plans.byId(plan.id) : undefined;
    const editId = uuidv7();
    const item = {
      type: 'visitPlan' as const,
      id: editId,
      planId: plan.id,
      recipientId: plan.recipientId,
      orderId: plan.orderId,
      ...planLists(plan),
      services: planServices(plan),
      seriesId: plan.seriesId,
      plannedStart: plan.plannedStart,
      plannedEnd: plan.plannedEnd,
      status: plan.status,
      editedAt: plan.editedAt,
      editedBy: plan.editedBy,
    };
    this.#d.plans.saveLocal(plan, { id: editId, payload: JSON.stringify(item) });
    this.#d.outbox.add('visitPlan', editId);
    this.#d.planChanged?.(before, plan);
  }

  #planFrom(user: Caller, input: PlanInput): PlanRow {
    const tz = this.#d.timeZone();
    if (new Set(input.staffIds).size !== input.staffIds.length)
      throw new CareDockError('input.sameStaffTwice');
    const start = zonedInstant(input.date, input.start, tz);
    let end = zonedInstant(input.date, input.end, tz);
    // A visit across midnight is said so; an end before the start is otherwise a typing error.
    if (input.overnight) end = zonedInstant(localDate(start + 24 * 3600_000, tz), input.end, tz);
    else if (end <= start)
      throw new CareDockError('time.endBeforeStart', { start: input.start, end: input.end });
    if (!this.#d.recipients.exists(input.recipientId)) throw new CareDockError('devices.recipientUnknown');
    const services = input.services?.length
      ? input.services
      : this.#servicesFromOrder(input.orderId, input.tasks, Math.round((end - start) / 60_000));
    for (const s of input.staffIds)
      if (!this.#d.staff.exists(s)) throw new CareDockError('devices.staffUnknown');
    return {
      id: input.id ?? crypto.randomUUID(),
      recipientId: input.recipientId,
      orderId: input.orderId,
      staffIds: JSON.stringify(input.staffIds),
      plannedStart: new Date(start).toISOString(),
      plannedEnd: new Date(end).toISOString(),
      tasks: JSON.stringify(input.tasks),
      services: JSON.stringify(services),
      seriesId: input.seriesId ?? null,
      status: 'planned',
      editedAt: new Date().toISOString(),
      editedBy: user.username,
    };
  }

  /**
   * A plan saved without services takes the order's services its tasks name, the visit's minutes
   * shared between them; with an order of one service, that one.
   */
  #servicesFromOrder(
    orderId: string | null,
    tasks: readonly string[],
    minutes: number,
  ): { code: string; minutes: number }[] {
    if (orderId === null || minutes <= 0) return [];
    const order = this.#d.orders.load().find((o) => o.id === orderId);
    if (!order) return [];
    const named = order.services.filter((s) => tasks.includes(s.code));
    const chosen = named.length > 0 ? named : order.services.length === 1 ? order.services : [];
    return chosen.map((s, i) => ({
      code: s.code,
      minutes: Math.floor(minutes / chosen.length) + (i < minutes % chosen.length ? 1 : 0),
    }));
  }

  #withWarnings(user: Caller, plan: PlanRow): PlanRecord {
    const start = Date.parse(plan.plannedStart);
    const others = this.#d.plans.between(start - 24 * 3600_000, start + 24 * 3600_000);
    const ctx = new WarningContext(
      this.#d.plans,
      this.#d.timeZone(),
      this.#d.orders.load(plan.recipientId),
      others,
    );
    return toPlanRecord(plan, this.#d.directory(user), planWarnings(plan, ctx));
  }

  save(user: Caller, input: PlanInput): PlanRecord {
    const plan = this.#planFrom(user, input);
    this.#d.sqlite
      .transaction(() => {
        this.#write(plan);
        this.#d.audit.record(user, input.id ? 'plans.update' : 'plans.create', plan.id, {
          recipientId: plan.recipientId,
          start: plan.plannedStart,
        });
      })
      .immediate();
    this.#d.outboxChanged();
    return this.#withWarnings(user, plan);
  }

  cancel(user: Caller, id: string): void {
    const plan = this.#d.plans.byId(id);
    if (!plan) throw new CareDockError('workflow.notFound');
    this.#d.sqlite
      .transaction(() => {
        this.#write({
          ...plan,
          status: 'cancelled',
          editedAt: new Date().toISOString(),
          editedBy: user.username,
        });
        this.#d.audit.record(user, 'plans.cancel', id);
      })
      .immediate();
    this.#d.outboxChanged();
  }

  /**
   * A recurring series from a date on: each of its planned visits cancelled, or moved to a new
   * time and staff (the day stays), each an edit of its own; earlier visits are left as they were.
   */
  editSeries(
    user: Caller,
    input: {
      seriesId: string;
      from: string;
      cancel: boolean;
      start?: string | undefined;
      end?: string | undefined;
      staffIds?: string[] | undefined;
    },
  ): { changed: number } {
    const tz = this.#d.timeZone();
    const from = new Date(zonedInstant(input.from, '00:00', tz)).toISOString();
    const rows = this.#d.plans.seriesFrom(input.seriesId, from);
    if (rows.length === 0) throw new CareDockError('workflow.notFound');
    const now = new Date().toISOString();
    const next = rows.map((p): PlanRow => {
      if (input.cancel) return { ...p, status: 'cancelled', editedAt: now, editedBy: user.username };
      const date = localDate(Date.parse(p.plannedStart), tz);
      const s = localParts(Date.parse(p.plannedStart), tz).time;
      const e = localParts(Date.parse(p.plannedEnd), tz).time;
      const moved = this.#planFrom(user, {
        id: p.id,
        recipientId: p.recipientId,
        orderId: p.orderId,
        staffIds: input.staffIds ?? (JSON.parse(p.staffIds) as string[]),
        date,
        start: input.start ?? s,
        end: input.end ?? e,
        overnight: (input.end ?? e) <= (input.start ?? s),
        tasks: JSON.parse(p.tasks) as string[],
        services: JSON.parse(p.services) as { code: string; minutes: number }[],
        seriesId: p.seriesId,
      });
      return moved;
    });
    this.#d.sqlite
      .transaction(() => {
        for (const plan of next) this.#write(plan);
        this.#d.audit.record(user, input.cancel ? 'plans.cancel' : 'plans.update', input.seriesId, {
          from: input.from,
          created: next.length,
        });
      })
      .immediate();
    this.#d.outboxChanged();
    return { changed: next.length };
  }

  /** Recurring visits from an order: every chosen weekday in the range, within the order's validity. */
  generate(
    user: Caller,
    input: {
      orderId: string;
      from: string;
      to: string;
      weekdays: number[];
      start: string;
      minutes: number;
      staffIds: string[];
      tasks: string[];
      /** 1 for every week, 2 for every other week (counted from the week of `from`). */
      everyWeeks?: number | undefined;
    },
  ) {
    const tz = this.#d.timeZone();
    const every = input.everyWeeks ?? 1;
    const firstDay = Date.parse(`${input.from}T12:00:00Z`);
    const order = this.#d.orders.load().find((o) => o.id === input.orderId);
    if (!order) throw new CareDockError('workflow.notFound');
    const plans: PlanRow[] = [];
    const seriesId = uuidv7();
    const day = new Date(`${input.from}T12:00:00Z`);
    for (let i = 0; i < 370; i++) {
      const date = day.toISOString().slice(0, 10);
      if (date > input.to) break;
      const weekday = ((day.getUTCDay() + 6) % 7) + 1;
      // Weeks counted from the Monday of the first week, so "every other week" keeps its rhythm.
      const monday = firstDay - ((new Date(firstDay).getUTCDay() + 6) % 7) * 86_400_000;
      const week = Math.floor((day.getTime() - monday) / (7 * 86_400_000));
      if (input.weekdays.includes(weekday) && week % every === 0 && orderActiveOn(order, date)) {
        const startAt = zonedInstant(date, input.start, tz);
        const end = localParts(startAt + input.minutes * 60_000, tz);
        plans.push(
          this.#planFrom(user, {
            recipientId: order.recipientId,
            orderId: order.id,
            staffIds: input.staffIds,
            date,
            start: input.start,
            end: end.time,
            overnight: end.date !== date,
            tasks: input.tasks,
            seriesId,
          }),
        );
      }
      day.setUTCDate(day.getUTCDate() + 1);
    }
    this.#d.sqlite
      .transaction(() => {
        for (const plan of plans) this.#write(plan);
        this.#d.audit.record(user, 'plans.generate', input.orderId, {
          created: plans.length,
          from: input.from,
          to: input.to,
        });
      })
      .immediate();
    this.#d.outboxChanged();
    const warnings = plans.flatMap((p) => this.#withWarnings(user, p).warnings);
    const unique = new Map(warnings.map((w) => [`${w.code}:${JSON.stringify(w.params)}`, w]));
    return { created: plans.length, warnings: [...unique.values()].slice(0, 50) };
  }

  /** Granted and planned minutes per recipient with an order, for a month. */
  summary(viewer: Caller, month: string) {
    const dir = this.#d.directory(viewer);
    const orders = this.#d.orders.load();
    // The same sums the plan warnings use, so the summary and a warning never disagree.
    const ctx = new WarningContext(this.#d.plans, this.#d.timeZone(), orders, []);
    return [...new Set(orders.map((o) => o.recipientId))]
      .map((recipientId) => ({
        recipient: dir.recipient(recipientId)!,
        grantedMinutes: ctx.grantedMinutes(recipientId, month),
        plannedMinutes: ctx.plannedMinutes(recipientId, month),
      }))
      .filter((r) => r.grantedMinutes > 0 || r.plannedMinutes > 0)
      .sort(
        (a, b) =>
          a.recipient.name.localeCompare(b.recipient.name, 'sv') ||
          (a.recipient.id < b.recipient.id ? -1 : 1),
      );
  }
}
