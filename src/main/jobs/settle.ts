// Recording what the adapters answered, a batch per IMMEDIATE transaction. Of pg-boss we keep the
// retry and dead-letter semantics: a retry limit per kind, full-jitter exponential backoff between
// attempts (shared/jobs/backoff.ts), and a terminal state that keeps the last error.
import type { ErrorCode, ErrorParams } from '../../shared/errors/index.ts';
import { backoffDelayMs, type JobState } from '../../shared/jobs/index.ts';
import { paramsJson } from './summary.ts';
import type { LeasedJob, QueueContext, Settlement, SettleResult } from './types.ts';

/** A stale claim's outcome (its lease ended or was taken over) is refused, not recorded. */
export function settleBatch(ctx: QueueContext, channel: string, batch: readonly Settlement[]): SettleResult {
  if (batch.length === 0) return { stale: [], paused: null };
  return ctx.data.sqlite
    .transaction((): SettleResult => {
      const now = ctx.now();
      const stale: number[] = [];
      let paused: SettleResult['paused'] = null;
      let anySent = false;
      let anyFailed = false;
      const done = (job: LeasedJob, ref: string | undefined) => {
        const ok = ctx.data.markDone(job.id, job.token, ref ?? null, now);
        anySent ||= ok;
        return ok;
      };
      // The fence, read: the claim's token still holds a live lease.
      const holds = (job: LeasedJob) => {
        const r = ctx.data.byId(job.id);
        return (
          r !== undefined && r.state === 'running' && r.lease_token === job.token && r.next_attempt_at > now
        );
      };
      const fail = (
        job: LeasedJob,
        state: JobState,
        next: number,
        code: ErrorCode,
        p: ErrorParams | undefined,
        keepSendMark: boolean,
        giveBack: 0 | 1,
      ) => {
        // A job that waits again must not meet a newer one of its key waiting (one waits per key).
        if ((state === 'retry' || state === 'waiting') && job.coalesceKey !== null && holds(job)) {
          // It may have gone out: folding a newer payload into it would hide that. A person decides.
          if (keepSendMark) {
            if (ctx.data.pendingIdByCoalesce(job.coalesceKey) !== undefined) state = 'parked';
          } else ctx.data.foldWaitingInto(job.id, job.coalesceKey, now);
        }
        return ctx.data.markFailed(
          job.id,
          job.token,
          {
            state,
            nextAttemptAt: next,
            code,
            params: paramsJson(p),
            sendMark: keepSendMark ? now : null,
            giveBack,
          },
          now,
        );
      };
      // Parked keeps its send mark: a person's "send again" clears it on purpose (retry).
      const park = (job: LeasedJob, code: ErrorCode, p: ErrorParams | undefined) =>
        fail(job, 'parked', now, code, p, true, 0);

      for (const item of batch) {
        const { job } = item;
        let recorded: boolean;
        if ('resolution' in item) {
          const res = item.resolution;
          recorded = res.status === 'sent' ? done(job, res.ref) : park(job, res.code, res.params);
        } else {
          const o = item.outcome;
          switch (o.status) {
            case 'sent':
              recorded = done(job, o.ref);
              break;
            case 'retry':
            case 'unknown': {
              const keepMark = o.status === 'unknown' && job.kind.delivery === 'at-most-once';
              if (job.attempt >= job.kind.maxAttempts) {
                // Out of attempts. An outcome nobody knows is a person's to decide, never dead.
                recorded = keepMark
                  ? park(job, o.code, o.params)
                  : fail(job, 'dead', now, o.code, o.params, false, 0);
              } else {
                const wait = Math.max(
                  backoffDelayMs(job.kind.backoff, job.attempt, ctx.random),
                  o.status === 'retry' ? (o.retryAfterMs ?? 0) : 0,
                );
                recorded = fail(job, 'retry', now + wait, o.code, o.params, keepMark, 0);
              }
              anyFailed = true;
              break;
            }
            case 'permanent':
              recorded = fail(job, 'dead', now, o.code, o.params, false, 0);
              anyFailed = true;
              break;
            case 'pause':
              // The channel is misconfigured, not the job: it waits with its attempt given back.
              recorded = fail(job, 'waiting', now, o.code, o.params, false, 1);
              if (recorded && paused === null) paused = { code: o.code, params: o.params ?? {} };
              anyFailed = true;
              break;
          }
        }
        if (!recorded) stale.push(job.id);
      }
      if (paused)
        ctx.data.setPause(channel, {
          paused: true,
          by: 'auto',
          code: paused.code,
          paramsJson: paramsJson(paused.params),
          at: now,
        });
      if (anySent) ctx.data.markHealthy(channel);
      else if (anyFailed) ctx.data.markFailing(channel, now);
      return { stale, paused };
    })
    .immediate();
}
