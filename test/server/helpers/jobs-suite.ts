// The server queue's contract, run on each engine (jobs.pglite.test.ts, jobs.postgres.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database, type DatabaseSpec } from '../../../src/server/db/database.ts';
import { migrate } from '../../../src/server/db/migrate.ts';
import { ServerChannelRunner, ServerJobQueue } from '../../../src/server/jobs/index.ts';
import { defineJobKind, type JobKind, type Outcome } from '../../../src/shared/jobs/index.ts';

const fileJob = defineJobKind({
  kind: 'test.export',
  channel: 'files',
  payload: z.object({ month: z.string() }),
  maxAttempts: 2,
  backoff: { baseMs: 1000, capMs: 1000 },
  leaseMs: 1000,
  delivery: 'at-least-once',
});
const inboxJob = defineJobKind({
  kind: 'test.inbox',
  channel: 'inbox',
  payload: z.object({ n: z.number() }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 1000 },
  leaseMs: 1000,
  delivery: 'at-most-once',
});

function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(() => void tick(), 50);
    };
    void tick();
  });
}

export function defineJobsSuite(spec: () => Promise<DatabaseSpec>): void {
  let database: Database;
  let queue: ServerJobQueue;
  beforeAll(async () => {
    database = await openDatabase(await spec());
    await migrate(database);
    queue = await ServerJobQueue.open({ database, kinds: [fileJob as JobKind, inboxJob as JobKind] });
  });
  afterAll(async () => {
    await queue?.close();
    await database?.close();
  });

  describe('enqueue', () => {
    it('opens again on a database whose queues exist (a second server process, a restart)', async () => {
      const second = await ServerJobQueue.open({
        database,
        kinds: [fileJob as JobKind, inboxJob as JobKind],
      });
      await second.close();
    });

    it('commits with the caller’s transaction or not at all, and refuses a second job with the same key', async () => {
      await expect(
        database.rawTransaction(async (s) => {
          await queue.enqueue(fileJob, { month: '2026-10' }, { key: 'export:2026-10' }, s);
          throw new Error('the import failed');
        }),
      ).rejects.toThrow('the import failed');
      expect(await queue.admin.list({ channel: 'files' })).toEqual([]);
      const made = await database.rawTransaction((s) =>
        queue.enqueue(fileJob, { month: '2026-10' }, { key: 'export:2026-10' }, s),
      );
      expect(made.outcome).toBe('created');
      expect(await queue.enqueue(fileJob, { month: '2026-10' }, { key: 'export:2026-10' })).toEqual({
        outcome: 'duplicate',
        id: made.id,
      });
      const [job] = await queue.admin.list({ channel: 'files' });
      expect(job).toMatchObject({ state: 'waiting', key: 'export:2026-10', attempts: 0, maxAttempts: 2 });
      expect(JSON.stringify(job)).not.toContain('2026-10"}'); // no payload in a listing
    });

    it('folds a change into the job of the same coalesce key that still waits', async () => {
      const a = await queue.enqueue(inboxJob, { n: 10 }, { key: 'plan:9:v1', coalesceKey: 'plan:9' });
      const b = await queue.enqueue(inboxJob, { n: 11 }, { key: 'plan:9:v2', coalesceKey: 'plan:9' });
      expect(a.outcome).toBe('created');
      expect(b).toEqual({ outcome: 'coalesced', id: a.id });
      const [job] = await queue.claim('inbox', 5);
      expect(job!.payload).toEqual({ n: 11 });
      await queue.settle('inbox', { job: job!, outcome: { status: 'sent' } });
    });
  });

  describe('runs and outcomes', () => {
    it('runs jobs through a runner, retries, and is dead after the maximum with the last code', async () => {
      const sends = new Map<string, number>();
      const runner = new ServerChannelRunner(queue, {
        channel: 'files',
        pollMs: 100,
        adapters: {
          'test.export': {
            send: async (job): Promise<Outcome> => {
              const month = (job.payload as { month: string }).month;
              sends.set(month, (sends.get(month) ?? 0) + 1);
              if (month === 'bad')
                return { status: 'retry', code: 'smtp.connectionFailed', params: { host: 'files' } };
              if (month === 'refused')
                return { status: 'permanent', code: 'smtp.rejected', params: { reply: '550' } };
              return { status: 'sent', ref: `ref-${month}` };
            },
          },
        },
      });
      for (const month of ['2026-01', '2026-02', 'bad', 'refused'])
        await queue.enqueue(fileJob, { month }, { key: `run:${month}` });
      runner.start();
      try {
        await waitFor(async () => (await queue.admin.list({ channel: 'files', state: 'dead' })).length === 2);
        await waitFor(async () => (await queue.admin.list({ channel: 'files', state: 'done' })).length === 3);
      } finally {
        await runner.stop();
      }
      const jobs = await queue.admin.list({ channel: 'files' });
      const byKey = (k: string) => jobs.find((j) => j.key === k)!;
      expect(byKey('run:2026-01')).toMatchObject({ state: 'done', ref: 'ref-2026-01', attempts: 1 });
      expect(byKey('run:bad')).toMatchObject({
        state: 'dead',
        attempts: 2,
        lastErrorCode: 'smtp.connectionFailed',
      });
      expect(byKey('run:refused')).toMatchObject({
        state: 'dead',
        attempts: 1,
        lastErrorCode: 'smtp.rejected',
      });
      expect(sends.get('bad')).toBe(2);
      expect(sends.get('refused')).toBe(1);
      const files = (await queue.admin.channels()).find((c) => c.channel === 'files')!;
      expect(files.counts).toMatchObject({ done: 3, dead: 2, waiting: 0, running: 0 });

      const retried = await queue.admin.retry(byKey('run:refused').id);
      expect(retried.state).toBe('waiting');
      const discarded = await queue.admin.discard(retried.id, 'the month was reopened', 'admin1');
      expect(discarded).toMatchObject({
        state: 'dead',
        lastErrorCode: 'jobs.discarded',
        discardReason: 'the month was reopened',
      });
      await expect(queue.admin.discard(retried.id, 'again', 'admin1')).rejects.toThrow(/discard/);
    });

    it('refuses the mark of a claim whose lease lapsed and was taken over', async () => {
      await queue.enqueue(fileJob, { month: 'lease' }, { key: 'lease:1' });
      const [first] = await queue.claim('files', 1);
      expect(first).toBeDefined();
      await new Promise((r) => setTimeout(r, 1500));
      await queue.supervise(); // pg-boss's maintenance: the lapsed attempt goes back to retry
      await waitFor(async () => {
        const [again] = await queue.claim('files', 1);
        if (!again) return false;
        expect(again.retryCount).toBe(first!.retryCount + 1);
        expect((await queue.settle('files', { job: first!, outcome: { status: 'sent' } })).recorded).toBe(
          false,
        );
        expect(
          (await queue.settle('files', { job: again, outcome: { status: 'sent', ref: 'r2' } })).recorded,
        ).toBe(true);
        return true;
      });
      expect((await queue.admin.list({ channel: 'files' })).find((j) => j.key === 'lease:1')).toMatchObject({
        state: 'done',
        ref: 'r2',
      });
    });

    it('pauses the channel for every process on an authentication failure, the job waiting unharmed', async () => {
      await queue.enqueue(inboxJob, { n: 1 }, { key: 'pause:1' });
      const [job] = await queue.claim('inbox', 1);
      const r = await queue.settle('inbox', {
        job: job!,
        outcome: { status: 'pause', code: 'sms.authFailed', params: { provider: 'x' } },
      });
      expect(r.paused).toEqual({ code: 'sms.authFailed', params: { provider: 'x' } });
      expect(await queue.isPaused('inbox')).toBe(true);
      expect((await queue.admin.list({ channel: 'inbox' })).find((j) => j.key === 'pause:1')?.state).toBe(
        'waiting',
      );
      await queue.admin.resume('inbox', 'admin1');
      expect(await queue.isPaused('inbox')).toBe(false);
      const [again] = await queue.claim('inbox', 1);
      expect(again!.needsResolve).toBe(false); // it was not sent: no lookup before sending
      await queue.settle('inbox', { job: again!, outcome: { status: 'sent' } });
    });

    it('resolves an at-most-once attempt of unknown outcome before sending again, and parks what cannot be told', async () => {
      await queue.enqueue(inboxJob, { n: 2 }, { key: 'unknown:2' });
      const [job] = await queue.claim('inbox', 1);
      await queue.settle('inbox', {
        job: job!,
        outcome: { status: 'unknown', code: 'sms.unknownOutcome', params: { provider: 'x' } },
      });
      let again: Awaited<ReturnType<ServerJobQueue['claim']>>[number] | undefined;
      await waitFor(async () => {
        [again] = await queue.claim('inbox', 1);
        return again !== undefined;
      });
      expect(again!.needsResolve).toBe(true);
      await queue.settle('inbox', {
        job: again!,
        resolution: { status: 'unknown', code: 'jobs.unknownOutcome' },
      });
      const parked = (await queue.admin.list({ channel: 'inbox', state: 'parked' }))[0]!;
      expect(parked).toMatchObject({ key: 'unknown:2', lastErrorCode: 'jobs.unknownOutcome' });
      // A person checked: it never arrived. Send again — as a fresh send, not another lookup.
      await queue.admin.retry(parked.id);
      const [fresh] = await queue.claim('inbox', 1);
      expect(fresh).toMatchObject({ id: parked.id, needsResolve: false });
      await queue.settle('inbox', {
        job: fresh!,
        outcome: { status: 'unknown', code: 'sms.unknownOutcome' },
      });
      await waitFor(async () => {
        const [j] = await queue.claim('inbox', 1);
        if (!j) return false;
        await queue.settle('inbox', {
          job: j,
          resolution: { status: 'unknown', code: 'jobs.unknownOutcome' },
        });
        return true;
      });
      expect((await queue.admin.markSent(parked.id)).state).toBe('done');
    });
  });
}
