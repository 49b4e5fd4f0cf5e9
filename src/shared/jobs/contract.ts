// The one job contract both queues keep (workstation: src/main/jobs on SQLite; central server:
// src/server/jobs on pg-boss) and every adapter in integrations/ answers to. Types and zod only:
// src/shared imports nothing of ours, so the renderer, the core, the server and the adapters all
// read the same words.
import { z } from 'zod';
import type { ErrorCode, ErrorParams } from '../errors/index.ts';

/**
 * A job's life. `retry` is "failed, will retry" (pg-boss's name for it); `parked` waits for a
 * person because CareDock cannot tell whether the outside system acted (an SMS that may have
 * gone out); `dead` tried its last time, or was refused for good, or was discarded.
 */
export const jobStates = ['waiting', 'running', 'retry', 'done', 'dead', 'parked'] as const;
export type JobState = (typeof jobStates)[number];

/**
 * What an adapter answers for one attempt.
 * - `sent`: the outside system took it; `ref` is its id for the message (delivery status, logs).
 * - `retry`: not done, try again after the kind's backoff (or `retryAfterMs` when the system said).
 * - `permanent`: will never work as it stands (a refused address): dead at once.
 * - `unknown`: the request may have reached the system (a timeout after sending): never sent again
 *   blindly — the next attempt first asks the adapter to resolve it, and parks it if it cannot.
 * - `pause`: the whole channel is misconfigured (authentication, TLS): the job waits unharmed and
 *   the channel's runner pauses with this code as the message for the admin.
 */
export type Outcome =
  | { status: 'sent'; ref?: string }
  | { status: 'retry'; code: ErrorCode; params?: ErrorParams; retryAfterMs?: number }
  | { status: 'permanent'; code: ErrorCode; params?: ErrorParams }
  | { status: 'unknown'; code: ErrorCode; params?: ErrorParams }
  | { status: 'pause'; code: ErrorCode; params?: ErrorParams };

/** What an adapter finds when asked whether an attempt of unknown outcome went through. */
export type Resolution =
  | { status: 'sent'; ref?: string }
  | { status: 'not-sent' }
  | { status: 'unknown'; code: ErrorCode; params?: ErrorParams };

/**
 * At-least-once: a crash may repeat an attempt (email: a duplicate is a nuisance, not harm).
 * At-most-once: the queue records that a send started, and an attempt whose outcome it never
 * learnt is resolved from the outside system's log or parked (SMS, the 1177 inbox).
 */
export type Delivery = 'at-least-once' | 'at-most-once';

export interface Backoff {
  /** The first retry waits up to this long; each later one doubles the ceiling. */
  baseMs: number;
  /** No wait ever exceeds this. */
  capMs: number;
}

/** One kind of job: its payload's schema and its retry policy. Both queues read the same spec. */
export interface JobKind<P = unknown> {
  readonly kind: string;
  /** The runner (one per outside system) that carries this kind: 'email', 'sms', 'calendar'. */
  readonly channel: string;
  readonly payload: z.ZodType<P>;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  /** How long one attempt may hold the job before another runner may take it over. */
  readonly leaseMs: number;
  readonly delivery: Delivery;
}

export function defineJobKind<P>(spec: JobKind<P>): JobKind<P> {
  if (!Number.isInteger(spec.maxAttempts) || spec.maxAttempts < 1)
    throw new Error(`job kind ${spec.kind}: maxAttempts must be a whole number ≥ 1`);
  if (spec.backoff.baseMs <= 0 || spec.backoff.capMs < spec.backoff.baseMs)
    throw new Error(`job kind ${spec.kind}: backoff needs 0 < baseMs ≤ capMs`);
  if (spec.leaseMs < 1000) throw new Error(`job kind ${spec.kind}: leaseMs must be at least 1000`);
  return spec;
}

export interface EnqueueOptions {
  /** Unique over all jobs: a second enqueue with the same key is refused (answers `duplicate`). */
  key: string;
  /**
   * Jobs of one coalesce key never run at the same time, and a new one that finds one still
   * waiting replaces that one's payload instead of queueing behind it (latest wins): several quick
   * changes to one plan become one calendar update.
   */
  coalesceKey?: string;
  /** Not before this time (ms since the epoch). */
  runAt?: number;
}

export type EnqueueResult =
  | { outcome: 'created'; id: string }
  | { outcome: 'duplicate'; id: string }
  | { outcome: 'coalesced'; id: string };

/** One job as the admin views list it; never carries the payload (it may hold personal data). */
export const jobSummary = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.string(),
  state: z.enum(jobStates),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  key: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastErrorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  ref: z.string().nullable(),
  discardReason: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummary>;

export const channelState = z.object({
  channel: z.string(),
  paused: z.boolean(),
  pausedBy: z.enum(['admin', 'auto']).nullable(),
  pauseCode: z.string().nullable(),
  pauseParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  pausedAt: z.string().nullable(),
  /** Since when every attempt has failed; null while the last attempt went through. */
  failingSince: z.string().nullable(),
  counts: z.record(z.enum(jobStates), z.number().int()),
});
export type ChannelState = z.infer<typeof channelState>;

/** What the admin view and the CLI can do on either queue. */
export interface JobAdmin {
  list(filter: { state?: JobState; channel?: string; limit?: number }): Promise<JobSummary[]>;
  channels(): Promise<ChannelState[]>;
  /** dead, parked or waiting-to-retry → waiting now, with its attempts counted afresh. */
  retry(id: string): Promise<JobSummary>;
  /** A parked job a person checked: it did go out. */
  markSent(id: string): Promise<JobSummary>;
  discard(id: string, reason: string, actor: string): Promise<JobSummary>;
  pause(channel: string, actor: string): Promise<void>;
  resume(channel: string, actor: string): Promise<void>;
}
