// Municipalities, providers and the providers' fixed IP addresses.
import { ensureFolders, foldersOf } from '../exchange/folders.ts';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import type { ServerContext } from '../context.ts';
import { municipalities, providerAddresses, providers } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { normaliseAddress } from '../auth/addresses.ts';
import { recordAudit } from '../audit.ts';

export const addMunicipalityInput = z.object({ id: externalIdSchema, name: z.string().min(1).max(200) });
export const addProviderInput = z.object({
  id: externalIdSchema,
  municipalityId: externalIdSchema,
  name: z.string().min(1).max(200),
});
export const providerAddressInput = z.object({
  providerId: externalIdSchema,
  address: z.string().min(2).max(64),
});

export interface MunicipalityRow {
  id: string;
  name: string;
}
export interface ProviderRow {
  id: string;
  municipalityId: string;
  name: string;
  addresses: string[];
}

export async function addMunicipality(
  ctx: ServerContext,
  input: z.input<typeof addMunicipalityInput>,
  actor = 'admin',
): Promise<MunicipalityRow> {
  const m = parseInput(addMunicipalityInput, input);
  const added = await ctx.database.db.transaction(async (tx) => {
    const inserted = await tx.insert(municipalities).values(m).onConflictDoNothing().returning();
    if (inserted.length === 0) return false;
    await recordAudit(tx, {
      action: 'municipality.added',
      actor,
      municipalityId: m.id,
      details: { name: m.name },
    });
    return true;
  });
  if (!added) throw new AdminError('admin.exists', `municipality ${m.id} already exists`);
  // Its drop folders exist from the start, so the order system's first delivery has a place.
  ensureFolders(foldersOf(ctx.paths, m.id));
  ctx.log.info({ municipalityId: m.id }, 'municipality added');
  return m;
}

export async function listMunicipalities(ctx: ServerContext): Promise<MunicipalityRow[]> {
  return ctx.database.db
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .orderBy(municipalities.id);
}

export async function getMunicipality(ctx: ServerContext, id: string): Promise<MunicipalityRow> {
  const [m] = await ctx.database.db.select().from(municipalities).where(eq(municipalities.id, id));
  if (!m) throw new AdminError('admin.notFound', `no municipality ${id}`);
  return { id: m.id, name: m.name };
}

export async function addProvider(
  ctx: ServerContext,
  input: z.input<typeof addProviderInput>,
  actor = 'admin',
): Promise<ProviderRow> {
  const p = parseInput(addProviderInput, input);
  await getMunicipality(ctx, p.municipalityId);
  const added = await ctx.database.db.transaction(async (tx) => {
    const inserted = await tx.insert(providers).values(p).onConflictDoNothing().returning();
    if (inserted.length === 0) return false;
    await recordAudit(tx, {
      action: 'provider.added',
      actor,
      municipalityId: p.municipalityId,
      providerId: p.id,
      details: { name: p.name },
    });
    return true;
  });
  if (!added) throw new AdminError('admin.exists', `provider ${p.id} already exists`);
  ctx.log.info({ providerId: p.id, municipalityId: p.municipalityId }, 'provider added');
  return { ...p, addresses: [] };
}

export async function getProvider(ctx: ServerContext, id: string): Promise<ProviderRow> {
  const [p] = await ctx.database.db.select().from(providers).where(eq(providers.id, id));
  if (!p) throw new AdminError('admin.notFound', `no provider ${id}`);
  const addrs = await ctx.database.db
    .select({ address: providerAddresses.address })
    .from(providerAddresses)
    .where(eq(providerAddresses.providerId, id))
    .orderBy(providerAddresses.address);
  return { id: p.id, municipalityId: p.municipalityId, name: p.name, addresses: addrs.map((a) => a.address) };
}

export async function listProviders(ctx: ServerContext, municipalityId?: string): Promise<ProviderRow[]> {
  const rows = await ctx.database.db
    .select({ id: providers.id })
    .from(providers)
    .where(municipalityId === undefined ? undefined : eq(providers.municipalityId, municipalityId))
    .orderBy(providers.id);
  return Promise.all(rows.map((r) => getProvider(ctx, r.id)));
}

function parseAddress(address: string): string {
  const a = normaliseAddress(address);
  if (a === null) throw new AdminError('admin.invalid', `"${address}" is not an IP address`);
  return a;
}

export async function addProviderAddress(
  ctx: ServerContext,
  input: z.input<typeof providerAddressInput>,
  actor = 'admin',
): Promise<ProviderRow> {
  const { providerId, address } = parseInput(providerAddressInput, input);
  const a = parseAddress(address);
  const provider = await getProvider(ctx, providerId);
  await ctx.database.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(providerAddresses)
      .values({ providerId, address: a, registeredBy: actor })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0)
      await recordAudit(tx, {
        action: 'providerAddress.added',
        actor,
        municipalityId: provider.municipalityId,
        providerId,
        details: { address: a },
      });
  });
  ctx.log.info({ providerId, address: a }, 'provider address added');
  return getProvider(ctx, providerId);
}

export async function removeProviderAddress(
  ctx: ServerContext,
  input: z.input<typeof providerAddressInput>,
  actor = 'admin',
): Promise<ProviderRow> {
  const { providerId, address } = parseInput(providerAddressInput, input);
  const a = parseAddress(address);
  const gone = await ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .delete(providerAddresses)
      .where(and(eq(providerAddresses.providerId, providerId), eq(providerAddresses.address, a)))
      .returning();
    if (rows.length > 0)
      await recordAudit(tx, {
        action: 'providerAddress.removed',
        actor,
        providerId,
        details: { address: a },
      });
    return rows;
  });
  if (gone.length === 0)
    throw new AdminError('admin.notFound', `${a} is not registered for provider ${providerId}`);
  ctx.log.info({ providerId, address: a }, 'provider address removed');
  return getProvider(ctx, providerId);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AdminError('admin.invalid', z.prettifyError(r.error));
  return r.data;
}
