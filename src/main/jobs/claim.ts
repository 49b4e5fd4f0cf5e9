// Taking due jobs for a runner: a claim raises the row's fencing token and sets its next attempt
// time to the lease's end, so an expired lease makes the job claimable again (liteque's
// allocation id, as a proper fencing token).
import type { QueueContext, LeasedJob } from './types.ts';
import type { JobRow } from './data.ts';

/**
 * Up to `max` jobs of a channel that are due: waiting, due to retry, or running with a lease that
 * has ended (their runner died or hung). One IMMEDIATE transaction for the batch.
 */
export function claimJobs(ctx: QueueContext, channel: string, max: number): LeasedJob[] {
  if (max <= 0) return [];
  return ctx.data.sqlite
    .transaction(() => {
      const now = ctx.now();
      const candidates = (['waiting', 'retry', 'running'] as const)
        .flatMap((state) => ctx.data.ready(channel, state, now, max))
        .sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id);
      const leased: LeasedJob[] = [];
      const coalesceTaken = new Set<string>();
      for (const row of candidates) {
        if (leased.length >= max) break;
        if (row.coalesce_key !== null) {
          if (coalesceTaken.has(row.coalesce_key)) continue;
          if (ctx.data.coalesceBusy(row.coalesce_key, row.id, now)) continue;
        }
        const job = lease(ctx, row, now);
        if (job) {
          leased.push(job);
          if (row.coalesce_key !== null) coalesceTaken.add(row.coalesce_key);
        }
      }
      return leased;
    })
    .immediate();
}

function lease(ctx: QueueContext, row: JobRow, now: number): LeasedJob | null {
  const kind = ctx.kinds.get(row.kind);
  if (!kind) {
    ctx.data.markTerminal(
      row.id,
      row.lease_token,
      'dead',
      'jobs.unknownKind',
      JSON.stringify({ kind: row.kind }),
      now,
    );
    return null;
  }
  const mayHaveSent = kind.delivery === 'at-most-once' && row.send_started_at !== null;
  if (row.state === 'running' && !mayHaveSent && row.attempts >= row.max_attempts) {
    ctx.data.markTerminal(row.id, row.lease_token, 'dead', 'jobs.leaseExpired', null, now);
    return null;
  }
  const parsed = kind.payload.safeParse(JSON.parse(row.payload));
  if (!parsed.success) {
    ctx.data.markTerminal(
      row.id,
      row.lease_token,
      'dead',
      'jobs.payloadInvalid',
      JSON.stringify({ kind: row.kind }),
      now,
    );
    return null;
  }
  const leaseUntil = now + kind.leaseMs;
  // At-most-once: the claim itself records that a send starts, in the same commit, so a crash
  // at any later point leaves a mark that the next claim must resolve before sending again.
  const sendStarted = kind.delivery === 'at-most-once' ? now : null;
  if (!ctx.data.claim(row.id, row.lease_token, leaseUntil, sendStarted, now)) return null;
  return {
    id: row.id,
    token: row.lease_token + 1,
    kind,
    payload: parsed.data,
    attempt: row.attempts + 1,
    needsResolve: mayHaveSent,
    leaseUntil,
    coalesceKey: row.coalesce_key,
  };
}
