// One runner per channel on each server process, like the workstation's (src/main/jobs/runner.ts):
// it claims its channel's due jobs, hands each to the kind's adapter and records the outcome. The
// processes share nothing but the database; a paused channel is paused for all of them.
import type { Outcome, Resolution } from '../../shared/jobs/index.ts';
import type { ServerJobQueue, ServerLeasedJob, ServerSettlement } from './queue.ts';

export interface ServerAdapter<P = unknown> {
  send(job: ServerLeasedJob<P>, signal: AbortSignal): Promise<Outcome>;
  resolve?(job: ServerLeasedJob<P>, signal: AbortSignal): Promise<Resolution>;
}

/**
 * A channel whose outside system limits how much may be sent (1177: rounds of 1,000 with pauses
 * between) reserves before it claims: the runner takes at most what was granted, hands back what
 * it did not use, and reports each attempt's end.
 */
export interface ChannelGate {
  reserve(max: number): Promise<{ granted: number; waitMs: number }>;
  release(unused: number): Promise<void>;
  finished(count: number): Promise<void>;
}

export interface ServerRunnerOptions {
  channel: string;
  gate?: ChannelGate;
  adapters: Record<string, ServerAdapter<never>>;
  concurrency?: number;
  /** How often an idle runner looks for work other processes enqueued. */
  pollMs?: number;
  onError?(error: unknown): void;
  onStale?(id: string): void;
}

export class ServerChannelRunner {
  readonly channel: string;
  readonly #queue: ServerJobQueue;
  readonly #opts: ServerRunnerOptions;
  readonly #inflight = new Map<string, AbortController>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(queue: ServerJobQueue, opts: ServerRunnerOptions) {
    this.channel = opts.channel;
    this.#queue = queue;
    this.#opts = opts;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#queue.onEnqueued((c) => c === this.channel && this.wake());
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    for (const c of this.#inflight.values()) c.abort();
    this.wake();
    await this.#loop;
  }

  wake(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  async #run(): Promise<void> {
    const concurrency = Math.max(1, this.#opts.concurrency ?? 4);
    while (this.#running) {
      let claimed = 0;
      let gateWait = 0;
      try {
        const free = concurrency - this.#inflight.size;
        if (free > 0 && !(await this.#queue.isPaused(this.channel))) {
          const gate = this.#opts.gate;
          const allowed = gate ? await gate.reserve(free) : { granted: free, waitMs: 0 };
          gateWait = allowed.granted === 0 ? allowed.waitMs : 0;
          if (allowed.granted > 0) {
            const jobs = await this.#queue
              .claim(this.channel, allowed.granted)
              .catch(async (error: unknown) => {
                await gate?.release(allowed.granted);
                throw error;
              });
            claimed = jobs.length;
            if (gate && claimed < allowed.granted) await gate.release(allowed.granted - claimed);
            for (const job of jobs) this.#start(job);
          }
        }
      } catch (error) {
        this.#opts.onError?.(error);
      }
      const poll = this.#opts.pollMs ?? 1000;
      if (claimed === 0 || this.#inflight.size >= concurrency)
        await this.#sleep(gateWait > 0 ? Math.min(gateWait, poll) : poll);
    }
    while (this.#inflight.size > 0) await this.#sleep(50);
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

  #start(job: ServerLeasedJob): void {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, job.leaseUntil - Date.now()));
    this.#inflight.set(job.id, controller);
    void this.#attempt(job, controller.signal)
      .then(async (settlement) => {
        const r = await this.#queue.settle(this.channel, settlement);
        if (!r.recorded) this.#opts.onStale?.(job.id);
      })
      .catch((error: unknown) => this.#opts.onError?.(error))
      .finally(async () => {
        clearTimeout(timer);
        await this.#opts.gate?.finished(1).catch((error: unknown) => this.#opts.onError?.(error));
        this.#inflight.delete(job.id);
        this.wake();
      });
  }

  async #attempt(job: ServerLeasedJob, signal: AbortSignal): Promise<ServerSettlement> {
    const adapter = this.#opts.adapters[job.kind.kind] as ServerAdapter | undefined;
    if (!adapter)
      return {
        job,
        outcome: { status: 'retry', code: 'jobs.adapterFailed', params: { channel: this.channel } },
      };
    try {
      if (job.needsResolve) {
        const res: Resolution = adapter.resolve
          ? await adapter.resolve(job, signal)
          : { status: 'unknown', code: 'jobs.unknownOutcome' };
        if (res.status !== 'not-sent') return { job, resolution: res };
      }
      return { job, outcome: await adapter.send(job, signal) };
    } catch (error) {
      this.#opts.onError?.(error);
      const status = job.kind.delivery === 'at-most-once' ? 'unknown' : 'retry';
      return { job, outcome: { status, code: 'jobs.adapterFailed', params: { channel: this.channel } } };
    }
  }
}
