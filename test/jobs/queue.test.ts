import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CareDockError } from '../../src/shared/errors/index.ts';
import { backoffCeilingMs, backoffDelayMs } from '../../src/shared/jobs/index.ts';
import { noteKind, openTestQueue, smsLikeKind, type TestQueue } from './helpers.ts';

let t: TestQueue;
afterEach(() => t?.close());

function enqueueNote(text: string, key = `note:${text}`, coalesceKey?: string) {
  return t.db.sqlite.transaction(() =>
    t.queue.enqueue(t.db.sqlite, noteKind, { text }, { key, ...(coalesceKey ? { coalesceKey } : {}) }),
  )();
}

describe('enqueue inside the caller’s transaction', () => {
  it('commits with the change that causes it, and rolls back with it', () => {
    t = openTestQueue();
    const { sqlite } = t.db;
    sqlite.prepare("insert into settings (key, value) values ('plan', '1')").run();
    expect(() =>
      sqlite.transaction(() => {
        sqlite.prepare("update settings set value = '2' where key = 'plan'").run();
        t.queue.enqueue(sqlite, noteKind, { text: 'a' }, { key: 'k1' });
        throw new Error('the plan save failed');
      })(),
    ).toThrow('the plan save failed');
    expect(t.queue.list()).toEqual([]);
    expect(sqlite.prepare("select value from settings where key = 'plan'").pluck().get()).toBe('1');

    sqlite.transaction(() => {
      sqlite.prepare("update settings set value = '2' where key = 'plan'").run();
      t.queue.enqueue(sqlite, noteKind, { text: 'a' }, { key: 'k1' });
    })();
    expect(t.queue.list().map((j) => j.state)).toEqual(['waiting']);
  });

  it('refuses to enqueue outside a transaction and refuses a payload its kind does not accept', () => {
    t = openTestQueue();
    expect(() => t.queue.enqueue(t.db.sqlite, noteKind, { text: 'a' }, { key: 'k' })).toThrow(
      /inside the transaction/,
    );
    let thrown: unknown;
    try {
      t.db.sqlite.transaction(() => t.queue.enqueue(t.db.sqlite, noteKind, { text: '' }, { key: 'k' }))();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CareDockError);
    expect((thrown as CareDockError).code).toBe('jobs.payloadInvalid');
  });

  it('refuses a second job with the same idempotency key, even after the first is done', () => {
    t = openTestQueue();
    const first = enqueueNote('a', 'same');
    expect(first.outcome).toBe('created');
    expect(enqueueNote('b', 'same')).toEqual({ outcome: 'duplicate', id: first.id });
    const [job] = t.queue.claim('notes', 10);
    t.queue.settle('notes', [{ job: job!, outcome: { status: 'sent' } }]);
    expect(enqueueNote('c', 'same')).toEqual({ outcome: 'duplicate', id: first.id });
    expect(t.queue.list()).toHaveLength(1);
  });
});

describe('coalescing by key', () => {
  it('folds a change into the job still waiting, and holds a new one while the key runs', () => {
    t = openTestQueue();
    const a = enqueueNote('v1', 'plan:7:v1', 'plan:7');
    const b = enqueueNote('v2', 'plan:7:v2', 'plan:7');
    expect(b).toEqual({ outcome: 'coalesced', id: a.id });
    const [running] = t.queue.claim('notes', 10);
    expect(running!.payload).toEqual({ text: 'v2' });
    const c = enqueueNote('v3', 'plan:7:v3', 'plan:7');
    expect(c.outcome).toBe('created');
    // The plan's job runs: the newer change waits its turn rather than racing it.
    expect(t.queue.claim('notes', 10)).toEqual([]);
    t.queue.settle('notes', [{ job: running!, outcome: { status: 'sent' } }]);
    const [next] = t.queue.claim('notes', 10);
    expect(next!.payload).toEqual({ text: 'v3' });
  });
});

