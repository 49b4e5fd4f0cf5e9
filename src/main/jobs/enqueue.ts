// Adding a job, inside the transaction of the change that causes it (Signal Desktop's JobQueue
// pattern: a plan and its notice commit together or not at all).
import type Database from 'better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import type { EnqueueOptions, EnqueueResult, JobKind } from '../../shared/jobs/index.ts';
import type { QueueContext } from './types.ts';

/**
 * A key seen before answers `duplicate` (it does not throw: that would roll back the caller's
 * change too). A coalesce key with a job still waiting folds this one into it: latest payload
 * wins, and it runs no later than either asked.
 */
export function enqueueJob<P>(
  ctx: QueueContext,
  tx: Database.Database,
  kind: JobKind<P>,
  payload: P,
  opts: EnqueueOptions,
): EnqueueResult {
  if (tx !== ctx.data.sqlite)
    throw new Error('enqueue: the transaction must be on the queue’s own connection');
  if (!tx.inTransaction)
    throw new Error('enqueue: call it inside the transaction of the change that causes it');
  if (ctx.kinds.get(kind.kind) !== (kind as JobKind))
    throw new Error(`enqueue: job kind ${kind.kind} is not registered`);
  const checked = kind.payload.safeParse(payload);
  if (!checked.success) throw new CareDockError('jobs.payloadInvalid', { kind: kind.kind });
  const json = JSON.stringify(checked.data);
  const now = ctx.now();
  const runAt = opts.runAt ?? now;
  const existing = ctx.data.idByKey(opts.key);
  if (existing !== undefined) return { outcome: 'duplicate', id: String(existing) };
  if (opts.coalesceKey !== undefined) {
    const pending = ctx.data.pendingIdByCoalesce(opts.coalesceKey);
    if (pending !== undefined) {
      ctx.data.coalesceInto(pending, json, opts.key, runAt, now);
      ctx.wakeAfterCommit(kind.channel);
      return { outcome: 'coalesced', id: String(pending) };
    }
  }
  const id = ctx.data.insert(
    {
      kind: kind.kind,
      channel: kind.channel,
      payload: json,
      key: opts.key,
      coalesceKey: opts.coalesceKey ?? null,
      maxAttempts: kind.maxAttempts,
      runAt,
    },
    now,
  );
  if (id === null) return { outcome: 'duplicate', id: String(ctx.data.idByKey(opts.key)) };
  ctx.wakeAfterCommit(kind.channel);
  return { outcome: 'created', id: String(id) };
}
