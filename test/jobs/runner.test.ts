import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChannelRunner, JobQueue } from '../../src/main/jobs/index.ts';
import { defineJobKind, type JobKind, type Outcome } from '../../src/shared/jobs/index.ts';
import { noteKind, openTestQueue, type TestQueue } from './helpers.ts';

let t: TestQueue | undefined;
const runners: ChannelRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  t?.close();
});

const quickLease = defineJobKind({
  kind: 'test.quick',
  channel: 'quick',
  payload: z.object({ n: z.number() }),
  maxAttempts: 5,
  backoff: { baseMs: 10, capMs: 20 },
  leaseMs: 1000,
  delivery: 'at-least-once',
});

function realQueue(kinds: JobKind[]): TestQueue {
  const base = openTestQueue(kinds);
  // Runners sleep on real timers, so these tests run on the real clock.
  const queue = new JobQueue({ sqlite: base.db.sqlite, kinds });
  return { ...base, queue };
}

function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('channel runners', () => {
  it('runs every job once, and a paused or failing channel does not hold up another', async () => {
    t = realQueue([noteKind as JobKind, quickLease as JobKind]);
    const q = t.queue;
    const seen: number[] = [];
    const notes = new ChannelRunner(q, {
      channel: 'notes',
      concurrency: 8,
      adapters: {
        'test.note': { send: async () => ({ status: 'pause', code: 'smtp.authFailed' }) as Outcome },
      },
    });
    const quick = new ChannelRunner(q, {
      channel: 'quick',
      concurrency: 8,
      adapters: {
        'test.quick': {
          send: async (job) => {
            seen.push((job.payload as { n: number }).n);
            return { status: 'sent' };
          },
        },
      },
    });
    runners.push(notes, quick);
    notes.start();
    quick.start();
    t.db.sqlite.transaction(() => {
      for (let n = 0; n < 200; n++) {
        q.enqueue(t!.db.sqlite, quickLease, { n }, { key: `q:${n}` });
        q.enqueue(t!.db.sqlite, noteKind, { text: `n${n}` }, { key: `n:${n}` });
      }
    })();
    await waitFor(() => q.channels().find((c) => c.channel === 'quick')!.counts.done === 200);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(200).keys()]);
    const notesState = q.channels().find((c) => c.channel === 'notes')!;
    expect(notesState).toMatchObject({ paused: true, pauseCode: 'smtp.authFailed' });
    expect(notesState.counts.waiting).toBe(200);
  });

  it('takes over a job whose runner hung past its lease; the hung runner’s late answer is refused', async () => {
    t = realQueue([quickLease as JobKind]);
    const q = t.queue;
    const stale: number[] = [];
    let releaseHung: () => void = () => undefined;
    const hung = new ChannelRunner(q, {
      channel: 'quick',
      onStale: (_c, ids) => stale.push(...ids),
      adapters: {
        'test.quick': {
          // Ignores its abort signal and answers long after the lease: a runner stuck in I/O.
          send: () =>
            new Promise<Outcome>((resolve) => (releaseHung = () => resolve({ status: 'sent', ref: 'hung' }))),
        },
      },
    });
    runners.push(hung);
    hung.start();
    t.db.sqlite.transaction(() => q.enqueue(t!.db.sqlite, quickLease, { n: 1 }, { key: 'one' }))();
    await waitFor(() => hung.inFlight === 1);
    const taker = new ChannelRunner(q, {
      channel: 'quick',
      idleMs: 100,
      adapters: { 'test.quick': { send: async () => ({ status: 'sent', ref: 'taker' }) } },
    });
    runners.push(taker);
    taker.start();
    await waitFor(() => q.list()[0]!.state === 'done');
    expect(q.list()[0]).toMatchObject({ ref: 'taker', attempts: 2 });
    releaseHung();
    await waitFor(() => stale.length === 1);
    expect(q.list()[0]).toMatchObject({ state: 'done', ref: 'taker' });
  });
});
