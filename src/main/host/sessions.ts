import { createHash, randomBytes } from 'node:crypto';

/** A secret is looked up by its hash: a map lookup that no timing can walk, and no copy kept. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * One-time links: each token opens one browser session, once, within its lifetime. The ready
 * line's link is the first; `caredock serve` prints another when asked at its terminal.
 */
export class LinkTokens {
  readonly #live = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  issue(): string {
    const token = randomBytes(24).toString('base64url');
    this.#sweep();
    this.#live.set(digest(token), this.#now() + this.#ttlMs);
    return token;
  }

  /** True once per token, while it is young enough; a used or expired token is gone. */
  redeem(token: string): boolean {
    const key = digest(token);
    const expires = this.#live.get(key);
    this.#live.delete(key);
    return expires !== undefined && expires > this.#now();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, expires] of this.#live) if (expires <= now) this.#live.delete(key);
  }
}

export type SessionLookup<S> =
  | { state: 'live'; session: S }
  /** The id was replaced at a login or logout a moment ago: the request came from before it. */
  | { state: 'retired' }
  | { state: 'none' };

/**
 * Browser sessions by cookie id. The id changes at login and logout (the old one stops working
 * at once), and a session that has made no request for `idleMs` ends.
 */
export class SessionTable<S> {
  readonly #live = new Map<string, { session: S; lastSeen: number }>();
  readonly #retired = new Map<string, number>();
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #onExpire: (session: S) => void;

  constructor(idleMs: number, onExpire: (session: S) => void, now: () => number = Date.now) {
    this.#idleMs = idleMs;
    this.#onExpire = onExpire;
    this.#now = now;
  }

  /** A new session under a fresh id; returns the id for the cookie. */
  open(session: S): string {
    const id = randomBytes(32).toString('base64url');
    this.#live.set(digest(id), { session, lastSeen: this.#now() });
    return id;
  }

  /** Finds the session for a cookie id and counts the request as activity. */
  touch(id: string | null): SessionLookup<S> {
    if (id === null) return { state: 'none' };
    this.expireIdle();
    const key = digest(id);
    const entry = this.#live.get(key);
    if (entry) {
      entry.lastSeen = this.#now();
      return { state: 'live', session: entry.session };
    }
    return this.#retired.has(key) ? { state: 'retired' } : { state: 'none' };
  }

  /** The same session under a new id; the old id is retired. Returns the new id. */
  rotate(oldId: string): string | null {
    const key = digest(oldId);
    const entry = this.#live.get(key);
    if (!entry) return null;
    this.#live.delete(key);
    this.#retired.set(key, this.#now() + 60_000);
    const id = randomBytes(32).toString('base64url');
    this.#live.set(digest(id), { session: entry.session, lastSeen: this.#now() });
    return id;
  }

  /** Ends every session idle for too long; runs on each request and on a timer. */
  expireIdle(): void {
    const now = this.#now();
    for (const [key, entry] of this.#live) {
      if (now - entry.lastSeen < this.#idleMs) continue;
      this.#live.delete(key);
      this.#onExpire(entry.session);
    }
    for (const [key, until] of this.#retired) if (until <= now) this.#retired.delete(key);
  }

  all(): S[] {
    return [...this.#live.values()].map((e) => e.session);
  }

  clear(): void {
    this.#live.clear();
    this.#retired.clear();
  }

  get size(): number {
    return this.#live.size;
  }
}
