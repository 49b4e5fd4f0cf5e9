// The workstation's durable job queue: one SQLite table in the product's own database.
//
// Why our own table and not liteque: liteque (karakeep-app/liteque) opens its own database
// through its own drizzle client and its enqueue is async, so a job cannot commit in the same
// better-sqlite3 transaction as the plan that causes it — which is the one thing this queue must
// do. It also deletes finished jobs, where the admin view and reconciliation need to see what
// went out. The pieces: enqueue.ts (in the caller's transaction), claim.ts (leases with a fencing
// token), settle.ts (outcomes, backoff, dead and parked), admin.ts (what a person does), data.ts
// (the tables). Every write is synchronous; claims and marks each take one IMMEDIATE transaction
// for a whole batch, so a no-op adapter runs thousands of jobs per fsync.
import type Database from 'better-sqlite3';
import type { ErrorCode, ErrorParams } from '../../shared/errors/index.ts';
import type {
  ChannelState,
  EnqueueOptions,
  EnqueueResult,
  JobKind,
  JobState,
  JobSummary,
} from '../../shared/jobs/index.ts';
import * as admin from './admin.ts';
import { claimJobs } from './claim.ts';
import { JobData } from './data.ts';
import { enqueueJob } from './enqueue.ts';
import { settleBatch } from './settle.ts';
import { summary } from './summary.ts';
import type { AuditHook, LeasedJob, QueueContext, Settlement, SettleResult } from './types.ts';

export type { AuditHook, LeasedJob, Settlement, SettleResult } from './types.ts';

export interface JobQueueOptions {
  sqlite: Database.Database;
  kinds: readonly JobKind<never>[] | readonly JobKind[];
  now?: () => number;
  random?: () => number;
  audit?: AuditHook;
}

export class JobQueue {
  readonly #ctx: QueueContext;
  readonly #kinds = new Map<string, JobKind>();
  readonly #listeners = new Set<(channel: string) => void>();
  readonly #wakePending = new Set<string>();