describe('a coalesced job that fails while a newer one waits', () => {
  it('takes the newer payload and retries after its backoff; one job waits per key', () => {
    t = openTestQueue();
    const a = enqueueNote('v1', 'plan:8:v1', 'plan:8');
    const [running] = t.queue.claim('notes', 10);
    const b = enqueueNote('v2', 'plan:8:v2', 'plan:8');
    expect(b.outcome).toBe('created');
    const r = t.queue.settle('notes', [
      {
        job: running!,
        outcome: { status: 'retry', code: 'jobs.adapterFailed', params: { channel: 'notes' } },
      },
    ]);
    expect(r.stale).toEqual([]);
    const jobs = t.queue.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: a.id, state: 'retry', key: 'plan:8:v2', attempts: 1 });
    t.clock.now += 60_000;
    const [again] = t.queue.claim('notes', 10);
    expect(again!.payload).toEqual({ text: 'v2' });
  });
});

describe('leases and fencing', () => {
  it('lets another runner take over an expired lease, and refuses the stale runner’s mark', () => {
    t = openTestQueue();
    enqueueNote('a');
    const [first] = t.queue.claim('notes', 1);
    expect(t.queue.claim('notes', 1)).toEqual([]); // still leased
    t.clock.now += noteKind.leaseMs + 1;
    const [second] = t.queue.claim('notes', 1);
    expect(second!.id).toBe(first!.id);
    expect(second!.token).toBe(first!.token + 1);
    expect(second!.attempt).toBe(2);
    expect(
      t.queue.settle('notes', [{ job: first!, outcome: { status: 'sent', ref: 'stale' } }]).stale,
    ).toEqual([first!.id]);
    expect(t.queue.get(String(first!.id)).state).toBe('running');
    expect(t.queue.settle('notes', [{ job: second!, outcome: { status: 'sent', ref: 'r2' } }]).stale).toEqual(
      [],
    );
    expect(t.queue.get(String(first!.id))).toMatchObject({ state: 'done', ref: 'r2' });
  });

  it('refuses a mark after the lease ended even when nobody took the job over', () => {
    t = openTestQueue();
    enqueueNote('a');
    const [job] = t.queue.claim('notes', 1);
    t.clock.now += noteKind.leaseMs;
    expect(t.queue.settle('notes', [{ job: job!, outcome: { status: 'sent' } }]).stale).toEqual([job!.id]);
  });

  it('sends a job whose lease ran out on its last attempt to dead', () => {
    t = openTestQueue();
    enqueueNote('a');
    for (let i = 0; i < noteKind.maxAttempts; i++) {
      expect(t.queue.claim('notes', 1)).toHaveLength(1);
      t.clock.now += noteKind.leaseMs + 1;
    }
    expect(t.queue.claim('notes', 1)).toEqual([]);
    expect(t.queue.list()[0]).toMatchObject({ state: 'dead', lastErrorCode: 'jobs.leaseExpired' });
  });
});

