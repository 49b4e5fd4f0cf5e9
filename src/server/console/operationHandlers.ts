// The server queue, the audit log and the console's own accounts.
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { consoleOperationProcedures } from '../../shared/console/operations.ts';
import { recordAudit } from '../audit.ts';
import { serverAudit } from '../db/schema.ts';
import type { JobAdmin } from '../../shared/jobs/contract.ts';
import { accountRow, createAccount, listAccounts, resetAccount, updateAccount } from './accounts.ts';
import { actorOf, type Handlers, type SignedInCall } from './handlerTypes.ts';

async function jobs(call: SignedInCall): Promise<JobAdmin> {
  return (await call.queue()).admin;
}

export const operationHandlers: Handlers<keyof typeof consoleOperationProcedures> = {
  'queue.channels': async (call) => (await jobs(call)).channels(),
  'queue.list': async (call, input) => (await jobs(call)).list(input),
  'queue.retry': async (call, { id }) => {
    const job = await (await jobs(call)).retry(id);
    await recordAudit(call.ctx.database.db, {
      action: 'console.jobRetried',
      actor: actorOf(call),
      details: { jobId: id, channel: job.channel },
    });
    return job;
  },
  'queue.discard': async (call, { id, reason }) => {
    const job = await (await jobs(call)).discard(id, reason, actorOf(call));
    await recordAudit(call.ctx.database.db, {
      action: 'console.jobDiscarded',
      actor: actorOf(call),
      details: { jobId: id, channel: job.channel, reason },
    });
    return job;
  },
  'audit.list': async ({ ctx }, input) => {
    const rows = await ctx.database.db
      .select()
      .from(serverAudit)
      .where(
        and(
          input.action === undefined ? undefined : eq(serverAudit.action, input.action),
          input.actor === undefined ? undefined : eq(serverAudit.actor, input.actor),
          input.providerId === undefined ? undefined : eq(serverAudit.providerId, input.providerId),
          input.since === undefined ? undefined : gte(serverAudit.at, new Date(input.since)),
          input.until === undefined ? undefined : lte(serverAudit.at, new Date(input.until)),
        ),
      )
      .orderBy(desc(serverAudit.id))
      .limit(input.limit);
    return rows.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      action: r.action,
      actor: r.actor,
      municipalityId: r.municipalityId,
      providerId: r.providerId,
      workstationId: r.workstationId,
      details:
        typeof r.details === 'object' && r.details !== null ? (r.details as Record<string, unknown>) : {},
    }));
  },
  'accounts.list': async ({ ctx }) => (await listAccounts(ctx)).map(accountRow),
  'accounts.create': async (call, input) => {
    const made = await createAccount(call.ctx, input, actorOf(call));
    return { account: accountRow(made.account), initialPassword: made.initialPassword };
  },
  'accounts.update': async (call, input) => accountRow(await updateAccount(call.ctx, input, actorOf(call))),
  'accounts.reset': async (call, { username }) => {
    const made = await resetAccount(call.ctx, username, actorOf(call));
    return { account: accountRow(made.account), initialPassword: made.initialPassword };
  },
};
