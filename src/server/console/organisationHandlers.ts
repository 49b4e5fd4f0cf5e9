// The console's providers, their fixed IP addresses, workstations and enrolment codes: read in
// a few queries however many providers there are, changed through the same functions as the
// admin API and the CLI (src/server/admin), with the console account as the actor.
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { consoleOrganisationProcedures } from '../../shared/console/organisation.ts';
import type { WorkstationView } from '../../shared/console/organisation.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { createEnrolmentCode } from '../admin/enrolmentCodes.ts';
import {
  addProvider,
  addProviderAddress,
  listMunicipalities,
  removeProviderAddress,
} from '../admin/organisations.ts';
import { exportInstallProfile } from '../admin/profile.ts';
import { revokeWorkstation } from '../admin/workstations.ts';
import { normaliseAddress } from '../auth/addresses.ts';
import type { ServerContext } from '../context.ts';
import { enrolmentCodes, providerAddresses, providers, workstations } from '../db/schema.ts';
import { actorOf, type Handlers } from './handlerTypes.ts';

type ProviderView = z.input<(typeof consoleOrganisationProcedures)['providers.list']['output']>[number];

function workstationView(w: typeof workstations.$inferSelect): WorkstationView {
  return {
    id: w.id,
    providerId: w.providerId,
    name: w.name,
    certSerial: w.certSerial,
    certNotAfter: w.certNotAfter.toISOString(),
    enrolledAt: w.enrolledAt.toISOString(),
    revokedAt: w.revokedAt?.toISOString() ?? null,
    revokedReason: w.revokedReason,
    lastSeenAt: w.lastSeenAt?.toISOString() ?? null,
    lastAddress: w.lastAddress,
    clientVersion: w.clientVersion,
    renewedAt: w.renewedAt?.toISOString() ?? null,
  };
}

