// Pure helpers of the planning board: where a visit sits, how a drag becomes a new time and
// staff, and plan warnings in words.
import type { PlanRecord } from '../../../shared/api/index.ts';
import { errorText } from '../../lib/i18n.svelte.ts';
import { partsOf, timeOf } from './format.ts';

export type Plan = PlanRecord;
export type PlanWarning = PlanRecord['warnings'][number];

export const snapMinutes = 15;

/** Whole multiples of the snap, towards the nearest. */
export function snap(minutes: number): number {
  return Math.round(minutes / snapMinutes) * snapMinutes;
}

/** Catalogue params as a person reads them: instants become local times. */
export function warningParams(w: PlanWarning): Record<string, string | number> {
  const out: Record<string, string | number> = { ...w.params };
  const time = w.params.time;
  if (typeof time === 'string' && /T/.test(time)) {
    const p = partsOf(time);
    out.time = `${p.date} ${p.time}`;
  }
  if (out.validTo === '') out.validTo = '…';
  return out;
}

export function warningText(w: PlanWarning): string {
  return errorText(w.code, warningParams(w));
}

/** The save input of a plan moved by some minutes and, maybe, from one staff member to another. */
export function movedPlan(plan: Plan, minutes: number, fromStaff: string, toStaff: string) {
  const shift = minutes * 60_000;
  const start = partsOf(new Date(Date.parse(plan.start) + shift).toISOString());
  const end = partsOf(new Date(Date.parse(plan.end) + shift).toISOString());
  const staffIds = plan.staffIds.map((s) => (s === fromStaff ? toStaff : s));
  return {
    id: plan.id,
    recipientId: plan.recipient.id,
    orderId: plan.orderId,
    staffIds,
    date: start.date,
    start: start.time,
    end: end.time,
    // A move keeps a visit that runs past midnight doing so, and its services.
    overnight: end.date !== start.date,
    tasks: plan.tasks,
    services: plan.services,
  };
}

export function timeRange(plan: Plan): string {
  return `${timeOf(plan.start)}–${timeOf(plan.end)}`;
}

export interface Lane {
  plan: Plan;
  lane: number;
  lanes: number;
}

/** Overlapping visits of one row side by side in lanes (greedy, by start time). */
export function laneOut(plans: Plan[], minMinutes = 0): Lane[] {
  // A card is drawn at least minMinutes tall, so lanes are taken by what is drawn, not only by time.
  const endOf = (p: Plan) => Math.max(Date.parse(p.end), Date.parse(p.start) + minMinutes * 60_000);
  const sorted = [...plans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Lane[] = [];
  let cluster: Lane[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const l of cluster) l.lanes = laneEnds.length;
    out.push(...cluster);
    cluster = [];
    laneEnds = [];
    clusterEnd = -Infinity;
  };
  for (const plan of sorted) {
    const s = Date.parse(plan.start);
    const e = endOf(plan);
    if (s >= clusterEnd && cluster.length > 0) close();
    let lane = laneEnds.findIndex((end) => end <= s);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(e);
    } else laneEnds[lane] = e;
    cluster.push({ plan, lane, lanes: 1 });
    clusterEnd = Math.max(clusterEnd, e);
  }
  if (cluster.length > 0) close();
  return out;
}

/** Visits per staff row, laned; a double-staffed visit is on both rows. */
export function groupByStaff(plans: Plan[]): Map<string, Lane[]> {
  const map = new Map<string, Plan[]>();
  for (const p of plans) {
    if (p.status !== 'planned') continue;
    for (const s of p.staffIds) {
      const list = map.get(s);
      if (list) list.push(p);
      else map.set(s, [p]);
    }
  }
  const laned = new Map<string, Lane[]>();
  for (const [s, list] of map) laned.set(s, laneOut(list));
  return laned;
}

/** Visits per local day of their start, laned side by side within the day (a week's columns). */
export function groupByDay(plans: Plan[], dates: string[], minMinutes: number): Map<string, Lane[]> {
  const map = new Map<string, Plan[]>(dates.map((d) => [d, []]));
  for (const p of plans) {
    if (p.status !== 'planned') continue;
    map.get(partsOf(p.start).date)?.push(p);
  }
  const laned = new Map<string, Lane[]>();
  for (const [d, list] of map) laned.set(d, laneOut(list, minMinutes));
  return laned;
}
