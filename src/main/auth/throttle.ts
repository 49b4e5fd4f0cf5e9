/** Slows password guessing: after `limit` failures for one name, refuse for `blockMs`. */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; blockedUntil: number }>();
  readonly #limit: number;
  readonly #blockMs: number;

  constructor(limit = 5, blockMs = 30_000) {
    this.#limit = limit;
    this.#blockMs = blockMs;
  }

  /** Seconds left to wait, or 0 when an attempt may proceed. */
  waitSeconds(key: string, now = Date.now()): number {
    const entry = this.#failures.get(key);
    if (!entry || entry.blockedUntil <= now) return 0;
    return Math.ceil((entry.blockedUntil - now) / 1000);
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.#failures.get(key) ?? { count: 0, blockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.#limit) {
      entry.blockedUntil = now + this.#blockMs;
      entry.count = 0;
    }
    this.#failures.set(key, entry);
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
