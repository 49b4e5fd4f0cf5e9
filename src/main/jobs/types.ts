// What the queue's modules and its callers share: a leased job, the outcomes a runner records,
// and the context each module works in.
import type { AuditAction } from '../../shared/domain/audit.ts';
import type { ErrorCode, ErrorParams } from '../../shared/errors/index.ts';
import type { JobKind, Outcome, Resolution } from '../../shared/jobs/index.ts';
import type { JobData } from './data.ts';

/** A job a runner holds: the token proves the claim when it marks the outcome. */
export interface LeasedJob<P = unknown> {
  id: number;
  token: number;
  kind: JobKind<P>;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  /** An earlier at-most-once attempt may have gone out: resolve before sending. */
  needsResolve: boolean;
  leaseUntil: number;
  /** Its coalesce key: a newer job of the key may be waiting while this one runs. */
  coalesceKey: string | null;
}

export type Settlement =
  | { job: LeasedJob; outcome: Outcome }
  | { job: LeasedJob; resolution: Exclude<Resolution, { status: 'not-sent' }> };

export interface SettleResult {
  /** Jobs whose lease had ended or been taken over: their outcome was not recorded. */
  stale: number[];
  /** The channel was paused by this batch (an authentication or TLS failure). */
  paused: { code: ErrorCode; params: ErrorParams } | null;
}

export type AuditHook = (
  actor: string,
  action: AuditAction,
  subject: string,
  details: Record<string, string>,
) => void;

/** What every module of the queue works with. */
export interface QueueContext {
  readonly data: JobData;
  readonly kinds: ReadonlyMap<string, JobKind>;
  readonly now: () => number;
  readonly random: () => number;
  readonly audit: AuditHook;
  /** Tell the channel's runner, once the caller's transaction has ended, that it has work. */
  readonly wakeAfterCommit: (channel: string) => void;
  /** Tell the channel's runner now (an admin's change, already committed). */
  readonly wakeNow: (channel: string) => void;
}
