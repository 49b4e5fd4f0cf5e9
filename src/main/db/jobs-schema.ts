import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobStates } from '../../shared/jobs/index.ts';

/**
 * One row per job (the jobs area's, src/main/jobs/; see its queue.ts for why this is our own table and not liteque's). Times are ms
 * since the epoch: the runner compares them on every claim. For a running job `next_attempt_at`
 * is its lease's end — the moment another runner may take it over — so one index serves both
 * "ready to run" and "lease expired".
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    payload: text('payload').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    coalesceKey: text('coalesce_key'),
    state: text('state', { enum: jobStates }).notNull().default('waiting'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** The fencing token: raised by every claim; a mark must name the current one. */
    leaseToken: integer('lease_token').notNull().default(0),
    /** Set when an at-most-once attempt may have reached the outside system and its answer is not yet recorded. */
    sendStartedAt: integer('send_started_at'),
    lastErrorCode: text('last_error_code'),
    lastErrorParams: text('last_error_params'),
    /** The outside system's id for what was sent (an SMS gateway's job id). */
    ref: text('ref'),
    discardReason: text('discard_reason'),
    discardedBy: text('discarded_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    doneAt: integer('done_at'),
  },
  (t) => [
    uniqueIndex('jobs_idempotency_key').on(t.idempotencyKey),
    index('jobs_claim').on(t.channel, t.state, t.nextAttemptAt),
    // At most one job per coalesce key waits; a later enqueue replaces its payload.
    uniqueIndex('jobs_coalesce_pending')
      .on(t.coalesceKey)
      .where(sql`state in ('waiting', 'retry') and coalesce_key is not null`),
    // "Is this gateway id already one of our sends?" when resolving an unanswered SMS.
    index('jobs_ref')
      .on(t.ref)
      .where(sql`ref is not null`),
    index('jobs_coalesce_running')
      .on(t.coalesceKey)
      .where(sql`state = 'running' and coalesce_key is not null`),
    // What became of a plan's last calendar change (the planning board's calendar state).
    index('jobs_coalesce_latest')
      .on(t.coalesceKey, t.id)
      .where(sql`coalesce_key is not null`),
  ],
);

/** Per channel: paused or not (by an admin, or by the runner on an authentication or TLS failure). */
export const jobChannels = sqliteTable('job_channels', {
  channel: text('channel').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  pausedBy: text('paused_by', { enum: ['admin', 'auto'] }),
  pauseCode: text('pause_code'),
  pauseParams: text('pause_params'),
  pausedAt: integer('paused_at'),
  failingSince: integer('failing_since'),
});
