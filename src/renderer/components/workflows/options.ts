// Choices for staff and recipient pickers, loaded once per view from the core.
import type { OrderRecord } from '../../../shared/api/index.ts';
import type { RecipientRef } from './types.ts';
import { call } from '../../lib/app.svelte.ts';
import { t } from '../../lib/i18n.svelte.ts';

export interface Option {
  id: string;
  label: string;
  masked?: boolean;
}

export function recipientLabel(r: RecipientRef | null, fallback = ''): string {
  if (!r) return fallback;
  return r.masked ? t('wf.masked') : r.name;
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label, 'sv') || (a.id < b.id ? -1 : 1);

export async function loadStaff(): Promise<Option[]> {
  const r = await call('staff.list', {});
  return r.ok
    ? r.value
        .filter((s) => s.active)
        .map((s) => ({ id: s.id, label: s.name }))
        .sort(byLabel)
    : [];
}

/**
 * Recipients to choose from: the searchable ones and those with an order (a protected identity
 * is not searchable by name, but its orders still name it, masked as the user's rights say).
 */
export async function loadRecipients(): Promise<Option[]> {
  const [search, orders] = await Promise.all([
    call('recipients.search', { query: '' }),
    call('orders.list', {}, { quiet: true }),
  ]);
  const all = new Map<string, Option>();
  if (search.ok) for (const r of search.value) all.set(r.id, { id: r.id, label: r.name || r.id });
  if (orders.ok)
    for (const o of orders.value) {
      const r = o.recipient;
      all.set(r.id, { id: r.id, label: r.masked ? `${t('wf.masked')} (${r.id})` : r.name, masked: r.masked });
    }
  return [...all.values()].sort(byLabel);
}

/** Each recipient with an order, once, by name. */
export function recipientsFromOrders(orders: OrderRecord[]): Option[] {
  const map = new Map<string, Option>();
  for (const o of orders)
    map.set(o.recipient.id, {
      id: o.recipient.id,
      label: o.recipient.masked ? `${t('wf.masked')} (${o.recipient.id})` : o.recipient.name,
      masked: o.recipient.masked,
    });
  return [...map.values()].sort(byLabel);
}

/** Orders grouped per recipient, by name. */
export function ordersByRecipient(
  orders: OrderRecord[],
): { recipient: OrderRecord['recipient']; orders: OrderRecord[] }[] {
  const map = new Map<string, { recipient: OrderRecord['recipient']; orders: OrderRecord[] }>();
  for (const o of orders) {
    const g = map.get(o.recipient.id) ?? { recipient: o.recipient, orders: [] };
    g.orders.push(o);
    map.set(o.recipient.id, g);
  }
  return [...map.values()].sort((a, b) =>
    recipientLabel(a.recipient).localeCompare(recipientLabel(b.recipient), 'sv'),
  );
}
