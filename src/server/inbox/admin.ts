// What the admin API and `caredock server inbox` do with the 1177 inbox: the municipality's
// settings, the recipients' consent, what became of the messages, and the year's cost.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { costSoFar, forecastYear, yearPosition } from '../../../integrations/patientportal/index.ts';
import { localDate } from '../../shared/domain/time.ts';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import { getMunicipality, parseInput } from '../admin/organisations.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { inboxMunicipalitySettings, readInboxSettings, writeInboxSettings } from './settings.ts';
import { inboxConsents, inboxMessages } from './tables.ts';

export const municipalityParams = z.object({ municipalityId: externalIdSchema });
export const consentParams = z.object({ municipalityId: externalIdSchema, recipientId: externalIdSchema });
export const consentInput = z.object({ consent: z.boolean(), weekly: z.boolean().default(false) }).strict();
export const messagesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export async function getInboxSettings(ctx: ServerContext, municipalityId: string) {
  await getMunicipality(ctx, municipalityId);
  return readInboxSettings(ctx.database.db, municipalityId);
}

export async function putInboxSettings(
  ctx: ServerContext,
  municipalityId: string,
  body: unknown,
  actor: string,
) {
  await getMunicipality(ctx, municipalityId);
  const settings = parseInput(inboxMunicipalitySettings, body);
  await ctx.database.db.transaction(async (tx) => {
    await writeInboxSettings(tx, municipalityId, settings);
    await recordAudit(tx, {
      action: 'inbox.settings',
      actor,
      municipalityId,
      details: {
        enabled: settings.enabled,
        changedSoon: settings.rules.changedSoon,
        weekly: settings.rules.weekly,
      },
    });
  });
  return settings;
}

/** Consent as the municipality recorded it; withdrawing it stops messages not yet sent. */
export async function putConsent(
  ctx: ServerContext,
  municipalityId: string,
  recipientId: string,
  input: z.infer<typeof consentInput>,
  actor: string,
) {
  await getMunicipality(ctx, municipalityId);
  const row = { consent: input.consent, weekly: input.consent && input.weekly, recordedBy: actor };
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .insert(inboxConsents)
      .values({ municipalityId, recipientId, ...row })
      .onConflictDoUpdate({
        target: [inboxConsents.municipalityId, inboxConsents.recipientId],
        set: { ...row, recordedAt: sql`now()` },
      });
    await recordAudit(tx, {
      action: 'inbox.consent',
      actor,
      municipalityId,
      details: { recipientId, consent: row.consent, weekly: row.weekly },
    });
  });
  return { municipalityId, recipientId, consent: row.consent, weekly: row.weekly };
}

export async function listMessages(ctx: ServerContext, municipalityId: string, limit: number) {
  await getMunicipality(ctx, municipalityId);
  const rows = await ctx.database.db
    .select({
      id: inboxMessages.id,
      providerId: inboxMessages.providerId,
      recipientId: inboxMessages.recipientId,
      reason: inboxMessages.reason,
      state: inboxMessages.state,
      code: inboxMessages.code,
      createdAt: inboxMessages.createdAt,
      sentAt: inboxMessages.sentAt,
    })
    .from(inboxMessages)
    .where(eq(inboxMessages.municipalityId, municipalityId))
    .orderBy(desc(inboxMessages.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  }));
}

/** Messages sent this year (Swedish calendar), their cost so far and the year's forecast, in öre. */
export async function inboxCost(ctx: ServerContext, municipalityId: string) {
  await getMunicipality(ctx, municipalityId);
  const today = localDate(ctx.now().getTime(), 'Europe/Stockholm');
  const year = Number(today.slice(0, 4));
  const [row] = await ctx.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.municipalityId, municipalityId),
        eq(inboxMessages.state, 'sent'),
        gte(inboxMessages.sentAt, new Date(`${year}-01-01T00:00:00+01:00`)),
        lt(inboxMessages.sentAt, new Date(`${year + 1}-01-01T00:00:00+01:00`)),
      ),
    );
  const sent = Number(row?.n ?? 0);
  const settings = await readInboxSettings(ctx.database.db, municipalityId);
  const fee = { includeConnectionFee: settings?.connectedYear === year };
  const { dayOfYear, daysInYear } = yearPosition(today);
  return {
    year,
    sent,
    soFar: costSoFar(sent, fee),
    forecast: forecastYear(sent, dayOfYear, daysInYear, fee),
  };
}
