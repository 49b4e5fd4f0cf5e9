// What a coordinator should know about a plan: overlaps, visits outside the order, planned time
// above the granted time. Warnings never block saving a plan.
import type { PlanRecord } from '../../shared/api/procedures/workflows.ts';
import { localDate, localMonth, localParts, monthBounds } from '../../shared/domain/time.ts';
import { grantedInMonth, orderActiveOn, type OrderRow } from '../orders/orders.ts';
import type { Directory } from '../recipients/directory.ts';
import { planLists, planServices, type PlanData, type PlanRow } from './data.ts';

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
  readonly #plans: PlanData;

  constructor(plans: PlanData, timeZone: string, orders: OrderRow[], others: PlanRow[]) {
    this.#plans = plans;
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
        this.#plans.plannedMinutes(recipientId, new Date(start).toISOString(), new Date(end).toISOString()),
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
    ...planLists(plan),
    services: planServices(plan),
    seriesId: plan.seriesId,
    start: plan.plannedStart,
    end: plan.plannedEnd,
    status: plan.status,
    editedAt: plan.editedAt,
    editedBy: plan.editedBy,
    warnings,
  };
}
