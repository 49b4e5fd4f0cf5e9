// A provider's attested month out to the municipality: BFU-back (performed minutes per order and
// service, deviations, status) and MFU-time (performed time per recipient and service), both from
// the figures the provider attested — the same numbers its billing basis shows. Written into
// out/ under a temporary name and renamed, so the municipality's pickup never reads half a file;
// once per month, provider and attest version, and after a reopen only when the figures changed.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attestFigures, type FigureRow } from '../../shared/domain/attest-figures.ts';
import { orderSchema } from '../../shared/sync/entities.ts';
import {
  writeBfuBack,
  writeMfuTime,
  type BfuBackDocument,
  type MfuTimeRow,
} from '../../../integrations/file-exchange/index.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { resultRows } from '../db/database.ts';
import { exchangeExports, providers, syncEntities } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { contentHash } from '../sync/canonical.ts';
import { ensureFolders, foldersOf } from './folders.ts';
import { readExchangeSettings } from './settings.ts';

export interface ExportResult {
  status: 'written' | 'unchanged' | 'done-before' | 'no-attest';
  files: string[];
}

const attestRow = z.object({
  payload: z.object({
    periodStart: z.string(),
    attestedAt: z.string(),
    version: z.number().int().optional(),
    figures: attestFigures.optional(),
  }),
});

/** The attested months that have no export yet (latest version per provider and month). */
export async function monthsToExport(
  ctx: ServerContext,
): Promise<{ providerId: string; month: string; attestVersion: number }[]> {
  const res = await ctx.database.db.execute(sql`
    SELECT a.provider_id, a.month, a.version FROM (
      SELECT provider_id, substr(payload->>'periodStart', 1, 7) AS month,
             max(coalesce((payload->>'version')::int, 1)) AS version
      FROM pushed_items WHERE type = 'attestation' AND payload->'figures' IS NOT NULL
      GROUP BY 1, 2) a
    WHERE NOT EXISTS (SELECT 1 FROM exchange_exports e
      WHERE e.provider_id = a.provider_id AND e.month = a.month AND e.attest_version = a.version)`);
  return z
    .array(z.object({ provider_id: z.string(), month: z.string(), version: z.coerce.number() }))
    .parse(resultRows(res))
    .map((r) => ({ providerId: r.provider_id, month: r.month, attestVersion: r.version }));
}

function fileNames(providerId: string, month: string, version: number) {
  return {
    bfu: `bfu-back_${providerId}_${month}_v${version}.xml`,
    mfu: `mfu-time_${providerId}_${month}_v${version}.csv`,
  };
}

function writeAtomically(dir: string, name: string, body: string | Buffer): string {
  const tmp = path.join(dir, `.${name}.tmp`);
  writeFileSync(tmp, body, { flush: true });
  const file = path.join(dir, name);
  renameSync(tmp, file);
  return file;
}

