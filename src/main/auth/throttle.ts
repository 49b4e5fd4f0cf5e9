/**
 * Slows password guessing with rising delays instead of a lock-out. An attempt is reserved (and
 * counted as a failure) before the slow hash starts, so a burst of parallel attempts cannot all
 * pass the check while the first ones are still hashing; a success gives the reservation back.
 *
 * Each attempt is counted under several keys: the client it came from (one window, one browser)
 * and the user name it names. A client's delay rises far (an attacker's window or browser); a
 * user name's delay is capped low, so someone guessing at a colleague's name from elsewhere slows
 * the colleague down by at most that cap, never locks them out.
 */
export interface ThrottleKey {
  key: string;
  /** Failures allowed before delays start. */
  free: number;
  /** The longest delay this key ever asks for. */
  maxDelayMs: number;
}

interface Entry {
  failures: number;
  lastAt: number;
}

export interface ThrottleOptions {
  /** A key's failures are forgotten once it has been quiet this long after its last wait. */
  forgetMs?: number;
  /** The first delay once the free attempts are used; each further failure doubles it. */
  firstDelayMs?: number;
  /** Keys kept at most; beyond it forgotten keys are swept first, then the oldest. */
  maxKeys?: number;
}

const CLIENT_MAX_DELAY_MS = 15 * 60_000;
const USER_MAX_DELAY_MS = 30_000;
const MAX_DELAY_MS = Math.max(CLIENT_MAX_DELAY_MS, USER_MAX_DELAY_MS);

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #forgetMs: number;
  readonly #firstDelayMs: number;
  readonly #maxKeys: number;

  constructor(options: ThrottleOptions = {}) {
    this.#forgetMs = options.forgetMs ?? 15 * 60_000;
    this.#firstDelayMs = options.firstDelayMs ?? 1_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  #delayMs(k: ThrottleKey, failures: number): number {
    if (failures < k.free) return 0;
    return Math.min(k.maxDelayMs, this.#firstDelayMs * 2 ** Math.min(30, failures - k.free));
  }

  /** A key's entry, unless it has been quiet for the forget window after its last wait ran out. */
  #entry(k: ThrottleKey, now: number): Entry | undefined {
    const entry = this.#entries.get(k.key);
    if (entry && now - entry.lastAt >= this.#delayMs(k, entry.failures) + this.#forgetMs) {
      this.#entries.delete(k.key);
      return undefined;
    }
    return entry;
  }

  /** How long a key must still wait before its next attempt, in ms. */
  #waitMs(k: ThrottleKey, now: number): number {
    const entry = this.#entry(k, now);
    if (!entry) return 0;
    return Math.max(0, entry.lastAt + this.#delayMs(k, entry.failures) - now);
  }

  /**
   * Reserves an attempt under every key, or answers how many seconds to wait (and reserves
   * nothing). Synchronous, so two calls can never both see the same count.
   */
  reserve(keys: readonly ThrottleKey[], now = Date.now()): { ok: true } | { ok: false; waitSeconds: number } {
    const wait = Math.max(0, ...keys.map((k) => this.#waitMs(k, now)));
    if (wait > 0) return { ok: false, waitSeconds: Math.ceil(wait / 1000) };
    for (const k of keys) {
      const entry = this.#entry(k, now) ?? { failures: 0, lastAt: now };
      entry.failures += 1;
      entry.lastAt = now;
      this.#entries.delete(k.key);
      this.#entries.set(k.key, entry);
    }
    this.#sweep(now);
    return { ok: true };
  }

  /** The attempt succeeded: give its reservation back, and clear the keys in `reset`. */
  succeeded(keys: readonly ThrottleKey[], reset: readonly string[]): void {
    for (const k of keys) {
      const entry = this.#entries.get(k.key);
      if (!entry) continue;
      if (reset.includes(k.key) || entry.failures <= 1) this.#entries.delete(k.key);
      else entry.failures -= 1;
    }
  }

  #sweep(now: number): void {
    if (this.#entries.size <= this.#maxKeys) return;
    // Anything quiet for the forget window plus the longest wait is certainly forgotten.
    for (const [key, entry] of this.#entries)
      if (now - entry.lastAt >= this.#forgetMs + MAX_DELAY_MS) this.#entries.delete(key);
    // Still too many: the least recently used go (the map keeps insertion order, refreshed on use).
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxKeys) break;
      this.#entries.delete(key);
    }
  }
}

/** The keys one login or unlock attempt counts under. */
export function attemptKeys(clientId: string, username: string): ThrottleKey[] {
  return [
    { key: `client:${clientId}`, free: 5, maxDelayMs: CLIENT_MAX_DELAY_MS },
    { key: `user:${username}`, free: 5, maxDelayMs: USER_MAX_DELAY_MS },
  ];
}
