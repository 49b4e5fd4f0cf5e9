// When the 1177 inbox says something, decided where the change lands on the server: a pushed plan
// edit that moves or cancels a visit starting within 48 hours, and once a week the next week's
// times. Each rule is on or off per municipality, and a recipient hears nothing without the
// consent the municipality recorded. A decision is a row in inbox_messages with a key that makes
// it once only; the service queues the rows (service.ts).
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { localParts, zonedInstant } from '../../shared/domain/time.ts';
import type { Plan } from '../../shared/sync/entities.ts';
import type { Queryable } from '../db/database.ts';
import { resultRows } from '../db/database.ts';
import { providers } from '../db/schema.ts';
import { readInboxSettings } from './settings.ts';
import { inboxConsents, inboxMessages } from './tables.ts';
import type { InboxContent } from './text.ts';

/** How close to its start a change must come for the recipient to be told. */
export const CHANGED_SOON_MS = 48 * 3600_000;
const ZONE = 'Europe/Stockholm';

async function consentOf(db: Queryable, municipalityId: string, recipientId: string) {
  const rows = await db
    .select({ consent: inboxConsents.consent, weekly: inboxConsents.weekly })
    .from(inboxConsents)
    .where(and(eq(inboxConsents.municipalityId, municipalityId), eq(inboxConsents.recipientId, recipientId)));
  return rows[0] ?? { consent: false, weekly: false };
}

async function providerName(db: Queryable, providerId: string): Promise<string> {
  const rows = await db.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId));
  return rows[0]?.name ?? providerId;
}

async function decide(
  db: Queryable,
  m: { municipalityId: string; providerId: string; recipientId: string; key: string; content: InboxContent },
): Promise<boolean> {
  const done = await db
    .insert(inboxMessages)
    .values({
      id: randomUUID(),
      municipalityId: m.municipalityId,
      providerId: m.providerId,
      recipientId: m.recipientId,
      reason: m.content.reason,
      dedupKey: m.key,
      content: m.content,
    })
    .onConflictDoNothing()
    .returning({ id: inboxMessages.id });
  return done.length > 0;
}

const slot = (p: Plan) => ({ start: p.plannedStart, end: p.plannedEnd });

/**
 * A stored plan edit (the latest, `after`, replacing `before`): a visit that was planned and is now
 * cancelled, or now at another time, told to the recipient when it starts within 48 hours from
 * `now` (the earlier of its old and new start). Runs inside the push's transaction.
 */
export async function planChanged(
  db: Queryable,
  who: { municipalityId: string; providerId: string },
  before: Plan | null,
  after: Plan,
  now: Date,
): Promise<boolean> {
  if (!before || before.status !== 'planned') return false;
  const cancelled = after.status === 'cancelled';
  const moved =
    !cancelled && (before.plannedStart !== after.plannedStart || before.plannedEnd !== after.plannedEnd);
  if (!cancelled && !moved) return false;
  const start = Math.min(Date.parse(before.plannedStart), moved ? Date.parse(after.plannedStart) : Infinity);
  const ahead = start - now.getTime();
  if (ahead <= 0 || ahead > CHANGED_SOON_MS) return false;
  const settings = await readInboxSettings(db, who.municipalityId);
  if (!settings?.enabled || !settings.rules.changedSoon) return false;
  if (!(await consentOf(db, who.municipalityId, after.recipientId)).consent) return false;
  const name = await providerName(db, who.providerId);
  return decide(db, {
    ...who,
    recipientId: after.recipientId,
    key: `plan:${who.providerId}:${after.id}:${after.editedAt}`,
    content: cancelled
      ? { reason: 'cancelled', providerName: name, visit: slot(before) }
      : { reason: 'moved', providerName: name, from: slot(before), to: slot(after) },
  });
}

/** The ISO week after the one `instant` falls in (Swedish local time): its name and bounds. */
export function nextWeek(instant: number): { week: string; start: number; end: number } {
  const { year, month, day } = localParts(instant, ZONE);
  const today = new Date(Date.UTC(year, month - 1, day));
  const isoDay = today.getUTCDay() || 7;
  const monday = new Date(today);
  monday.setUTCDate(today.getUTCDate() - isoDay + 8);
  const nextMonday = new Date(monday);
  nextMonday.setUTCDate(monday.getUTCDate() + 7);
  // ISO week-numbering year: the year of that week's Thursday.
  const thursday = new Date(monday);
  thursday.setUTCDate(monday.getUTCDate() + 3);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const n = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  const date = (d: Date) => d.toISOString().slice(0, 10);
  return {
    week: `${thursday.getUTCFullYear()}-W${String(n).padStart(2, '0')}`,
    start: zonedInstant(date(monday), '00:00', ZONE),
    end: zonedInstant(date(nextMonday), '00:00', ZONE),
  };
}

/**
 * On the municipality's weekday, from its hour on: next week's visit times to each recipient with
 * consent who asked for them, one message per provider that has visits planned for them. Safe to
 * run every pass: a recipient's week is decided once.
 */
export async function weeklyDue(db: Queryable, municipalityId: string, now: Date): Promise<number> {
  const settings = await readInboxSettings(db, municipalityId);
  if (!settings?.enabled || !settings.rules.weekly) return 0;
  const local = localParts(now.getTime(), ZONE);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() || 7;
  if (weekday !== settings.weekly.weekday || local.hour < settings.weekly.hour) return 0;
  const week = nextWeek(now.getTime());
  const res = await db.execute(sql`
    SELECT p.provider_id, p.data->>'recipientId' AS recipient_id,
           jsonb_agg(jsonb_build_object('start', p.data->>'plannedStart', 'end', p.data->>'plannedEnd')
                     ORDER BY p.data->>'plannedStart') AS visits,
           max(pr.name) AS provider_name
    FROM sync_entities p
    JOIN providers pr ON pr.id = p.provider_id AND pr.municipality_id = ${municipalityId}
    JOIN inbox_consents c ON c.municipality_id = ${municipalityId}
                         AND c.recipient_id = p.data->>'recipientId' AND c.consent AND c.weekly
    WHERE p.entity = 'plan' AND NOT p.deleted AND p.data->>'status' = 'planned'
      AND (p.data->>'plannedStart')::timestamptz >= ${new Date(week.start).toISOString()}::timestamptz
      AND (p.data->>'plannedStart')::timestamptz < ${new Date(week.end).toISOString()}::timestamptz
    GROUP BY p.provider_id, p.data->>'recipientId'`);
  let decided = 0;
  for (const r of resultRows(res) as {
    provider_id: string;
    recipient_id: string;
    visits: { start: string; end: string }[];
    provider_name: string;
  }[]) {
    if (
      await decide(db, {
        municipalityId,
        providerId: r.provider_id,
        recipientId: r.recipient_id,
        key: `weekly:${r.provider_id}:${r.recipient_id}:${week.week}`,
        content: { reason: 'weekly', providerName: r.provider_name, week: week.week, visits: r.visits },
      })
    )
      decided++;
  }
  return decided;
}
