// What an order means for a day and a month: when it is valid, and how much time it grants.
import type { OrderRow } from './data.ts';

export type { OrderRow } from './data.ts';

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
