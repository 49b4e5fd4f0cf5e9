// Enrolled workstations: list and revoke. Revocation is a row flag checked on every request
// (the server is the only party that relies on these certificates, so no CRL is needed).
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { uuidSchema } from '../../shared/sync/ids.ts';
import type { ServerContext } from '../context.ts';
import { workstations } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { parseInput } from './organisations.ts';
import { recordAudit } from '../audit.ts';

export const revokeWorkstationInput = z.object({
  workstationId: uuidSchema,
  reason: z.string().max(500).optional(),
});

export interface WorkstationRow {
  id: string;
  providerId: string;
  name: string;
  certSerial: string;
  certNotAfter: string;
  /** When the workstation last renewed its certificate over the channel (null: never). */
  renewedAt: string | null;
  enrolledAt: string;
  revokedAt: string | null;
}

export async function listWorkstations(ctx: ServerContext, providerId?: string): Promise<WorkstationRow[]> {
  const rows = await ctx.database.db
    .select()
    .from(workstations)
    .where(providerId === undefined ? undefined : eq(workstations.providerId, providerId))
    .orderBy(workstations.enrolledAt);
  return rows.map((w) => ({
    id: w.id,
    providerId: w.providerId,
    name: w.name,
    certSerial: w.certSerial,
    certNotAfter: w.certNotAfter.toISOString(),
    renewedAt: w.renewedAt?.toISOString() ?? null,
    enrolledAt: w.enrolledAt.toISOString(),
    revokedAt: w.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeWorkstation(
  ctx: ServerContext,
  input: z.input<typeof revokeWorkstationInput>,
  actor = 'admin',
): Promise<void> {
  const { workstationId, reason } = parseInput(revokeWorkstationInput, input);
  const done = await ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .update(workstations)
      .set({ revokedAt: ctx.now(), revokedReason: reason ?? null })
      .where(and(eq(workstations.id, workstationId), isNull(workstations.revokedAt)))
      .returning({ id: workstations.id, providerId: workstations.providerId });
    for (const r of rows)
      await recordAudit(tx, {
        action: 'workstation.revoked',
        actor,
        providerId: r.providerId,
        workstationId,
        details: reason === undefined ? {} : { reason },
      });
    return rows;
  });
  if (done.length === 0) {
    const [exists] = await ctx.database.db
      .select({ id: workstations.id })
      .from(workstations)
      .where(eq(workstations.id, workstationId));
    if (!exists) throw new AdminError('admin.notFound', `no workstation ${workstationId}`);
    return; // already revoked: revoking twice is harmless
  }
  ctx.log.warn({ workstationId, reason }, 'workstation revoked');
}
