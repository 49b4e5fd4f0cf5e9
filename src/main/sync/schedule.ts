// When sync runs by itself, on the job queue: a `sync.pass` job waits for the next turn (the loop
// after each pass, a nudge soon after new work), a failed one retries with the queue's full-jitter
// backoff, and a `sync.reconcile` job runs when the daily reconciliation is due. Both have a
// coalesce key, so only ever one of each waits. The channel 'sync' is paused and resumed like
// any other channel; its runner is this schedule's.
import { randomUUID } from 'node:crypto';
import type { ErrorCode, ErrorParams } from '../../shared/errors/index.ts';
import type { Outcome } from '../../shared/jobs/index.ts';
import { ChannelRunner, type Adapter, type JobQueue } from '../jobs/index.ts';
import type { Logger } from '../log/logger.ts';
import { SYNC_CHANNEL, syncPassJob, syncReconcileJob } from './kinds.ts';

/** What a job's attempt reports: done, or the failure's code (and whether it pauses sync). */
export type SyncAttempt = { ok: true } | { ok: false; code: ErrorCode; params: ErrorParams; pause: boolean };

export interface SyncScheduleOptions {
  queue: JobQueue;
  logger: Logger;
  /** Background loop period; 0 turns the schedule off (tests, `caredock sync --once`). */
  intervalMs: number;
  installed: () => boolean;
  pass: () => Promise<SyncAttempt>;
  reconcile: () => Promise<SyncAttempt>;
  reconcileDue: () => boolean;
  /** A job of the channel settled: counts and the next attempt changed. */
  onSettled?: () => void;
  now?: () => number;
}

const PASS_KEY = 'sync.pass';
const RECONCILE_KEY = 'sync.reconcile';
/** A finished pass is kept this long for Admin → Integrations, then forgotten. */
const KEEP_DONE_MS = 86_400_000;

export class SyncSchedule {
  readonly #o: SyncScheduleOptions;
  readonly #queue: JobQueue;
  readonly #now: () => number;
  readonly #runner: ChannelRunner;
  #stopped = true;
  /** A nudge that came while a pass ran: the next pass is due this soon after it ends. */
  #againInMs: number | null = null;

  constructor(o: SyncScheduleOptions) {
    this.#o = o;
    this.#queue = o.queue;
    this.#now = o.now ?? Date.now;
    const asOutcome = (a: SyncAttempt): Outcome =>
      a.ok ? { status: 'sent' } : { status: a.pause ? 'pause' : 'retry', code: a.code, params: a.params };
    const pass: Adapter<{ reason: 'loop' | 'nudge' | 'retry' | 'install' }> = {
      send: async () => {
        if (!o.installed()) return { status: 'sent' };
        const a = await o.pass();
        if (a.ok && o.reconcileDue()) this.#ensure(RECONCILE_KEY, 0);
        return asOutcome(a);
      },
    };
    const reconcile: Adapter<Record<string, never>> = {
      send: async () => (o.installed() ? asOutcome(await o.reconcile()) : { status: 'sent' }),
    };
    this.#runner = new ChannelRunner(o.queue, {
      channel: SYNC_CHANNEL,
      concurrency: 1,
      adapters: { [syncPassJob.kind]: pass, [syncReconcileJob.kind]: reconcile },
      onSettled: () => this.#afterSettled(),
      onAdapterError: (_channel, kind, error) =>
        o.logger.error({ kind, error: error instanceof Error ? error.name : 'unknown' }, 'sync job threw'),
    });
  }

  /** Off when the interval is 0 and after stop(). */
  get enabled(): boolean {
    return this.#o.intervalMs > 0 && !this.#stopped;
  }

  /** When the retry after a failure is due, if one is waiting. */
  get nextAttemptAt(): Date | null {
    const retrying = this.#queue.active(PASS_KEY).find((j) => j.state === 'retry');
    return retrying?.nextAttemptAt ? new Date(retrying.nextAttemptAt) : null;
  }

  start(): void {
    if (this.#o.intervalMs <= 0) return;
    this.#stopped = false;
    this.#runner.start();
    this.loop();
  }

  /** A first turn soon (after start or an install); the loop follows from each pass. */
  loop(): void {
    this.nudge(1_000);
  }

  /** A turn soon; a pass already waiting is brought forward, one retrying keeps its backoff. */
  nudge(delayMs = 2_000): void {
    if (!this.enabled || !this.#o.installed()) return;
    this.#ensure(PASS_KEY, delayMs);
  }

  /** After a person's pass failed: the loop retries it after the backoff's first step. */
  retrySoon(): void {
    if (!this.enabled || !this.#o.installed()) return;
    const wait = Math.floor(Math.random() * (syncPassJob.backoff.baseMs + 1)) + 250;
    this.#ensure(PASS_KEY, wait);
  }

  /** Pending turns go (an installation reset): nothing runs until loop(). */
  clear(): void {
    // A waiting pass finds nothing installed and ends; none follows while not installed.
    this.#againInMs = null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#runner.stop();
  }

  #ensure(key: typeof PASS_KEY | typeof RECONCILE_KEY, delayMs: number): void {
    const sqlite = this.#queue.connection;
    sqlite.transaction(() => {
      const active = this.#queue.active(key);
      // One that runs would collide with a second waiting when it fails: ask again when it ends.
      if (active.some((j) => j.state === 'running')) {
        if (key === PASS_KEY) this.#againInMs = Math.min(this.#againInMs ?? delayMs, delayMs);
        return;
      }
      // A retry keeps its backoff: a nudge must not make a failing server's next try sooner.
      if (active.some((j) => j.state === 'retry')) return;
      const opts = { key: `${key}:${randomUUID()}`, coalesceKey: key, runAt: this.#now() + delayMs };
      if (key === PASS_KEY)
        this.#queue.enqueue(sqlite, syncPassJob, { reason: delayMs > 2_000 ? 'loop' : 'nudge' }, opts);
      else this.#queue.enqueue(sqlite, syncReconcileJob, {}, opts);
    })();
  }

  #afterSettled(): void {
    if (this.enabled && this.#o.installed()) {
      const again = this.#againInMs;
      this.#againInMs = null;
      this.#ensure(PASS_KEY, again ?? this.#o.intervalMs);
    }
    this.#queue.pruneDone(SYNC_CHANNEL, this.#now() - KEEP_DONE_MS);
    this.#o.onSettled?.();
  }
}