  constructor(opts: JobQueueOptions) {
    for (const k of opts.kinds as readonly JobKind[]) {
      if (this.#kinds.has(k.kind)) throw new Error(`job kind ${k.kind} registered twice`);
      this.#kinds.set(k.kind, k);
    }
    this.#ctx = {
      data: new JobData(opts.sqlite),
      kinds: this.#kinds,
      now: opts.now ?? Date.now,
      random: opts.random ?? Math.random,
      audit: opts.audit ?? (() => undefined),
      wakeAfterCommit: (channel) => this.#scheduleWake(channel),
      wakeNow: (channel) => {
        for (const l of this.#listeners) l(channel);
      },
    };
  }

  kind(name: string): JobKind | undefined {
    return this.#kinds.get(name);
  }

  channelsOfKinds(): string[] {
    return [...new Set([...this.#kinds.values()].map((k) => k.channel))];
  }

  /** Called (after the enqueuing transaction) with the channel that has new work. */
  onEnqueued(listener: (channel: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #scheduleWake(channel: string): void {
    if (this.#wakePending.has(channel)) return;
    this.#wakePending.add(channel);
    // After the caller's (synchronous) transaction has committed or rolled back.
    setImmediate(() => {
      this.#wakePending.delete(channel);
      this.#ctx.wakeNow(channel);
    });
  }

  /** Adds a job inside the caller's open transaction on the same connection (enqueue.ts). */
  enqueue<P>(tx: Database.Database, kind: JobKind<P>, payload: P, opts: EnqueueOptions): EnqueueResult {
    return enqueueJob(this.#ctx, tx, kind, payload, opts);
  }

  /** Takes up to `max` due jobs of a channel (claim.ts). */
  claim(channel: string, max: number): LeasedJob[] {
    return claimJobs(this.#ctx, channel, max);
  }

  /** Records the outcomes of a batch in one transaction; a stale claim's outcome is refused. */
  settle(channel: string, batch: readonly Settlement[]): SettleResult {
    return settleBatch(this.#ctx, channel, batch);
  }

  /** Up to `limit` finished (done or dead) jobs last changed before `beforeMs`: what retention removes. */
  expireFinished(beforeMs: number, limit: number): number {
    return this.#ctx.data.expireFinished(beforeMs, limit);
  }

  /**
   * At start, before any runner: every running job's lease belongs to a process that no longer
   * exists (the data folder's lock admits one process), so it may be taken over now rather than
   * when the lease would have ended. At-most-once jobs keep their send mark and are resolved.
   */
  releaseOrphanedLeases(): number {
    return this.#ctx.data.releaseRunning(this.#ctx.now());
  }

  /** Whether an outside system's id already belongs to one of our finished jobs. */
  refRecorded(ref: string): boolean {
    return this.#ctx.data.refRecorded(ref);
  }

  /** When the channel's next job falls due (a retry's time, or a running job's lease end). */
  nextDueAt(channel: string): number | null {
    return this.#ctx.data.nextDue(channel);
  }

  /** The connection jobs are enqueued on: the caller's transaction must be on it. */
  get connection(): Database.Database {
    return this.#ctx.data.sqlite;
  }

  /** The unfinished jobs of a coalesce key (a recurring job such as a sync pass looks for its own). */
  /** The newest job of a coalesce key in any state: what became of the last change. */
  latest(coalesceKey: string): JobSummary | null {
    const row = this.#ctx.data.latestByCoalesce(coalesceKey);
    return row ? summary(row) : null;
  }

  active(coalesceKey: string): JobSummary[] {
    return this.#ctx.data.activeByCoalesce(coalesceKey).map(summary);
  }

  /** Forgets a channel's jobs done before `before` (a channel that runs all day keeps only the recent). */
  pruneDone(channel: string, before: number): number {
    return this.#ctx.data.pruneDone(channel, before);
  }

  /** An attempt outside a runner (a person's "sync now") counts toward the channel's health. */
  noteAttempt(channel: string, ok: boolean): void {
    if (ok) this.#ctx.data.markHealthy(channel);
    else this.#ctx.data.markFailing(channel, this.#ctx.now());
  }

  // ── admin (admin.ts) ──

  get(id: string): JobSummary {
    return admin.getJob(this.#ctx, id);
  }

  list(filter: { state?: JobState; channel?: string; limit?: number } = {}): JobSummary[] {
    return admin.listJobs(this.#ctx, filter);
  }

  channels(): ChannelState[] {
    return admin.channelStates(this.#ctx, this.channelsOfKinds());
  }

  isPaused(channel: string): boolean {
    return this.#ctx.data.channel(channel)?.paused === 1;
  }

  pauseState(channel: string): { code: ErrorCode; params: ErrorParams } | null {
    const p = admin.pauseStateOf(this.#ctx, channel);
    return p && { code: p.code, params: p.params };
  }

  /** With who paused it and when (the sync status shows it). */
  pauseDetail(channel: string): ReturnType<typeof admin.pauseStateOf> {
    return admin.pauseStateOf(this.#ctx, channel);
  }

  /** The channel pauses itself: misconfigured, a person must act (the code says what to do). */
  pauseAuto(channel: string, code: ErrorCode, params: ErrorParams): void {
    admin.pauseChannelAuto(this.#ctx, channel, code, params);
  }

  /** Lifts the channel's own pause, never a person's; whether it lifted one. */
  liftAutoPause(channel: string): boolean {
    return admin.liftAutoPause(this.#ctx, channel);
  }

  pause(channel: string, actor: string): void {
    admin.pauseChannel(this.#ctx, channel, actor);
  }

  resume(channel: string, actor: string): void {
    admin.resumeChannel(this.#ctx, channel, actor);
  }

  retry(id: string, actor: string): JobSummary {
    return admin.retryJob(this.#ctx, id, actor);
  }

  markSent(id: string, actor: string): JobSummary {
    return admin.markJobSent(this.#ctx, id, actor);
  }

  discard(id: string, reason: string, actor: string): JobSummary {
    return admin.discardJob(this.#ctx, id, reason, actor);
  }
}
