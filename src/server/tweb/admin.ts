// What the admin API and `caredock server tweb` do with TWeb: the municipality's settings (the
// secrets go in and are never shown again) and what became of each transaction.
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import { getMunicipality, parseInput } from '../admin/organisations.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import {
  readTwebConnection,
  readTwebSettings,
  redacted,
  twebMunicipalityInput,
  writeTwebSettings,
} from './settings.ts';
import { twebTransactions } from './tables.ts';

export const municipalityParams = z.object({ municipalityId: externalIdSchema });
export const transactionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export async function getTwebSettings(ctx: ServerContext, municipalityId: string) {
  await getMunicipality(ctx, municipalityId);
  const db = ctx.database.db;
  const s = await readTwebSettings(db, municipalityId);
  if (!s) return null;
  const connection = await readTwebConnection(db, ctx.paths.secretsKey, municipalityId);
  return { ...s, connection: connection ? redacted(connection) : null };
}

export async function putTwebSettings(
  ctx: ServerContext,
  municipalityId: string,
  body: unknown,
  actor: string,
) {
  await getMunicipality(ctx, municipalityId);
  const input = parseInput(twebMunicipalityInput, body);
  await ctx.database.db.transaction(async (tx) => {
    await writeTwebSettings(tx, ctx.paths.secretsKey, municipalityId, input);
    await recordAudit(tx, {
      action: 'tweb.settings',
      actor,
      municipalityId,
      details: {
        enabled: input.enabled,
        baseUrl: input.connection.baseUrl,
        auth: input.connection.auth.type,
      },
    });
  });
  return getTwebSettings(ctx, municipalityId);
}

export async function listTransactions(ctx: ServerContext, municipalityId: string, limit: number) {
  await getMunicipality(ctx, municipalityId);
  const rows = await ctx.database.db
    .select()
    .from(twebTransactions)
    .where(eq(twebTransactions.municipalityId, municipalityId))
    .orderBy(desc(twebTransactions.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    providerId: r.providerId,
    kind: r.kind,
    state: r.state,
    caseId: r.caseId,
    documentIds: r.documentIds,
    code: r.code,
    createdAt: r.createdAt.toISOString(),
    filedAt: r.filedAt?.toISOString() ?? null,
  }));
}
