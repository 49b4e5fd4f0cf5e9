// The evidence record. Each change that matters as evidence — a push with accepted items, an
// enrolment, a revocation, an admin change — writes one row of server_audit in the transaction
// of the change itself, so the record is exactly as durable as the data: committed together or
// not at all. The log line each of them also writes is a copy for people reading logs; a log
// line can be lost with the process, a row cannot once the answer has gone out.
import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { externalIdSchema } from '../shared/sync/ids.ts';
import type { Queryable } from './db/database.ts';
import { serverAudit } from './db/schema.ts';

export const AUDIT_ACTIONS = [
  'push.accepted',
  'workstation.enrolled',
  'workstation.revoked',
  'workstation.certificateRenewed',
  'enrolmentCode.created',
  'municipality.added',
  'provider.added',
  'providerAddress.added',
  'providerAddress.removed',
  'entity.stored',
  'entity.deleted',
  'tombstones.purged',
  'person.exported',
  'person.erased',
  'exchange.imported',
  'exchange.refused',
  'exchange.exported',
  'inbox.settings',
  'inbox.consent',
  'tweb.settings',
  'console.signedIn',
  'console.signInFailed',
  'console.signedOut',
  'console.passwordChanged',
  'console.totpEnrolled',
  'console.recoveryCodeUsed',
  'console.accountCreated',
  'console.accountChanged',
  'console.accountReset',
  'console.recipientOpened',
  'console.jobRetried',
  'console.jobDiscarded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  /** 'admin' (the admin token or the server host's CLI), 'workstation:<id>', 'enrolment', 'server'. */
  actor: string;
  municipalityId?: string | null;
  providerId?: string | null;
  workstationId?: string | null;
  /** Never a secret, a personnummer or an enrolment code. */
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.insert(serverAudit).values({
    action: entry.action,
    actor: entry.actor,
    municipalityId: entry.municipalityId ?? null,
    providerId: entry.providerId ?? null,
    workstationId: entry.workstationId ?? null,
    details: entry.details ?? {},
  });
}

export const listAuditInput = z.object({
  /** Rows after this id (paging). */
  afterId: z.coerce.bigint().min(0n).optional(),
  providerId: externalIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actor: string;
  municipalityId: string | null;
  providerId: string | null;
  workstationId: string | null;
  details: unknown;
}

export async function listAudit(db: Queryable, input: z.output<typeof listAuditInput>): Promise<AuditRow[]> {
  const rows = await db
    .select()
    .from(serverAudit)
    .where(
      and(
        input.afterId === undefined ? undefined : gt(serverAudit.id, input.afterId),
        input.providerId === undefined ? undefined : eq(serverAudit.providerId, input.providerId),
      ),
    )
    .orderBy(asc(serverAudit.id))
    .limit(input.limit ?? 1000);
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor,
    municipalityId: r.municipalityId,
    providerId: r.providerId,
    workstationId: r.workstationId,
    details: r.details,
  }));
}
