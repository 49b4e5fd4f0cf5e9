// Password guessing is slowed per client and per user name, with the attempt reserved before the
// slow hash: a burst of parallel attempts gets no more checks than the same attempts one by one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attemptKeys, LoginThrottle } from '../../src/main/auth/throttle.ts';
import { ADMIN, failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

describe('LoginThrottle', () => {
  it('lets five attempts through at once, then rising delays, forgetting after a quiet while', () => {
    const throttle = new LoginThrottle();
    const keys = attemptKeys('client-a', 'anna');
    const t0 = 1_000_000;
    const burst = Array.from({ length: 300 }, () => throttle.reserve(keys, t0));
    expect(burst.filter((r) => r.ok)).toHaveLength(5);
    expect(burst.at(-1)).toEqual({ ok: false, waitSeconds: 1 });
    // Each further failure doubles the wait: 1 s, 2 s, 4 s, 8 s …
    let now = t0;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const refused = throttle.reserve(keys, now);
      expect(refused.ok).toBe(false);
      const wait = refused.ok ? 0 : refused.waitSeconds;
      waits.push(wait);
      now += wait * 1000;
      expect(throttle.reserve(keys, now).ok).toBe(true);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
    // Fifteen quiet minutes after the last wait ran out, the count starts again.
    expect(throttle.reserve(keys, now + 64_000 + 15 * 60_000).ok).toBe(true);
    expect(throttle.reserve(keys, now + 64_000 + 15 * 60_000).ok).toBe(true);
  });

  it('caps a user name’s delay low and a client’s high, so the right person is slowed, never shut out', () => {
    const throttle = new LoginThrottle();
    let now = 0;
    // An attacker's client keeps guessing at anna, as fast as it is let through.
    for (let guesses = 0; guesses < 20;) {
      const r = throttle.reserve(attemptKeys('attacker', 'anna'), now);
      if (r.ok) guesses++;
      else now += r.waitSeconds * 1000;
    }
    const attacker = throttle.reserve(attemptKeys('attacker', 'anna'), now);
    expect(attacker.ok).toBe(false);
    expect(attacker.ok ? 0 : attacker.waitSeconds).toBe(15 * 60);
    // Anna at her own desk waits at most the user name's cap.
    const anna = throttle.reserve(attemptKeys('anna-desk', 'anna'), now);
    expect(anna.ok ? 0 : anna.waitSeconds).toBeLessThanOrEqual(30);
    expect(throttle.reserve(attemptKeys('anna-desk', 'anna'), now + 30_000).ok).toBe(true);
  });

  it('gives a successful attempt its reservation back and clears the user name', () => {
    const throttle = new LoginThrottle();
    const keys = attemptKeys('c', 'anna');
    for (let i = 0; i < 4; i++) expect(throttle.reserve(keys, 0).ok).toBe(true);
    expect(throttle.reserve(keys, 0).ok).toBe(true);
    throttle.succeeded(keys, ['user:anna']);
    // The client still carries four failures; one more is free, the next waits.
    expect(throttle.reserve(attemptKeys('c', 'bo'), 0).ok).toBe(true);
    expect(throttle.reserve(attemptKeys('c', 'bo'), 0).ok).toBe(false);
    expect(throttle.reserve(attemptKeys('other', 'anna'), 0).ok).toBe(true);
  });

  it('keeps a bounded number of keys however many names are tried', () => {
    const throttle = new LoginThrottle({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) throttle.reserve(attemptKeys(`c${i}`, `name${i}`), i);
    // The newest keys are kept: the last client still counts its failure.
    for (let i = 0; i < 4; i++) throttle.reserve(attemptKeys('c999', 'x'), 1000);
    expect(throttle.reserve(attemptKeys('c999', 'x'), 1000).ok).toBe(false);
  });
});

describe('login under a burst of parallel attempts', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore();
    await withAdmin(t.core.connect());
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.cleanup();
  });
  const checked = () =>
    t.core.database.sqlite
      .prepare("select count(*) from audit_log where action = 'auth.loginFailed'")
      .pluck()
      .get() as number;

  it('checks at most five of 300 parallel wrong passwords from one client', async () => {
    const client = t.core.connect();
    const answers = await Promise.all(
      Array.from({ length: 300 }, () =>
        client.call('auth.login', { username: 'anna', password: 'gissning-1' }),
      ),
    );
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'auth.badCredentials')).toHaveLength(5);
    expect(codes.filter((c) => c === 'auth.tooManyAttempts')).toHaveLength(295);
    expect(checked()).toBe(5);
  });

  it('checks at most five of 300 parallel attempts at one name from 300 clients', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        t.core.connect().call('auth.login', { username: 'anna', password: `gissning-${i}` }),
      ),
    );
    expect(answers.filter((a) => !a.ok && a.error.code === 'auth.badCredentials')).toHaveLength(5);
    expect(checked()).toBe(5);
  });

  it('lets the right password in from another client after a short wait, not a lock-out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-12T08:00:00Z'));
    const attacker = t.core.connect();
    await Promise.all(
      Array.from({ length: 300 }, () =>
        attacker.call('auth.login', { username: 'anna', password: 'gissning' }),
      ),
    );
    const desk = t.core.connect();
    const refused = await desk.call('auth.login', { username: 'anna', password: ADMIN.password });
    expect(refused).toMatchObject({ ok: false, error: { code: 'auth.tooManyAttempts' } });
    const seconds = refused.ok ? 0 : Number(refused.error.params.seconds);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(30);
    vi.setSystemTime(Date.now() + seconds * 1000);
    expect((await ok(desk, 'auth.login', { username: 'anna', password: ADMIN.password })).user.username).toBe(
      'anna',
    );
    // The unlock screen counts under the same keys.
    await ok(desk, 'auth.lock', {});
    for (let i = 0; i < 5; i++)
      expect(await failure(desk, 'auth.unlock', { password: 'fel-fel-fel' })).toBe('auth.badCredentials');
    expect(await failure(desk, 'auth.unlock', { password: ADMIN.password })).toBe('auth.tooManyAttempts');
  });
});
