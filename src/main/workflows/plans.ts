import type Database from 'better-sqlite3';
import type { PlanRecord } from '../../shared/api/procedures/workflows.ts';
import { localDate, localMonth, localParts, monthBounds } from '../../shared/domain/time.ts';
import type { Directory } from '../recipients/directory.ts';

export interface PlanRow {
  id: string;
  recipientId: string;
  orderId: string | null;
  staffIds: string;
  plannedStart: string;
  plannedEnd: string;
  tasks: string;
  status: 'planned' | 'cancelled';
  editedAt: string;
  editedBy: string;
}

export interface OrderRow {
  id: string;
  recipientId: string;
  validFrom: string;
  validTo: string | null;
  services: { code: string; name: string; grantedMinutesPerMonth: number }[];
}

const planColumns = `id, recipient_id as recipientId, order_id as orderId, staff_ids as staffIds, planned_start as plannedStart,
  planned_end as plannedEnd, tasks, status, edited_at as editedAt, edited_by as editedBy`;

export function plansBetween(sqlite: Database.Database, start: number, end: number): PlanRow[] {
  return sqlite
    .prepare(
      `select ${planColumns} from visit_plans where planned_start < ? and planned_end > ? order by planned_start, id`,
    )
    .all(new Date(end).toISOString(), new Date(start).toISOString()) as PlanRow[];
}

export function planById(sqlite: Database.Database, id: string): PlanRow | undefined {
  return sqlite.prepare(`select ${planColumns} from visit_plans where id = ?`).get(id) as PlanRow | undefined;
}

export function loadOrders(sqlite: Database.Database, recipientId?: string): OrderRow[] {
  const orders = (
    recipientId
      ? sqlite
          .prepare(
            'select id, recipient_id as recipientId, valid_from as validFrom, valid_to as validTo from orders where recipient_id = ? order by valid_from',
          )
          .all(recipientId)
      : sqlite
          .prepare(
            'select id, recipient_id as recipientId, valid_from as validFrom, valid_to as validTo from orders order by recipient_id, valid_from',
          )
          .all()
  ) as Omit<OrderRow, 'services'>[];
  const services = sqlite
    .prepare(
      'select order_id as orderId, code, name, granted_minutes_per_month as grantedMinutesPerMonth from order_services order by code',
    )
    .all() as {
    orderId: string;
    code: string;
    name: string;
    grantedMinutesPerMonth: number;
  }[];
  const byOrder = new Map<string, OrderRow['services']>();
  for (const s of services)
    (byOrder.get(s.orderId) ?? byOrder.set(s.orderId, []).get(s.orderId)!).push({
      code: s.code,
      name: s.name,
      grantedMinutesPerMonth: s.grantedMinutesPerMonth,
    });
  return orders.map((o) => ({ ...o, services: byOrder.get(o.id) ?? [] }));
}

export function orderActiveOn(order: OrderRow, date: string): boolean {
  return order.validFrom <= date && (order.validTo === null || order.validTo >= date);
}

/** Granted minutes of an order in a month, in proportion to the days of the month it is valid. */
export function grantedInMonth(order: OrderRow, month: string, serviceCode?: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let valid = 0;
  for (let d = 1; d <= days; d++) if (orderActiveOn(order, `${month}-${String(d).padStart(2, '0')}`)) valid++;
  const services = serviceCode ? order.services.filter((s) => s.code === serviceCode) : order.services;
  return Math.round((services.reduce((sum, s) => sum + s.grantedMinutesPerMonth, 0) * valid) / days);
}

interface Interval {
  id: string;
  start: number;
  end: number;
}

/**
 * What plan warnings are judged against, read and indexed once per request: other plans by
 * staff member, orders by recipient, and planned and granted minutes per recipient and month.
 * A board of 2,000 visits asks it 2,000 times.
 */
export class WarningContext {
  readonly timeZone: string;
  readonly #ordersByRecipient = new Map<string, OrderRow[]>();
  readonly #byStaff = new Map<string, Interval[]>();
  readonly #planned = new Map<string, number>();
  readonly #granted = new Map<string, number>();
  readonly #plannedStmt: Database.Statement;

