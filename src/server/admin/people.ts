// A person's data on the central server: what the server holds about one recipient of a
// provider (the rows that flow down naming them, and what workstations pushed from their homes'
// tags), and erasure: the recipient row keeps only a pseudonym, and an erasure row flows down
// so each workstation may erase its copy. Audited by recipient id, never by personnummer.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parsePersonalId } from '../../shared/domain/personal-id.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { pushedItems, syncEntities } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { putEntity } from '../sync/entities.ts';
import { removeHomeAccess } from '../secrets/homeAccess.ts';
import { sequencePendingChanges } from '../sync/sequencer.ts';
import { getProvider } from './organisations.ts';

export const personInput = z.object({ personalIdentityNumber: z.string().trim().min(10).max(32) }).strict();

async function recipientsOf(ctx: ServerContext, providerId: string, personalId: string) {
  const parsed = parsePersonalId(personalId);
  if (!parsed)
    throw new AdminError('admin.invalid', 'not a personnummer, samordningsnummer or henkilötunnus');
  const rows = await ctx.database.db
    .select({ id: syncEntities.entityId, data: syncEntities.data })
    .from(syncEntities)
    .where(
      and(
        eq(syncEntities.providerId, providerId),
        eq(syncEntities.entity, 'recipient'),
        eq(syncEntities.deleted, false),
        sql`${syncEntities.data}->>'personalIdentityNumber' is not null`,
      ),
    );
  const found = rows.filter((r) => {
    const pnr = (r.data as { personalIdentityNumber?: string | null }).personalIdentityNumber;
    return pnr ? parsePersonalId(pnr)?.normalised === parsed.normalised : false;
  });
  return { normalised: parsed.normalised, found };
}

export async function exportPerson(
  ctx: ServerContext,
  providerId: string,
  input: z.infer<typeof personInput>,
  actor = 'admin',
) {
  const provider = await getProvider(ctx, providerId);
  const { found } = await recipientsOf(ctx, providerId, input.personalIdentityNumber);
  if (found.length === 0)
    throw new AdminError('admin.notFound', 'no recipient with that number for the provider');
  const people = [];
  for (const r of found) {
    const related = await ctx.database.db
      .select({ entity: syncEntities.entity, id: syncEntities.entityId, data: syncEntities.data })
      .from(syncEntities)
      .where(
        and(
          eq(syncEntities.providerId, providerId),
          eq(syncEntities.deleted, false),
          sql`${syncEntities.data}->>'recipientId' = ${r.id}`,
        ),
      );
    const tags = related.filter((x) => x.entity === 'tag').map((x) => x.id.toLowerCase());
    const pushed =
      tags.length === 0
        ? []
        : await ctx.database.db
            .select({
              id: pushedItems.id,
              type: pushedItems.type,
              day: pushedItems.day,
              payload: pushedItems.payload,
            })
            .from(pushedItems)
            .where(
              and(
                eq(pushedItems.providerId, providerId),
                sql`lower(${pushedItems.payload}->>'tagUid') in (${sql.join(
                  tags.map((t) => sql`${t}`),
                  sql`, `,
                )})`,
              ),
            );
    people.push({ recipient: r.data, related, pushed });
  }
  await ctx.database.db.transaction(async (tx) => {
    for (const r of found)
      await recordAudit(tx, {
        action: 'person.exported',
        actor,
        municipalityId: provider.municipalityId,
        providerId,
        details: { recipientId: r.id },
      });
  });
  return { format: 'caredock-server-person-export' as const, version: 1 as const, people };
}

export async function erasePerson(
  ctx: ServerContext,
  providerId: string,
  input: z.infer<typeof personInput>,
  actor = 'admin',
) {
  const provider = await getProvider(ctx, providerId);
  const { normalised, found } = await recipientsOf(ctx, providerId, input.personalIdentityNumber);
  if (found.length === 0)
    throw new AdminError('admin.notFound', 'no recipient with that number for the provider');
  const personalIdHash = createHash('sha256').update(normalised).digest('hex');
  const erasedAt = new Date().toISOString();
  // The erasure rows are committed and numbered before the recipients change: a workstation
  // applies the confirmation while its copy still names the person, which is how it finds the
  // name in free text it must scrub.
  await ctx.database.db.transaction(async (tx) => {
    for (const r of found) {
      await putEntity(tx, providerId, 'erasure', { id: r.id, personalIdHash, erasedAt });
      await recordAudit(tx, {
        action: 'person.erased',
        actor,
        municipalityId: provider.municipalityId,
        providerId,
        details: { recipientId: r.id },
      });
    }
  });
  await sequencePendingChanges(ctx.database.db);
  await ctx.database.db.transaction(async (tx) => {
    for (const r of found) {
      await removeHomeAccess(tx, providerId, r.id);
      await putEntity(tx, providerId, 'recipient', {
        ...(r.data as object),
        id: r.id,
        displayName: 'Raderad brukare',
        personalIdentityNumber: null,
        address: null,
        phone: null,
        siteId: null,
        propertyDesignation: null,
      });
    }
  });
  await sequencePendingChanges(ctx.database.db);
  return { erased: found.map((r) => r.id) };
}