export async function exportMonth(
  ctx: ServerContext,
  providerId: string,
  month: string,
  attestVersion?: number,
): Promise<ExportResult> {
  const db = ctx.database.db;
  const [provider] = await db.select().from(providers).where(eq(providers.id, providerId));
  if (!provider) throw new AdminError('admin.notFound', `no provider ${providerId}`);
  const attests = z.array(attestRow).parse(
    resultRows(
      await db.execute(sql`
        SELECT payload FROM pushed_items
        WHERE type = 'attestation' AND provider_id = ${providerId} AND payload->>'periodStart' = ${`${month}-01`}
        ORDER BY coalesce((payload->>'version')::int, 1) DESC, received_at DESC`),
    ),
  );
  const attest = attests.find(
    (a) => attestVersion === undefined || (a.payload.version ?? 1) === attestVersion,
  );
  if (!attest?.payload.figures) return { status: 'no-attest', files: [] };
  const version = attest.payload.version ?? 1;
  const figures = attest.payload.figures;
  const hash = contentHash(figures.rows);

  const done = await db
    .select()
    .from(exchangeExports)
    .where(and(eq(exchangeExports.providerId, providerId), eq(exchangeExports.month, month)))
    .orderBy(desc(exchangeExports.attestVersion));
  if (done.some((d) => d.attestVersion === version)) return { status: 'done-before', files: [] };
  const previous = done[0];
  if (previous && previous.figuresHash === hash) {
    await db.transaction(async (tx) => {
      await tx
        .insert(exchangeExports)
        .values({ providerId, month, attestVersion: version, figuresHash: hash, files: [] });
      await recordAudit(tx, {
        action: 'exchange.exported',
        actor: 'server',
        municipalityId: provider.municipalityId,
        providerId,
        details: { month, attestVersion: version, unchanged: true },
      });
    });
    return { status: 'unchanged', files: [] };
  }

  const orders = (
    await db
      .select({ data: syncEntities.data })
      .from(syncEntities)
      .where(
        and(
          eq(syncEntities.providerId, providerId),
          eq(syncEntities.entity, 'order'),
          eq(syncEntities.deleted, false),
        ),
      )
  ).flatMap((r) => {
    const o = orderSchema.safeParse(r.data);
    return o.success ? [o.data] : [];
  });
  const first = `${month}-01`;
  const last = `${month}-31`;
  const orderFor = (row: FigureRow) =>
    orders
      .filter(
        (o) =>
          o.recipientId === row.recipientId &&
          o.validFrom <= last &&
          (o.validTo === null || o.validTo >= first) &&
          o.services.some((s) => s.code === row.serviceCode),
      )
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];

  const grouped = new Map<string, BfuBackDocument['orders'][number]>();
  const timeRows: MfuTimeRow[] = [];
  for (const row of figures.rows) {
    const order = orderFor(row);
    const key = `${order?.id ?? ''}\u0000${row.recipientId}`;
    const entry = grouped.get(key) ?? {
      orderId: order?.id ?? null,
      orderVersion: order?.version ?? null,
      recipientId: row.recipientId,
      status: 'notPerformed' as const,
      services: [],
    };
    entry.services.push({
      code: row.serviceCode,
      grantedMinutes: Math.max(0, row.grantedMinutes),
      plannedMinutes: Math.max(0, row.plannedMinutes),
      performedMinutes: Math.max(0, row.performedMinutes),
      deviations: Math.max(0, row.deviations),
    });
    if (row.performedMinutes > 0) entry.status = 'performed';
    grouped.set(key, entry);
    timeRows.push({
      month,
      providerId,
      customerNumber: row.recipientId,
      orderId: order?.id ?? null,
      serviceCode: row.serviceCode,
      serviceName: row.serviceName,
      grantedMinutes: row.grantedMinutes,
      performedMinutes: row.performedMinutes,
      deviations: row.deviations,
      attestVersion: version,
    });
  }
  const doc: BfuBackDocument = {
    municipalityId: provider.municipalityId,
    providerId,
    month,
    version,
    attestedAt: attest.payload.attestedAt,
    createdAt: ctx.now().toISOString(),
    orders: [...grouped.values()],
  };
  const settings = await readExchangeSettings(db, provider.municipalityId);
  const folders = foldersOf(ctx.paths, provider.municipalityId);
  ensureFolders(folders);
  const names = fileNames(providerId, month, version);
  const files = [
    writeAtomically(folders.out, names.bfu, writeBfuBack(doc)),
    writeAtomically(folders.out, names.mfu, writeMfuTime(timeRows, settings.timeColumns)),
  ];
  await db.transaction(async (tx) => {
    await tx
      .insert(exchangeExports)
      .values({ providerId, month, attestVersion: version, figuresHash: hash, files: [names.bfu, names.mfu] })
      .onConflictDoNothing();
    await recordAudit(tx, {
      action: 'exchange.exported',
      actor: 'server',
      municipalityId: provider.municipalityId,
      providerId,
      details: { month, attestVersion: version, files: [names.bfu, names.mfu] },
    });
  });
  ctx.log.info({ providerId, month, attestVersion: version }, 'exchange: month exported');
  return { status: 'written', files };
}