  constructor(sqlite: Database.Database, timeZone: string, orders: OrderRow[], others: PlanRow[]) {
    this.timeZone = timeZone;
    for (const o of orders)
      (
        this.#ordersByRecipient.get(o.recipientId) ??
        this.#ordersByRecipient.set(o.recipientId, []).get(o.recipientId)!
      ).push(o);
    for (const p of others) {
      if (p.status !== 'planned') continue;
      const interval = { id: p.id, start: Date.parse(p.plannedStart), end: Date.parse(p.plannedEnd) };
      for (const staffId of JSON.parse(p.staffIds) as string[]) {
        (this.#byStaff.get(staffId) ?? this.#byStaff.set(staffId, []).get(staffId)!).push(interval);
      }
    }
    this.#plannedStmt = sqlite
      .prepare(
        `select coalesce(sum((julianday(planned_end) - julianday(planned_start)) * 1440), 0) from visit_plans
         where recipient_id = ? and status = 'planned' and planned_start >= ? and planned_start < ?`,
      )
      .pluck();
  }

  orders(recipientId: string): OrderRow[] {
    return this.#ordersByRecipient.get(recipientId) ?? [];
  }

  overlapping(staffId: string, except: string, start: number, end: number): Interval | undefined {
    return this.#byStaff.get(staffId)?.find((o) => o.id !== except && o.start < end && o.end > start);
  }

  /** Minutes planned for a recipient in a month, the plan asked about included (it is stored). */
  plannedMinutes(recipientId: string, month: string): number {
    const key = `${recipientId}|${month}`;
    let minutes = this.#planned.get(key);
    if (minutes === undefined) {
      const { start, end } = monthBounds(month, this.timeZone);
      minutes = Math.round(
        this.#plannedStmt.get(
          recipientId,
          new Date(start).toISOString(),
          new Date(end).toISOString(),
        ) as number,
      );
      this.#planned.set(key, minutes);
    }
    return minutes;
  }

  grantedMinutes(recipientId: string, month: string): number {
    const key = `${recipientId}|${month}`;
    let minutes = this.#granted.get(key);
    if (minutes === undefined) {
      minutes = this.orders(recipientId).reduce((sum, o) => sum + grantedInMonth(o, month), 0);
      this.#granted.set(key, minutes);
    }
    return minutes;
  }
}

/** What a coordinator should know about a plan; warnings never block saving it. */
export function planWarnings(plan: PlanRow, ctx: WarningContext): PlanRecord['warnings'] {
  if (plan.status === 'cancelled') return [];
  const warnings: PlanRecord['warnings'] = [];
  const start = Date.parse(plan.plannedStart);
  const end = Date.parse(plan.plannedEnd);
  for (const staffId of JSON.parse(plan.staffIds) as string[]) {
    const other = ctx.overlapping(staffId, plan.id, start, end);
    if (other) {
      const at = localParts(other.start, ctx.timeZone);
      warnings.push({
        code: 'plan.overlap',
        params: { staffId, otherId: other.id, time: `${at.date} ${at.time}` },
      });
    }
  }
  const day = localDate(start, ctx.timeZone);
  const orders = ctx.orders(plan.recipientId);
  const order = plan.orderId
    ? orders.find((o) => o.id === plan.orderId)
    : orders.find((o) => orderActiveOn(o, day));
  if (!order) warnings.push({ code: 'plan.noOrder', params: { date: day } });
  else if (!orderActiveOn(order, day)) {
    warnings.push({
      code: 'plan.outsideOrder',
      params: { date: day, validFrom: order.validFrom, validTo: order.validTo ?? '' },
    });
  }
  if (order) {
    const month = localMonth(start, ctx.timeZone);
    const granted = ctx.grantedMinutes(plan.recipientId, month);
    const planned = ctx.plannedMinutes(plan.recipientId, month);
    if (planned > granted)
      warnings.push({
        code: 'plan.overGranted',
        params: { plannedMinutes: planned, grantedMinutes: granted, month },
      });
  }
  return warnings;
}

export function toPlanRecord(plan: PlanRow, dir: Directory, warnings: PlanRecord['warnings']): PlanRecord {
  return {
    id: plan.id,
    recipient: dir.recipient(plan.recipientId)!,
    orderId: plan.orderId,
    staffIds: JSON.parse(plan.staffIds) as string[],
    start: plan.plannedStart,
    end: plan.plannedEnd,
    tasks: JSON.parse(plan.tasks) as string[],
    status: plan.status,
    editedAt: plan.editedAt,
    editedBy: plan.editedBy,
    warnings,
  };
}
