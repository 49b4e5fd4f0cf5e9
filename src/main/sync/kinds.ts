// Sync's own work on the job queue, channel 'sync': a pass (clock, push, pull) and the daily
// reconciliation. Each is a recurring job with a coalesce key, so at most one of each waits; the
// queue's full-jitter backoff spaces retries and its channel pause is sync's pause.
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';

export const SYNC_CHANNEL = 'sync';

export const syncPassJob = defineJobKind({
  kind: 'sync.pass',
  channel: SYNC_CHANNEL,
  payload: z.object({ reason: z.enum(['loop', 'nudge', 'retry', 'install']) }).strict(),
  // After this many failures in a row the job is dead and the loop starts a fresh one.
  maxAttempts: 50,
  backoff: { baseMs: 1_000, capMs: 5 * 60_000 },
  // A pass over a long outbox on a slow line: the lease must outlast it, or it would run twice.
  leaseMs: 30 * 60_000,
  // A pass repeated is harmless: the server answers duplicate for what it already has.
  delivery: 'at-least-once',
});

export const syncReconcileJob = defineJobKind({
  kind: 'sync.reconcile',
  channel: SYNC_CHANNEL,
  payload: z.object({}).strict(),
  maxAttempts: 8,
  backoff: { baseMs: 5_000, capMs: 30 * 60_000 },
  leaseMs: 30 * 60_000,
  delivery: 'at-least-once',
});

export const syncJobKinds = [syncPassJob, syncReconcileJob] as const;
