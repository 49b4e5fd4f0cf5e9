// Admin → Integrations' handlers: channels and jobs of the workstation's one queue, and what an
// administrator does with them. Every change is audited by the queue in its own transaction,
// with the administrator as the actor.
import { CHANNEL_FAILING_ALERT_MS } from '../../shared/api/procedures/jobs.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { JobQueue } from './queue.ts';

type JobProcedure =
  | 'jobs.channels'
  | 'jobs.list'
  | 'jobs.health'
  | 'jobs.retry'
  | 'jobs.markSent'
  | 'jobs.discard'
  | 'jobs.pause'
  | 'jobs.resume';

export function jobHandlers(queue: JobQueue, now: () => number = Date.now): AreaHandlers<JobProcedure> {
  const known = (channel: string): string => {
    if (!queue.channels().some((c) => c.channel === channel))
      throw new CareDockError('jobs.channelUnknown', { channel });
    return channel;
  };
  return {
    'jobs.channels': () => ({ channels: queue.channels() }),
    'jobs.list': (input) => ({
      jobs: queue.list({
        ...(input.channel ? { channel: input.channel } : {}),
        ...(input.state ? { state: input.state } : {}),
        limit: input.limit,
      }),
    }),
    'jobs.health': () => ({
      failing: queue
        .channels()
        .filter(
          (c) => c.failingSince !== null && now() - Date.parse(c.failingSince) > CHANNEL_FAILING_ALERT_MS,
        )
        .map((c) => ({ channel: c.channel, since: c.failingSince! })),
    }),
    'jobs.retry': (input, ctx) => queue.retry(input.id, callerOf(ctx).username),
    'jobs.markSent': (input, ctx) => queue.markSent(input.id, callerOf(ctx).username),
    'jobs.discard': (input, ctx) => queue.discard(input.id, input.reason, callerOf(ctx).username),
    'jobs.pause': (input, ctx) => {
      queue.pause(known(input.channel), callerOf(ctx).username);
      return { channels: queue.channels() };
    },
    'jobs.resume': (input, ctx) => {
      queue.resume(known(input.channel), callerOf(ctx).username);
      return { channels: queue.channels() };
    },
  };
}
