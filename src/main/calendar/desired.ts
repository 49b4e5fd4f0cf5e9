// What the performers' calendars should hold for one plan: one item per performer with a
// calendar address, none for a cancelled plan. Pure, so the adapter, the daily reconciliation
// and the tests decide alike.
import { createHash } from 'node:crypto';
import type { CalendarEvent } from '../../../integrations/calendar/backend.ts';
import type { Language } from '../../shared/errors/index.ts';
import type { PlanRow } from '../plans/data.ts';
import { calendarText, type CalendarPrivacy } from './content.ts';

export interface DesiredContext {
  timeZone: string;
  privacy: CalendarPrivacy;
  language: Language;
  /** A staff member's calendar address and name; null address: no calendar. */
  staff(id: string): { name: string; address: string | null } | undefined;
  recipient(id: string): { name: string; address: string | null; protectedIdentity: boolean } | undefined;
}

export function desiredEvents(plan: PlanRow | undefined, ctx: DesiredContext): CalendarEvent[] {
  if (!plan || plan.status !== 'planned') return [];
  const staffIds = JSON.parse(plan.staffIds) as string[];
  const tasks = JSON.parse(plan.tasks) as string[];
  const start = Date.parse(plan.plannedStart);
  const end = Date.parse(plan.plannedEnd);
  const out: CalendarEvent[] = [];
  const seen = new Set<string>();
  for (const id of staffIds) {
    const address = ctx.staff(id)?.address?.trim().toLowerCase();
    if (!address || seen.has(address)) continue;
    seen.add(address);
    const partnerId = staffIds.find((s) => s !== id);
    const text = calendarText(
      ctx.privacy,
      {
        start,
        end,
        timeZone: ctx.timeZone,
        recipient: ctx.recipient(plan.recipientId) ?? null,
        tasks,
        partner: partnerId === undefined ? null : (ctx.staff(partnerId)?.name ?? null),
      },
      ctx.language,
    );
    out.push({
      key: plan.id,
      mailbox: address,
      subject: text.subject,
      body: text.body,
      start,
      end,
      timeZone: ctx.timeZone,
      ...(text.location ? { location: text.location } : {}),
    });
  }
  return out;
}

/** What was written, so an unchanged item is not written again. */
export function eventDigest(e: CalendarEvent): string {
  return createHash('sha256')
    .update(JSON.stringify([e.mailbox, e.subject, e.body, e.start, e.end, e.timeZone, e.location ?? '']))
    .digest('hex')
    .slice(0, 32);
}
