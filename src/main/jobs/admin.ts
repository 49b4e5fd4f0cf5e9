// What a person does with the queue (Admin → Integrations, `caredock jobs`): read jobs and
// channels, pause and resume a channel, retry, decide a parked job, discard with a reason. Every
// change is audited in the transaction that makes it.
import { CareDockError, isErrorCode, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';
import { jobStates, type ChannelState, type JobState, type JobSummary } from '../../shared/jobs/index.ts';
import type { JobRow } from './data.ts';
import { iso, paramsJson, paramsOf, summary } from './summary.ts';
import type { QueueContext } from './types.ts';

function row(ctx: QueueContext, id: string): JobRow {
  const n = Number(id);
  const found = Number.isInteger(n) ? ctx.data.byId(n) : undefined;
  if (!found) throw new CareDockError('jobs.notFound', { id });
  return found;
}

export function getJob(ctx: QueueContext, id: string): JobSummary {
  return summary(row(ctx, id));
}

export function listJobs(
  ctx: QueueContext,
  filter: { state?: JobState; channel?: string; limit?: number },
): JobSummary[] {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  return ctx.data.list({ state: filter.state ?? null, channel: filter.channel ?? null, limit }).map(summary);
}

/** Every channel a kind names or a row mentions, with its pause and its jobs counted per state. */
export function channelStates(ctx: QueueContext, kindChannels: readonly string[]): ChannelState[] {
  const names = new Set(kindChannels);
  const counts = ctx.data.counts();
  for (const c of counts) names.add(c.channel);
  const rows = ctx.data.channels();
  for (const r of rows) names.add(r.channel);
  return [...names].sort().map((channel) => {
    const r = rows.find((x) => x.channel === channel);
    const perState = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
    for (const c of counts) if (c.channel === channel) perState[c.state] = c.n;
    const paused = r?.paused === 1;
    return {
      channel,
      paused,
      pausedBy: paused ? r.paused_by : null,
      pauseCode: paused ? r.pause_code : null,
      pauseParams: paused ? paramsOf(r.pause_params) : null,
      pausedAt: paused ? iso(r.paused_at) : null,
      failingSince: r ? iso(r.failing_since) : null,
      counts: perState,
    };
  });
}

export function pauseStateOf(
  ctx: QueueContext,
  channel: string,
): { code: ErrorCode; params: ErrorParams; by: 'admin' | 'auto'; at: string } | null {
  const r = ctx.data.channel(channel);
  if (r?.paused !== 1) return null;
  const code =
    r.pause_code !== null && isErrorCode(r.pause_code) ? r.pause_code : 'jobs.channelPausedByAdmin';
  return {
    code,
    params: paramsOf(r.pause_params) ?? { channel },
    by: r.paused_by ?? 'admin',
    at: iso(r.paused_at) ?? new Date(ctx.now()).toISOString(),
  };
}

export function pauseChannel(ctx: QueueContext, channel: string, actor: string): void {
  ctx.data.sqlite.transaction(() => {
    ctx.data.setPause(channel, {
      paused: true,
      by: 'admin',
      code: 'jobs.channelPausedByAdmin',
      paramsJson: JSON.stringify({ channel }),
      at: ctx.now(),
    });
    ctx.audit(actor, 'jobs.channel.pause', channel, {});
  })();
}

export function resumeChannel(ctx: QueueContext, channel: string, actor: string): void {
  ctx.data.sqlite.transaction(() => {
    ctx.data.setPause(channel, { paused: false, by: null, code: null, paramsJson: null, at: null });
    ctx.audit(actor, 'jobs.channel.resume', channel, {});
  })();
  ctx.wakeNow(channel);
}

/** Paused by the channel's own code (not a person): its misconfiguration is the message. */
export function pauseChannelAuto(ctx: QueueContext, channel: string, code: ErrorCode, p: ErrorParams): void {
  ctx.data.setPause(channel, { paused: true, by: 'auto', code, paramsJson: paramsJson(p), at: ctx.now() });
}

/** Lifts a pause the channel put on itself; a person's pause stays. Answers whether it lifted one. */
export function liftAutoPause(ctx: QueueContext, channel: string): boolean {
  const r = ctx.data.channel(channel);
  if (r?.paused !== 1 || r.paused_by !== 'auto') return false;
  ctx.data.setPause(channel, { paused: false, by: null, code: null, paramsJson: null, at: null });
  ctx.wakeAfterCommit(channel);
  return true;
}

/** Dead, parked or retrying → waiting now with fresh attempts. A parked job's send mark goes: a person chose to send again. */
export function retryJob(ctx: QueueContext, id: string, actor: string): JobSummary {
  const out = ctx.data.sqlite.transaction(() => {
    const r = row(ctx, id);
    if (r.state !== 'dead' && r.state !== 'parked' && r.state !== 'retry')
      throw new CareDockError('jobs.wrongState', { id, state: r.state, action: 'retry' });
    ctx.data.resetForRetry(r.id, ctx.now());
    ctx.audit(actor, 'jobs.retry', `${r.kind}#${r.id}`, { from: r.state });
    return row(ctx, id);
  })();
  ctx.wakeNow(out.channel);
  return summary(out);
}

/** A parked job that a person found in the provider's log: it did go out. */
export function markJobSent(ctx: QueueContext, id: string, actor: string): JobSummary {
  return ctx.data.sqlite.transaction(() => {
    const r = row(ctx, id);
    if (r.state !== 'parked')
      throw new CareDockError('jobs.wrongState', { id, state: r.state, action: 'markSent' });
    ctx.data.markSentByPerson(r.id, ctx.now());
    ctx.audit(actor, 'jobs.markSent', `${r.kind}#${r.id}`, {});
    return summary(row(ctx, id));
  })();
}

export function discardJob(ctx: QueueContext, id: string, reason: string, actor: string): JobSummary {
  const text = reason.trim();
  if (text.length === 0) throw new CareDockError('jobs.reasonRequired');
  return ctx.data.sqlite.transaction(() => {
    const r = row(ctx, id);
    if (r.state === 'done' || r.state === 'running' || (r.state === 'dead' && r.discard_reason !== null))
      throw new CareDockError('jobs.wrongState', { id, state: r.state, action: 'discard' });
    ctx.data.discard(r.id, text, actor, 'jobs.discarded', JSON.stringify({ actor, reason: text }), ctx.now());
    ctx.audit(actor, 'jobs.discard', `${r.kind}#${r.id}`, { reason: text, from: r.state });
    return summary(row(ctx, id));
  })();
}
