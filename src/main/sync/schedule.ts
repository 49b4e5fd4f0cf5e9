// When sync runs by itself: a loop every interval, a retry after a failure (full-jitter backoff,
// on a timer of its own), and a nudge soon after new work. The three timers are this one small
// piece, so the scheduling can move onto the job queue without touching what a pass does.

export class SyncSchedule {
  readonly #intervalMs: number;
  readonly #tick: () => void;
  #loop: NodeJS.Timeout | null = null;
  #retry: NodeJS.Timeout | null = null;
  #nudge: NodeJS.Timeout | null = null;
  #stopped = false;
  #nextAttemptAt: Date | null = null;

  /** `tick` is a loop's or a nudge's turn: it decides itself whether there is anything to do. */
  constructor(intervalMs: number, tick: () => void) {
    this.#intervalMs = intervalMs;
    this.#tick = tick;
  }

  /** Off when the interval is 0 (tests, `caredock sync --once`) and after stop(). */
  get enabled(): boolean {
    return this.#intervalMs > 0 && !this.#stopped;
  }

  /** When the retry after a failure is due, if one is waiting. */
  get nextAttemptAt(): Date | null {
    return this.#nextAttemptAt;
  }

  backingOff(now = Date.now()): boolean {
    return this.#nextAttemptAt !== null && now < this.#nextAttemptAt.getTime();
  }

  start(): void {
    this.#stopped = false;
    this.loop();
  }

  /** Starts the loop if it is not running, and takes a first turn soon. */
  loop(): void {
    if (!this.enabled || this.#loop) return;
    this.#loop = setInterval(() => this.#tick(), this.#intervalMs);
    this.#loop.unref();
    this.nudge(1_000);
  }

  /** A turn soon; debounced, and only while the schedule is on. */
  nudge(delayMs = 2_000): void {
    if (!this.enabled || this.#nudge) return;
    this.#nudge = setTimeout(() => {
      this.#nudge = null;
      this.#tick();
    }, delayMs);
    this.#nudge.unref();
  }

  /** After a failure: `run` again in `delayMs`, replacing any retry waiting. */
  retryAfter(delayMs: number, run: () => void): void {
    if (!this.enabled) return;
    this.#nextAttemptAt = new Date(Date.now() + delayMs);
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      run();
    }, delayMs);
    this.#retry.unref();
  }

  /** A success or a pause: no retry is due. */
  cancelRetry(): void {
    this.#nextAttemptAt = null;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
  }

  /** All timers off until loop() (an installation reset). */
  clear(): void {
    for (const t of [this.#loop, this.#nudge]) if (t) clearInterval(t);
    if (this.#retry) clearTimeout(this.#retry);
    this.#loop = this.#nudge = this.#retry = null;
  }

  stop(): void {
    this.#stopped = true;
    this.clear();
  }
}