async function providerViews(ctx: ServerContext, filter: { municipalityId?: string; ids?: string[] }) {
  const db = ctx.database.db;
  const rows = await db
    .select()
    .from(providers)
    .where(
      and(
        filter.municipalityId === undefined ? undefined : eq(providers.municipalityId, filter.municipalityId),
        filter.ids === undefined ? undefined : inArray(providers.id, filter.ids),
      ),
    )
    .orderBy(asc(providers.name), asc(providers.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const addresses = await db
    .select()
    .from(providerAddresses)
    .where(inArray(providerAddresses.providerId, ids))
    .orderBy(asc(providerAddresses.address));
  const counts = await db
    .select({
      providerId: workstations.providerId,
      all: count(),
      active: sql<number>`count(*) FILTER (WHERE ${workstations.revokedAt} IS NULL)::int`,
    })
    .from(workstations)
    .where(inArray(workstations.providerId, ids))
    .groupBy(workstations.providerId);
  const countOf = new Map(counts.map((c) => [c.providerId, c]));
  const byProvider = new Map<string, ProviderView['addresses']>();
  for (const a of addresses) {
    const list = byProvider.get(a.providerId) ?? [];
    list.push({ address: a.address, registeredAt: a.createdAt.toISOString(), registeredBy: a.registeredBy });
    byProvider.set(a.providerId, list);
  }
  return rows.map((p): ProviderView => ({
    id: p.id,
    municipalityId: p.municipalityId,
    name: p.name,
    addresses: byProvider.get(p.id) ?? [],
    workstations: Number(countOf.get(p.id)?.all ?? 0),
    activeWorkstations: Number(countOf.get(p.id)?.active ?? 0),
  }));
}

async function oneProvider(ctx: ServerContext, providerId: string): Promise<ProviderView> {
  const [p] = await providerViews(ctx, { ids: [providerId] });
  if (!p) throw new CareDockError('console.notFound', { id: providerId });
  return p;
}

function address(raw: string): string {
  const a = normaliseAddress(raw);
  if (a === null) throw new CareDockError('console.addressInvalid', { address: raw.slice(0, 64) });
  return a;
}

export const organisationHandlers: Handlers<keyof typeof consoleOrganisationProcedures> = {
  'municipalities.list': async ({ ctx }) => listMunicipalities(ctx),
  'providers.list': async ({ ctx }, input) => providerViews(ctx, input),
  'providers.get': async ({ ctx }, { providerId }) => {
    const provider = await oneProvider(ctx, providerId);
    const ws = await ctx.database.db
      .select()
      .from(workstations)
      .where(eq(workstations.providerId, providerId))
      .orderBy(asc(workstations.enrolledAt));
    const codes = await ctx.database.db
      .select()
      .from(enrolmentCodes)
      .where(eq(enrolmentCodes.providerId, providerId))
      .orderBy(asc(enrolmentCodes.createdAt));
    return {
      provider,
      workstations: ws.map(workstationView),
      enrolmentCodes: codes.map((c) => ({
        ref: c.codeHash.slice(0, 8),
        expiresAt: c.expiresAt.toISOString(),
        usedAt: c.usedAt?.toISOString() ?? null,
        workstationId: c.workstationId,
        createdAt: c.createdAt.toISOString(),
      })),
    };
  },
  'providers.add': async (call, input) => {
    const [m] = (await listMunicipalities(call.ctx)).filter((x) => x.id === input.municipalityId);
    if (!m) throw new CareDockError('console.notFound', { id: input.municipalityId });
    const existing = await providerViews(call.ctx, { ids: [input.id] });
    if (existing.length > 0) throw new CareDockError('console.exists', { id: input.id });
    await addProvider(call.ctx, input, actorOf(call));
    return oneProvider(call.ctx, input.id);
  },
  'providers.addAddress': async (call, input) => {
    await oneProvider(call.ctx, input.providerId);
    await addProviderAddress(
      call.ctx,
      { providerId: input.providerId, address: address(input.address) },
      actorOf(call),
    );
    return oneProvider(call.ctx, input.providerId);
  },
  'providers.removeAddress': async (call, input) => {
    const p = await oneProvider(call.ctx, input.providerId);
    const a = address(input.address);
    if (!p.addresses.some((x) => x.address === a)) throw new CareDockError('console.notFound', { id: a });
    await removeProviderAddress(call.ctx, { providerId: input.providerId, address: a }, actorOf(call));
    return oneProvider(call.ctx, input.providerId);
  },
  'providers.createEnrolmentCode': async (call, input) => {
    await oneProvider(call.ctx, input.providerId);
    const made = await createEnrolmentCode(call.ctx, input, actorOf(call));
    return { code: made.code, expiresAt: made.expiresAt };
  },
  'providers.installProfile': async ({ ctx }, { municipalityId }) => {
    const [m] = (await listMunicipalities(ctx)).filter((x) => x.id === municipalityId);
    if (!m) throw new CareDockError('console.notFound', { id: municipalityId });
    const profile = await exportInstallProfile(ctx, municipalityId);
    return { fileName: `caredock-${municipalityId}.json`, json: `${JSON.stringify(profile, null, 2)}\n` };
  },
  'workstations.list': async ({ ctx }, { providerId }) => {
    const rows = await ctx.database.db
      .select()
      .from(workstations)
      .where(providerId === undefined ? undefined : eq(workstations.providerId, providerId))
      .orderBy(asc(workstations.enrolledAt));
    return rows.map(workstationView);
  },
  'workstations.expiring': async ({ ctx }, { withinDays }) => {
    const horizon = new Date(ctx.now().getTime() + withinDays * 86_400_000);
    const rows = await ctx.database.db
      .select()
      .from(workstations)
      .where(and(isNull(workstations.revokedAt), lte(workstations.certNotAfter, horizon)))
      .orderBy(asc(workstations.certNotAfter));
    return rows.map(workstationView);
  },
  'workstations.revoke': async (call, { workstationId, reason }) => {
    const [w] = await call.ctx.database.db
      .select()
      .from(workstations)
      .where(eq(workstations.id, workstationId));
    if (!w) throw new CareDockError('console.notFound', { id: workstationId });
    await revokeWorkstation(call.ctx, { workstationId, reason }, actorOf(call));
    const [after] = await call.ctx.database.db
      .select()
      .from(workstations)
      .where(eq(workstations.id, workstationId));
    return workstationView(after ?? w);
  },
};
