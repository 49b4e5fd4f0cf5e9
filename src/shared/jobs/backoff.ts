import type { Backoff } from './contract.ts';

/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * wait a uniformly random time between 0 and min(cap, base·2^(n−1)) before retry n. The jitter
 * spreads a crowd of failed jobs over the window so a recovering gateway is not hit all at once.
 */
export function backoffCeilingMs(backoff: Backoff, retryNumber: number): number {
  const n = Math.max(1, Math.floor(retryNumber));
  // 2^(n−1) overflows long before it matters; past 2^40 the cap has long won.
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(n - 1, 40));
}

export function backoffDelayMs(
  backoff: Backoff,
  retryNumber: number,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * (backoffCeilingMs(backoff, retryNumber) + 1));
}
