// Sync running by itself is the job queue's channel 'sync': a nudge after new work runs a pass
// job, one pass waits at a time, a failing server is retried with the queue's backoff (a nudge
// does not bring it forward), and pausing the channel stops it until it is resumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  addRegistrations,
  install,
  startWorld,
  workstation,
  type World,
} from './helpers/world.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sync on the job queue', () => {
  it('pushes after a nudge, keeps one pass waiting, backs off a dead server and obeys a pause', async () => {
    const tc = await workstation({ syncIntervalSeconds: 600 });
    try {
      const { sync, integrations } = tc.core;
      const queue = integrations.queue;
      await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      // The install's first turn comes from the queue.
      await until(() => queue.list({ channel: 'sync', state: 'done' }).length >= 1);

      addRegistrations(tc.core.database.sqlite, 3);
      sync.outboxChanged();
      await until(() => sync.status().waiting === 0);
      const pending = () => queue.active('sync.pass').filter((j) => j.state !== 'running');
      await until(() => pending().length === 1 && pending()[0]!.state === 'waiting');
      sync.outboxChanged();
      sync.outboxChanged();
      expect(pending()).toHaveLength(1);

      // A paused channel runs nothing; resumed, the waiting work goes.
      queue.pause('sync', 'admin');
      addRegistrations(tc.core.database.sqlite, 2);
      sync.outboxChanged();
      await new Promise((r) => setTimeout(r, 3_000));
      expect(sync.status()).toMatchObject({
        waiting: 2,
        state: 'paused',
        error: { code: 'jobs.channelPausedByAdmin' },
      });
      await expect(sync.runOnce('user')).rejects.toMatchObject({ code: 'jobs.channelPausedByAdmin' });
      queue.resume('sync', 'admin');
      await until(() => sync.status().waiting === 0);

      // Nobody answers: the pass retries with the queue's backoff, and a nudge leaves that alone.
      sync.repointServer('https://127.0.0.1:1/');
      addRegistrations(tc.core.database.sqlite, 1);
      sync.outboxChanged();
      await until(() => queue.active('sync.pass').some((j) => j.state === 'retry'));
      const retrying = queue.active('sync.pass').find((j) => j.state === 'retry')!;
      expect(retrying.lastErrorCode).toMatch(/^sync\./);
      expect(sync.status().state).toBe('error');
      expect(sync.status().nextAttemptAt).toBe(retrying.nextAttemptAt);
      expect(queue.channels().find((c) => c.channel === 'sync')?.failingSince).not.toBeNull();
      sync.outboxChanged();
      expect(queue.active('sync.pass').find((j) => j.state === 'retry')?.nextAttemptAt).toBe(
        retrying.nextAttemptAt,
      );
      expect(queue.active('sync.pass')).toHaveLength(1);
    } finally {
      await tc.cleanup();
    }
  });
});
