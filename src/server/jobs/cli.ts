// `caredock server jobs list|retry`: the server queue from the command line, on the database
// directly (embedded PGlite admits one process, so not while `caredock server start` runs there).
import { jobStates, type JobState } from '../../shared/jobs/index.ts';
import type { ServerContext } from '../context.ts';
import { serverJobKinds } from './kinds.ts';
import { ServerJobQueue } from './queue.ts';

export function parseState(value: string | undefined): JobState | undefined {
  if (value === undefined) return undefined;
  if (!(jobStates as readonly string[]).includes(value))
    throw new Error(`--state is one of ${jobStates.join(', ')}`);
  return value as JobState;
}

export async function withServerQueue<T>(
  ctx: ServerContext,
  fn: (q: ServerJobQueue) => Promise<T>,
): Promise<T> {
  const queue = await ServerJobQueue.open({ database: ctx.database, kinds: serverJobKinds });
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}
