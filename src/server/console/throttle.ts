// Sign-in throttling for the console, kept in the database so every server process counts the
// same attempts. An attempt is reserved (counted as a failure) before the slow password hash
// starts, so a burst of parallel guesses cannot all pass while the first ones are still hashing;
// a success gives its reservation back. Delays rise instead of locking anyone out: the source
// address's far (an attacker's machine), the user name's only a little (a colleague guessed at
// from elsewhere is slowed, never shut out).
import { inArray, sql } from 'drizzle-orm';
import { CareDockError } from '../../shared/errors/index.ts';
import type { ServerContext } from '../context.ts';
import { consoleSignInFailures } from './tables.ts';

export interface ThrottleKey {
  key: string;
  /** Failures allowed before delays start. */
  free: number;
  maxDelayMs: number;
}

const FIRST_DELAY_MS = 1_000;
/** A key is forgotten after this long without a failure. */
const FORGET_MS = 15 * 60_000;

export function signInKeys(username: string, sourceAddress: string): ThrottleKey[] {
  return [
    { key: `addr:${sourceAddress}`, free: 10, maxDelayMs: 15 * 60_000 },
    { key: `user:${username}`, free: 5, maxDelayMs: 30_000 },
  ];
}

function delayMs(k: ThrottleKey, failures: number): number {
  if (failures < k.free) return 0;
  return Math.min(k.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(30, failures - k.free));
}

/**
 * Reserves one attempt under every key, or refuses with the wait left when a key is still
 * waiting out its delay (the refused attempt is not counted: waiting is enough).
 */
export async function reserveAttempt(ctx: ServerContext, keys: readonly ThrottleKey[]): Promise<void> {
  const now = ctx.now();
  await ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(consoleSignInFailures)
      .where(
        inArray(
          consoleSignInFailures.key,
          keys.map((k) => k.key),
        ),
      )
      .for('update');
    let waitMs = 0;
    const current = new Map<string, number>();
    for (const k of keys) {
      const row = rows.find((r) => r.key === k.key);
      if (!row) continue;
      const since = now.getTime() - row.lastAt.getTime();
      const delay = delayMs(k, row.failures);
      if (since >= delay + FORGET_MS) continue;
      current.set(k.key, row.failures);
      waitMs = Math.max(waitMs, delay - since);
    }
    if (waitMs > 0) throw new CareDockError('auth.tooManyAttempts', { seconds: Math.ceil(waitMs / 1000) });
    for (const k of keys)
      await tx
        .insert(consoleSignInFailures)
        .values({ key: k.key, failures: (current.get(k.key) ?? 0) + 1, lastAt: now })
        .onConflictDoUpdate({
          target: consoleSignInFailures.key,
          set: { failures: (current.get(k.key) ?? 0) + 1, lastAt: now },
        });
  });
}

/** A success: the attempt it reserved is given back. */
export async function releaseAttempt(ctx: ServerContext, keys: readonly ThrottleKey[]): Promise<void> {
  await ctx.database.db
    .update(consoleSignInFailures)
    .set({ failures: sql`GREATEST(${consoleSignInFailures.failures} - 1, 0)` })
    .where(
      inArray(
        consoleSignInFailures.key,
        keys.map((k) => k.key),
      ),
    );
}