describe('retries, backoff and dead letters', () => {
  it('keeps every full-jitter delay within [0, min(cap, base·2^(n−1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (base, extra, n, r) => {
          const backoff = { baseMs: base, capMs: base + extra };
          const d = backoffDelayMs(backoff, n, () => r);
          const ceiling = backoffCeilingMs(backoff, n);
          return Number.isInteger(d) && d >= 0 && d <= ceiling && ceiling <= backoff.capMs;
        },
      ),
    );
    expect(backoffCeilingMs({ baseMs: 1000, capMs: 60_000 }, 1)).toBe(1000);
    expect(backoffCeilingMs({ baseMs: 1000, capMs: 60_000 }, 4)).toBe(8000);
    expect(backoffCeilingMs({ baseMs: 1000, capMs: 60_000 }, 30)).toBe(60_000);
  });

  it('schedules a retry within the backoff window, honours Retry-After, and is dead after the maximum', () => {
    t = openTestQueue(undefined, () => 0.999);
    enqueueNote('a');
    const start = t.clock.now;
    let [job] = t.queue.claim('notes', 1);
    t.queue.settle('notes', [
      { job: job!, outcome: { status: 'retry', code: 'smtp.temporaryFailure', params: { reply: '451' } } },
    ]);
    let s = t.queue.get(String(job!.id));
    expect(s.state).toBe('retry');
    const wait1 = Date.parse(s.nextAttemptAt!) - start;
    expect(wait1).toBeGreaterThanOrEqual(0);
    expect(wait1).toBeLessThanOrEqual(1000);
    expect(t.queue.claim('notes', 1)).toEqual([]); // not due yet
    t.clock.now += wait1;
    [job] = t.queue.claim('notes', 1);
    t.queue.settle('notes', [
      {
        job: job!,
        outcome: {
          status: 'retry',
          code: 'sms.rateLimited',
          params: { provider: 'x' },
          retryAfterMs: 30_000,
        },
      },
    ]);
    s = t.queue.get(String(job!.id));
    expect(Date.parse(s.nextAttemptAt!) - t.clock.now).toBe(30_000);
    t.clock.now += 30_000;
    [job] = t.queue.claim('notes', 1);
    expect(job!.attempt).toBe(3);
    t.queue.settle('notes', [
      { job: job!, outcome: { status: 'retry', code: 'smtp.connectionFailed', params: { host: 'mx' } } },
    ]);
    expect(t.queue.get(String(job!.id))).toMatchObject({
      state: 'dead',
      attempts: 3,
      lastErrorCode: 'smtp.connectionFailed',
      lastErrorParams: { host: 'mx' },
    });
    expect(t.queue.channels().find((c) => c.channel === 'notes')?.failingSince).not.toBeNull();
  });

  it('sends a permanent refusal to dead at once, and a sent job clears the channel’s failing mark', () => {
    t = openTestQueue();
    enqueueNote('a');
    enqueueNote('b');
    const [a, b] = t.queue.claim('notes', 2);
    t.queue.settle('notes', [
      { job: a!, outcome: { status: 'permanent', code: 'smtp.rejected', params: { reply: '550' } } },
    ]);
    expect(t.queue.get(String(a!.id))).toMatchObject({
      state: 'dead',
      attempts: 1,
      lastErrorCode: 'smtp.rejected',
    });
    expect(t.queue.channels().find((c) => c.channel === 'notes')?.failingSince).not.toBeNull();
    t.queue.settle('notes', [{ job: b!, outcome: { status: 'sent' } }]);
    expect(t.queue.channels().find((c) => c.channel === 'notes')?.failingSince).toBeNull();
  });

  it('pauses the channel on an authentication failure and gives the job its attempt back', () => {
    t = openTestQueue();
    enqueueNote('a');
    const [job] = t.queue.claim('notes', 1);
    const r = t.queue.settle('notes', [{ job: job!, outcome: { status: 'pause', code: 'smtp.authFailed' } }]);
    expect(r.paused).toEqual({ code: 'smtp.authFailed', params: {} });
    expect(t.queue.isPaused('notes')).toBe(true);
    expect(t.queue.isPaused('texts')).toBe(false);
    expect(t.queue.get(String(job!.id))).toMatchObject({
      state: 'waiting',
      attempts: 0,
      lastErrorCode: 'smtp.authFailed',
    });
    expect(t.queue.channels().find((c) => c.channel === 'notes')).toMatchObject({
      paused: true,
      pausedBy: 'auto',
      pauseCode: 'smtp.authFailed',
    });
    t.queue.resume('notes', 'admin');
    expect(t.queue.isPaused('notes')).toBe(false);
  });
});

