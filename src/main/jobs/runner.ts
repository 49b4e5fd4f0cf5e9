// One runner per channel (email, SMS, calendar …): it claims due jobs of its channel, hands each
// to that kind's adapter, and records the outcomes. Runners share nothing but the database, so a
// gateway that hangs or fails slows only its own channel — never docking, sync or another channel.
import type { ErrorCode, ErrorParams } from '../../shared/errors/index.ts';
import type { Outcome, Resolution } from '../../shared/jobs/index.ts';
import type { JobQueue, LeasedJob, Settlement } from './queue.ts';

/** What an adapter does for one kind. `resolve` answers whether an earlier attempt went out. */
export interface Adapter<P = unknown> {
  send(job: LeasedJob<P>, signal: AbortSignal): Promise<Outcome>;
  resolve?(job: LeasedJob<P>, signal: AbortSignal): Promise<Resolution>;
}

export interface RunnerEvents {
  /** After each recorded batch: the UI's counts changed. */
  onSettled?(channel: string): void;
  /** The channel paused itself (authentication, TLS): the admin must act. */
  onPaused?(channel: string, code: ErrorCode, params: ErrorParams): void;
  /** An outcome arrived after the job's lease had ended: it was not recorded. */
  onStale?(channel: string, ids: number[]): void;
  /** An adapter threw instead of answering: a bug, recorded as a retry. */
  onAdapterError?(channel: string, kind: string, error: unknown): void;
}

export interface RunnerOptions extends RunnerEvents {
  channel: string;
  // Each kind's adapter is typed by its own payload; the runner only passes jobs through.
  adapters: Record<string, Adapter<never>>;
  /** Attempts in flight at once. */
  concurrency?: number;
  /** Longest sleep when nothing is due (new jobs wake the runner at once). */
  idleMs?: number;
}

export class ChannelRunner {
  readonly channel: string;
  readonly #queue: JobQueue;
  readonly #adapters: Record<string, Adapter>;
  readonly #concurrency: number;
  readonly #idleMs: number;
  readonly #events: RunnerEvents;
  readonly #inflight = new Map<number, AbortController>();
  #pending: Settlement[] = [];
  #flushScheduled = false;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(queue: JobQueue, opts: RunnerOptions) {
    this.channel = opts.channel;
    this.#queue = queue;
    this.#adapters = opts.adapters as Record<string, Adapter>;
    this.#concurrency = Math.max(1, opts.concurrency ?? 4);
    this.#idleMs = opts.idleMs ?? 30_000;
    this.#events = opts;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#queue.onEnqueued((channel) => {
      if (channel === this.channel) this.wake();
    });
    this.#loop = this.#run();
  }

  /** Stops claiming, aborts what is in flight and waits for it to be recorded. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    this.wake();
    for (const c of this.#inflight.values()) c.abort();
    await this.#loop;
  }

  wake(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  get inFlight(): number {
    return this.#inflight.size;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      if (!this.#queue.isPaused(this.channel)) {
        const free = this.#concurrency - this.#inflight.size;
        const jobs = free > 0 ? this.#queue.claim(this.channel, free) : [];
        for (const job of jobs) this.#start(job);
        // A full claim means more may be due: claim again as soon as a slot frees.
        if (jobs.length > 0 && jobs.length === free) {
          await this.#sleep(this.#idleMs);
          continue;
        }
      }
      await this.#sleep(this.#inflight.size > 0 ? this.#idleMs : this.#idleDelay());
    }
    while (this.#inflight.size > 0 || this.#pending.length > 0) await this.#sleep(50);
  }

  #idleDelay(): number {
    // Sleep until the next retry is due, at most idleMs; an enqueue or a finished job wakes us sooner.
    const next = this.#queue.nextDueAt(this.channel);
    if (next === null) return this.#idleMs;
    return Math.min(this.#idleMs, Math.max(0, next - Date.now()));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  #start(job: LeasedJob): void {
    const controller = new AbortController();
    // The lease bounds the attempt: past it another runner may hold the job, so stop working on it.
    const timer = setTimeout(() => controller.abort(), Math.max(0, job.leaseUntil - Date.now()));
    this.#inflight.set(job.id, controller);
    void this.#attempt(job, controller.signal)
      .then((settlement) => {
        if (settlement) this.#pending.push(settlement);
      })
      .finally(() => {
        clearTimeout(timer);
        this.#inflight.delete(job.id);
        this.#scheduleFlush();
      });
  }

  async #attempt(job: LeasedJob, signal: AbortSignal): Promise<Settlement | null> {
    const adapter = this.#adapters[job.kind.kind];
    if (!adapter) {
      return {
        job,
        outcome: { status: 'retry', code: 'jobs.adapterFailed', params: { channel: this.channel } },
      };
    }
    try {
      if (job.needsResolve) {
        const res: Resolution = adapter.resolve
          ? await adapter.resolve(job, signal)
          : { status: 'unknown', code: 'jobs.unknownOutcome' };
        if (res.status !== 'not-sent') return { job, resolution: res };
      }
      return { job, outcome: await adapter.send(job, signal) };
    } catch (error) {
      this.#events.onAdapterError?.(this.channel, job.kind.kind, error);
      const code = job.kind.delivery === 'at-most-once' ? 'unknown' : 'retry';
      return {
        job,
        outcome: { status: code, code: 'jobs.adapterFailed', params: { channel: this.channel } },
      };
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After every attempt that finished in this turn: one transaction for all their outcomes.
    setImmediate(() => {
      this.#flushScheduled = false;
      const batch = this.#pending;
      this.#pending = [];
      if (batch.length > 0) {
        const result = this.#queue.settle(this.channel, batch);
        if (result.stale.length > 0) this.#events.onStale?.(this.channel, result.stale);
        if (result.paused) this.#events.onPaused?.(this.channel, result.paused.code, result.paused.params);
        this.#events.onSettled?.(this.channel);
      }
      this.wake();
    });
  }
}