describe('at-most-once: an attempt whose outcome is unknown', () => {
  function enqueueSms(n: number) {
    return t.db.sqlite.transaction(() =>
      t.queue.enqueue(t.db.sqlite, smsLikeKind, { to: '+46701234567', n }, { key: `sms:${n}` }),
    )();
  }

  it('is resolved before it is sent again after a crash', () => {
    t = openTestQueue();
    enqueueSms(1);
    const [first] = t.queue.claim('texts', 1);
    expect(first!.needsResolve).toBe(false);
    t.clock.now += smsLikeKind.leaseMs + 1; // the process died holding it
    const [again] = t.queue.claim('texts', 1);
    expect(again!.needsResolve).toBe(true);
    t.queue.settle('texts', [{ job: again!, resolution: { status: 'sent', ref: 'gw-1' } }]);
    expect(t.queue.get(String(again!.id))).toMatchObject({ state: 'done', ref: 'gw-1' });
  });

  it('is parked for a person when the gateway cannot tell, even on its last attempt, never dead', () => {
    t = openTestQueue();
    enqueueSms(2);
    let [job] = t.queue.claim('texts', 1);
    t.queue.settle('texts', [
      { job: job!, outcome: { status: 'unknown', code: 'sms.unknownOutcome', params: { provider: 'p' } } },
    ]);
    expect(t.queue.get(String(job!.id)).state).toBe('retry');
    t.clock.now += 60_000;
    [job] = t.queue.claim('texts', 1);
    expect(job!.needsResolve).toBe(true);
    t.queue.settle('texts', [{ job: job!, resolution: { status: 'unknown', code: 'jobs.unknownOutcome' } }]);
    expect(t.queue.get(String(job!.id))).toMatchObject({
      state: 'parked',
      lastErrorCode: 'jobs.unknownOutcome',
    });
    expect(t.queue.claim('texts', 1)).toEqual([]);

    // A person checked the gateway's log and it never went: send again, and it is a fresh send.
    t.queue.retry(String(job!.id), 'anna');
    [job] = t.queue.claim('texts', 1);
    expect(job).toMatchObject({ needsResolve: false, attempt: 1 });
    t.queue.settle('texts', [{ job: job!, outcome: { status: 'unknown', code: 'sms.unknownOutcome' } }]);
    for (let i = 0; i < 2; i++) {
      t.clock.now += 120_000;
      [job] = t.queue.claim('texts', 1);
      t.queue.settle('texts', [{ job: job!, outcome: { status: 'unknown', code: 'sms.unknownOutcome' } }]);
    }
    expect(t.queue.get(String(job!.id)).state).toBe('parked');
    t.queue.markSent(String(job!.id), 'anna');
    expect(t.queue.get(String(job!.id)).state).toBe('done');
    expect(t.audits.map((a) => a.action)).toEqual(['jobs.retry', 'jobs.markSent']);
  });
});

describe('admin actions', () => {
  it('retries a dead job with fresh attempts and discards only with a reason, audited', () => {
    t = openTestQueue();
    enqueueNote('a');
    const [job] = t.queue.claim('notes', 1);
    t.queue.settle('notes', [{ job: job!, outcome: { status: 'permanent', code: 'smtp.rejected' } }]);
    const id = String(job!.id);
    expect(t.queue.retry(id, 'admin1')).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(() => t.queue.discard(id, '  ', 'admin1')).toThrow(CareDockError);
    expect(t.queue.discard(id, 'recipient moved away', 'admin1')).toMatchObject({
      state: 'dead',
      lastErrorCode: 'jobs.discarded',
      discardReason: 'recipient moved away',
    });
    expect(() => t.queue.discard(id, 'again', 'admin1')).toThrow(/discard/);
    expect(() => t.queue.retry('999', 'admin1')).toThrow(CareDockError);
    expect(t.audits).toEqual([
      { actor: 'admin1', action: 'jobs.retry', subject: `test.note#${id}`, details: { from: 'dead' } },
      {
        actor: 'admin1',
        action: 'jobs.discard',
        subject: `test.note#${id}`,
        details: { reason: 'recipient moved away', from: 'waiting' },
      },
    ]);
  });

  it('counts each channel’s jobs by state and keeps payloads out of the listing', () => {
    t = openTestQueue();
    enqueueNote('secret text', 'note:1');
    enqueueNote('b');
    t.queue.claim('notes', 1);
    const notes = t.queue.channels().find((c) => c.channel === 'notes')!;
    expect(notes.counts).toMatchObject({ waiting: 1, running: 1, done: 0, dead: 0, parked: 0, retry: 0 });
    expect(JSON.stringify(t.queue.list())).not.toContain('secret text');
    t.queue.pause('notes', 'admin1');
    expect(t.queue.claim('notes', 5)).toHaveLength(1); // claim itself does not look; the runner does
    expect(t.queue.isPaused('notes')).toBe(true);
  });
});
