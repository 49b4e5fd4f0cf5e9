// The workstation's durable job queue: one SQLite table in the product's own database.
//
// Why our own table and not liteque: liteque (karakeep-app/liteque) opens its own database
// through its own drizzle client and its enqueue is async, so a job cannot commit in the same
// better-sqlite3 transaction as the plan that causes it — which is the one thing this queue must
// do (Signal Desktop's JobQueue pattern: a plan and its notice commit together or not at all). It
// also deletes finished jobs, where the admin view and reconciliation need to see what went out.
// What we keep of it: a claim is a compare-and-swap on a per-job token (liteque's allocation id;
// here a counter raised by every claim, so it is a proper fencing token), and an expired lease
// makes a running job claimable again. Of pg-boss we keep the retry and dead-letter semantics: a
// retry limit per kind, exponential backoff between attempts, and a terminal state that keeps the
// last error for a person to act on. Backoff is full jitter (shared/jobs/backoff.ts).
//
// Every write is synchronous (better-sqlite3); claims and marks each take one IMMEDIATE
// transaction for a whole batch, so a no-op adapter runs thousands of jobs per fsync.
import type Database from 'better-sqlite3';
import type { AuditAction } from '../../shared/domain/audit.ts';
import { CareDockError, isErrorCode, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';
import {
  backoffDelayMs,
  jobStates,
  type ChannelState,
  type EnqueueOptions,
  type EnqueueResult,
  type JobKind,
  type JobState,
  type JobSummary,
  type Outcome,
  type Resolution,
} from '../../shared/jobs/index.ts';

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

export interface JobQueueOptions {
  sqlite: Database.Database;
  kinds: readonly JobKind<never>[] | readonly JobKind[];
  now?: () => number;
  random?: () => number;
  audit?: AuditHook;
}

interface JobRow {
  id: number;
  kind: string;
  channel: string;
  payload: string;
  idempotency_key: string;
  coalesce_key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  lease_token: number;
  send_started_at: number | null;
  last_error_code: string | null;
  last_error_params: string | null;
  ref: string | null;
  discard_reason: string | null;
  discarded_by: string | null;
  created_at: number;
  updated_at: number;
  done_at: number | null;
}

interface ChannelRow {
  channel: string;
  paused: number;
  paused_by: 'admin' | 'auto' | null;
  pause_code: string | null;
  pause_params: string | null;
  paused_at: number | null;
  failing_since: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function params(json: string | null): ErrorParams | null {
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorParams) : null;
}

function summary(r: JobRow): JobSummary {
  return {
    id: String(r.id),
    kind: r.kind,
    channel: r.channel,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    key: r.idempotency_key,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    nextAttemptAt: r.state === 'waiting' || r.state === 'retry' ? iso(r.next_attempt_at) : null,
    lastErrorCode: r.last_error_code,
    lastErrorParams: params(r.last_error_params),
    ref: r.ref,
    discardReason: r.discard_reason,
  };
}

export class JobQueue {
  readonly #sqlite: Database.Database;
  readonly #kinds = new Map<string, JobKind>();
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #audit: AuditHook;
  readonly #listeners = new Set<(channel: string) => void>();
  readonly #wakePending = new Set<string>();
  readonly #stmt;

  constructor(opts: JobQueueOptions) {
    this.#sqlite = opts.sqlite;
    for (const k of opts.kinds as readonly JobKind[]) {
      if (this.#kinds.has(k.kind)) throw new Error(`job kind ${k.kind} registered twice`);
      this.#kinds.set(k.kind, k);
    }
    this.#now = opts.now ?? Date.now;
    this.#random = opts.random ?? Math.random;
    this.#audit = opts.audit ?? (() => undefined);
    const s = (sql: string) => this.#sqlite.prepare(sql);
    this.#stmt = {
      insert: s(
        `insert into jobs (kind, channel, payload, idempotency_key, coalesce_key, state, max_attempts,
           next_attempt_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)
         on conflict do nothing`,
      ),
      byKey: s('select id from jobs where idempotency_key = ?').pluck(),
      pendingByCoalesce: s(
        `select id from jobs where coalesce_key = ? and state in ('waiting', 'retry')`,
      ).pluck(),
      coalesce: s(
        `update jobs set payload = ?, idempotency_key = ?, next_attempt_at = min(next_attempt_at, ?),
           updated_at = ? where id = ?`,
      ),
      ready: s(
        `select * from jobs where channel = ? and state = ? and next_attempt_at <= ?
         order by next_attempt_at, id limit ?`,
      ),
      coalesceBusy: s(
        `select 1 from jobs where coalesce_key = ? and state = 'running' and id != ? and next_attempt_at > ?`,
      ).pluck(),
      claim: s(
        `update jobs set state = 'running', attempts = attempts + 1, lease_token = lease_token + 1,
           next_attempt_at = ?, send_started_at = coalesce(send_started_at, ?), updated_at = ?
         where id = ? and lease_token = ?`,
      ),
      done: s(
        `update jobs set state = 'done', ref = ?, send_started_at = null, last_error_code = null,
           last_error_params = null, done_at = ?, updated_at = ?
         where id = ? and lease_token = ? and state = 'running' and next_attempt_at > ?`,
      ),
      fail: s(
        `update jobs set state = ?, next_attempt_at = ?, last_error_code = ?, last_error_params = ?,
           send_started_at = ?, attempts = attempts - ?, updated_at = ?
         where id = ? and lease_token = ? and state = 'running' and next_attempt_at > ?`,
      ),
      terminal: s(
        `update jobs set state = ?, last_error_code = ?, last_error_params = ?, send_started_at = null,
           updated_at = ? where id = ? and lease_token = ?`,
      ),
      get: s('select * from jobs where id = ?'),
      channel: s('select * from job_channels where channel = ?'),
      channelUpsert: s(
        `insert into job_channels (channel, paused, paused_by, pause_code, pause_params, paused_at)
         values (?, ?, ?, ?, ?, ?)
         on conflict (channel) do update set paused = excluded.paused, paused_by = excluded.paused_by,
           pause_code = excluded.pause_code, pause_params = excluded.pause_params, paused_at = excluded.paused_at`,
      ),
      failing: s(
        `insert into job_channels (channel, failing_since) values (?, ?)
         on conflict (channel) do update set failing_since = coalesce(failing_since, excluded.failing_since)`,
      ),
      healthy: s(
        'update job_channels set failing_since = null where channel = ? and failing_since is not null',
      ),
      counts: s('select channel, state, count(*) as n from jobs group by channel, state'),
      refRecorded: s(`select 1 from jobs where ref = ? and state = 'done'`).pluck(),
      nextDue: s(
        `select min(next_attempt_at) from jobs where channel = ? and state in ('waiting', 'retry', 'running')`,
      ).pluck(),
      expire: s(
        `delete from jobs where id in (select id from jobs where state in ('done', 'dead') and updated_at < ? limit ?)`,
      ),
    };
  }

  kind(name: string): JobKind | undefined {
    return this.#kinds.get(name);
  }

  channelsOfKinds(): string[] {
    return [...new Set([...this.#kinds.values()].map((k) => k.channel))];
  }

  /** Called (after the enqueuing transaction) with the channel that has new work. */
  onEnqueued(listener: (channel: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Adds a job inside the caller's open transaction on the same connection: it commits or rolls
   * back with the change that causes it. A key seen before answers `duplicate` (it does not throw:
   * that would roll back the caller's change too).
   */
  enqueue<P>(tx: Database.Database, kind: JobKind<P>, payload: P, opts: EnqueueOptions): EnqueueResult {
    if (tx !== this.#sqlite)
      throw new Error('enqueue: the transaction must be on the queue’s own connection');
    if (!tx.inTransaction)
      throw new Error('enqueue: call it inside the transaction of the change that causes it');
    const spec = this.#kinds.get(kind.kind);
    if (spec !== (kind as JobKind)) throw new Error(`enqueue: job kind ${kind.kind} is not registered`);
    const checked = kind.payload.safeParse(payload);
    if (!checked.success) throw new CareDockError('jobs.payloadInvalid', { kind: kind.kind });
    const json = JSON.stringify(checked.data);
    const now = this.#now();
    const runAt = opts.runAt ?? now;
    const existing = this.#stmt.byKey.get(opts.key) as number | undefined;
    if (existing !== undefined) return { outcome: 'duplicate', id: String(existing) };
    if (opts.coalesceKey !== undefined) {
      const pending = this.#stmt.pendingByCoalesce.get(opts.coalesceKey) as number | undefined;
      if (pending !== undefined) {
        this.#stmt.coalesce.run(json, opts.key, runAt, now, pending);
        this.#scheduleWake(kind.channel);
        return { outcome: 'coalesced', id: String(pending) };
      }
    }
    const r = this.#stmt.insert.run(
      kind.kind,
      kind.channel,
      json,
      opts.key,
      opts.coalesceKey ?? null,
      kind.maxAttempts,
      runAt,
      now,
      now,
    );
    if (r.changes === 0) return { outcome: 'duplicate', id: String(this.#stmt.byKey.get(opts.key)) };
    this.#scheduleWake(kind.channel);
    return { outcome: 'created', id: String(r.lastInsertRowid) };
  }

  #scheduleWake(channel: string): void {
    if (this.#wakePending.has(channel)) return;
    this.#wakePending.add(channel);
    // After the caller's (synchronous) transaction has committed or rolled back.
    setImmediate(() => {
      this.#wakePending.delete(channel);
      for (const l of this.#listeners) l(channel);
    });
  }

  /**
   * Takes up to `max` jobs of a channel that are due: waiting, due to retry, or running with a
   * lease that has ended (their runner died or hung). One transaction for the batch.
   */
  claim(channel: string, max: number): LeasedJob[] {
    if (max <= 0) return [];
    return this.#sqlite
      .transaction(() => {
        const now = this.#now();
        const candidates = (['waiting', 'retry', 'running'] as const)
          .flatMap((state) => this.#stmt.ready.all(channel, state, now, max) as JobRow[])
          .sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id);
        const leased: LeasedJob[] = [];
        const coalesceTaken = new Set<string>();
        for (const row of candidates) {
          if (leased.length >= max) break;
          if (row.coalesce_key !== null) {
            if (coalesceTaken.has(row.coalesce_key)) continue;
            if (this.#stmt.coalesceBusy.get(row.coalesce_key, row.id, now) !== undefined) continue;
          }
          const job = this.#lease(row, now);
          if (job) {
            leased.push(job);
            if (row.coalesce_key !== null) coalesceTaken.add(row.coalesce_key);
          }
        }
        return leased;
      })
      .immediate();
  }

  #lease(row: JobRow, now: number): LeasedJob | null {
    const kind = this.#kinds.get(row.kind);
    if (!kind) {
      this.#stmt.terminal.run(
        'dead',
        'jobs.unknownKind',
        JSON.stringify({ kind: row.kind }),
        now,
        row.id,
        row.lease_token,
      );
      return null;
    }
    const mayHaveSent = kind.delivery === 'at-most-once' && row.send_started_at !== null;
    if (row.state === 'running' && !mayHaveSent && row.attempts >= row.max_attempts) {
      this.#stmt.terminal.run('dead', 'jobs.leaseExpired', null, now, row.id, row.lease_token);
      return null;
    }
    const parsed = kind.payload.safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      this.#stmt.terminal.run(
        'dead',
        'jobs.payloadInvalid',
        JSON.stringify({ kind: row.kind }),
        now,
        row.id,
        row.lease_token,
      );
      return null;
    }
    const leaseUntil = now + kind.leaseMs;
    // At-most-once: the claim itself records that a send starts, in the same commit, so a crash
    // at any later point leaves a mark that the next claim must resolve before sending again.
    const sendStarted = kind.delivery === 'at-most-once' ? now : null;
    const r = this.#stmt.claim.run(leaseUntil, sendStarted, now, row.id, row.lease_token);
    if (r.changes === 0) return null;
    return {
      id: row.id,
      token: row.lease_token + 1,
      kind,
      payload: parsed.data,
      attempt: row.attempts + 1,
      needsResolve: mayHaveSent,
      leaseUntil,
    };
  }

  /**
   * At start, before any runner: every running job's lease belongs to a process that no longer
   * exists (the data folder's lock admits one process), so it may be taken over now rather than
   * when the lease would have ended. At-most-once jobs keep their send mark and are resolved.
   */
  /** Up to `limit` finished (done or dead) jobs last changed before `beforeMs`: what retention removes. */
  expireFinished(beforeMs: number, limit: number): number {
    return this.#stmt.expire.run(beforeMs, limit).changes;
  }

  releaseOrphanedLeases(): number {
    const now = this.#now();
    return this.#sqlite
      .prepare(
        `update jobs set next_attempt_at = ?, updated_at = ? where state = 'running' and next_attempt_at > ?`,
      )
      .run(now, now, now).changes;
  }

  /** Whether an outside system's id already belongs to one of our finished jobs. */
  refRecorded(ref: string): boolean {
    return this.#stmt.refRecorded.get(ref) !== undefined;
  }

  /** When the channel's next job falls due (a retry's time, or a running job's lease end). */
  nextDueAt(channel: string): number | null {
    return (this.#stmt.nextDue.get(channel) as number | null) ?? null;
  }

  /** Records the outcomes of a batch in one transaction; a stale claim's outcome is refused. */
  settle(channel: string, batch: readonly Settlement[]): SettleResult {
    if (batch.length === 0) return { stale: [], paused: null };
    return this.#sqlite
      .transaction((): SettleResult => {
        const now = this.#now();
        const stale: number[] = [];
        let paused: SettleResult['paused'] = null;
        let anySent = false;
        let anyFailed = false;
        for (const item of batch) {
          const { job } = item;
          let changed: number;
          if ('resolution' in item) {
            const res = item.resolution;
            if (res.status === 'sent') {
              changed = this.#stmt.done.run(res.ref ?? null, now, now, job.id, job.token, now).changes;
              anySent ||= changed > 0;
            } else {
              changed = this.#park(job, res.code, res.params, now);
            }
          } else {
            const o = item.outcome;
            switch (o.status) {
              case 'sent':
                changed = this.#stmt.done.run(o.ref ?? null, now, now, job.id, job.token, now).changes;
                anySent ||= changed > 0;
                break;
              case 'retry':
              case 'unknown': {
                const keepMark = o.status === 'unknown' && job.kind.delivery === 'at-most-once';
                if (job.attempt >= job.kind.maxAttempts) {
                  // Out of attempts. An outcome nobody knows is a person's to decide, never dead.
                  changed = keepMark
                    ? this.#park(job, o.code, o.params, now)
                    : this.#fail(job, 'dead', now, o.code, o.params, false, 0, now);
                } else {
                  const wait = Math.max(
                    backoffDelayMs(job.kind.backoff, job.attempt, this.#random),
                    o.status === 'retry' ? (o.retryAfterMs ?? 0) : 0,
                  );
                  changed = this.#fail(job, 'retry', now + wait, o.code, o.params, keepMark, 0, now);
                }
                anyFailed = true;
                break;
              }
              case 'permanent':
                changed = this.#fail(job, 'dead', now, o.code, o.params, false, 0, now);
                anyFailed = true;
                break;
              case 'pause':
                // The channel is misconfigured, not the job: it waits with its attempt given back.
                changed = this.#fail(job, 'waiting', now, o.code, o.params, false, 1, now);
                if (changed > 0 && paused === null) paused = { code: o.code, params: o.params ?? {} };
                anyFailed = true;
                break;
            }
          }
          if (changed === 0) stale.push(job.id);
        }
        if (paused) this.#setPaused(channel, true, 'auto', paused.code, paused.params, now);
        if (anySent) this.#stmt.healthy.run(channel);
        else if (anyFailed) this.#stmt.failing.run(channel, now);
        return { stale, paused };
      })
      .immediate();
  }

  #fail(
    job: LeasedJob,
    state: JobState,
    next: number,
    code: ErrorCode,
    p: ErrorParams | undefined,
    keepSendMark: boolean,
    giveBack: 0 | 1,
    now: number,
  ): number {
    const sendMark = keepSendMark ? now : null;
    return this.#stmt.fail.run(
      state,
      next,
      code,
      p ? JSON.stringify(p) : null,
      sendMark,
      giveBack,
      now,
      job.id,
      job.token,
      now,
    ).changes;
  }

  #park(job: LeasedJob, code: ErrorCode, p: ErrorParams | undefined, now: number): number {
    // Parked keeps its send mark: a person's "send again" clears it on purpose (retry()).
    return this.#stmt.fail.run(
      'parked',
      now,
      code,
      p ? JSON.stringify(p) : null,
      now,
      0,
      now,
      job.id,
      job.token,
      now,
    ).changes;
  }

  // ── admin ──

  #row(id: string): JobRow {
    const n = Number(id);
    const row = Number.isInteger(n) ? (this.#stmt.get.get(n) as JobRow | undefined) : undefined;
    if (!row) throw new CareDockError('jobs.notFound', { id });
    return row;
  }

  get(id: string): JobSummary {
    return summary(this.#row(id));
  }

  list(filter: { state?: JobState; channel?: string; limit?: number } = {}): JobSummary[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.channel) {
      where.push('channel = ?');
      args.push(filter.channel);
    }
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    const rows = this.#sqlite
      .prepare(
        `select * from jobs ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`,
      )
      .all(...args, limit) as JobRow[];
    return rows.map(summary);
  }

  channels(): ChannelState[] {
    const names = new Set(this.channelsOfKinds());
    const counts = this.#stmt.counts.all() as { channel: string; state: JobState; n: number }[];
    for (const c of counts) names.add(c.channel);
    const rows = this.#sqlite.prepare('select * from job_channels').all() as ChannelRow[];
    for (const r of rows) names.add(r.channel);
    return [...names].sort().map((channel) => {
      const row = rows.find((r) => r.channel === channel);
      const perState = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
      for (const c of counts) if (c.channel === channel) perState[c.state] = c.n;
      return {
        channel,
        paused: row ? row.paused === 1 : false,
        pausedBy: row?.paused ? row.paused_by : null,
        pauseCode: row?.paused ? row.pause_code : null,
        pauseParams: row?.paused ? params(row.pause_params) : null,
        pausedAt: row?.paused ? iso(row.paused_at) : null,
        failingSince: row ? iso(row.failing_since) : null,
        counts: perState,
      };
    });
  }

  isPaused(channel: string): boolean {
    const row = this.#stmt.channel.get(channel) as ChannelRow | undefined;
    return row?.paused === 1;
  }

  pauseState(channel: string): { code: ErrorCode; params: ErrorParams } | null {
    const row = this.#stmt.channel.get(channel) as ChannelRow | undefined;
    if (row?.paused !== 1) return null;
    const code =
      row.pause_code !== null && isErrorCode(row.pause_code) ? row.pause_code : 'jobs.channelPausedByAdmin';
    return { code, params: params(row.pause_params) ?? { channel } };
  }

  #setPaused(
    channel: string,
    paused: boolean,
    by: 'admin' | 'auto' | null,
    code: ErrorCode | null,
    p: ErrorParams | null,
    now: number,
  ): void {
    this.#stmt.channelUpsert.run(
      channel,
      paused ? 1 : 0,
      by,
      code,
      p ? JSON.stringify(p) : null,
      paused ? now : null,
    );
  }

  pause(channel: string, actor: string): void {
    this.#sqlite.transaction(() => {
      this.#setPaused(channel, true, 'admin', 'jobs.channelPausedByAdmin', { channel }, this.#now());
      this.#audit(actor, 'jobs.channel.pause', channel, {});
    })();
  }

  resume(channel: string, actor: string): void {
    this.#sqlite.transaction(() => {
      this.#setPaused(channel, false, null, null, null, this.#now());
      this.#audit(actor, 'jobs.channel.resume', channel, {});
    })();
    for (const l of this.#listeners) l(channel);
  }

  /** Dead, parked or retrying → waiting now with fresh attempts. A parked job's send mark goes: a person chose to send again. */
  retry(id: string, actor: string): JobSummary {
    const out = this.#sqlite.transaction(() => {
      const row = this.#row(id);
      if (row.state !== 'dead' && row.state !== 'parked' && row.state !== 'retry')
        throw new CareDockError('jobs.wrongState', { id, state: row.state, action: 'retry' });
      const now = this.#now();
      this.#sqlite
        .prepare(
          `update jobs set state = 'waiting', attempts = 0, next_attempt_at = ?, send_started_at = null,
             discard_reason = null, discarded_by = null, updated_at = ? where id = ?`,
        )
        .run(now, now, row.id);
      this.#audit(actor, 'jobs.retry', `${row.kind}#${row.id}`, { from: row.state });
      return this.#row(id);
    })();
    for (const l of this.#listeners) l(out.channel);
    return summary(out);
  }

  /** A parked job that a person found in the provider's log: it did go out. */
  markSent(id: string, actor: string): JobSummary {
    return this.#sqlite.transaction(() => {
      const row = this.#row(id);
      if (row.state !== 'parked')
        throw new CareDockError('jobs.wrongState', { id, state: row.state, action: 'markSent' });
      const now = this.#now();
      this.#sqlite
        .prepare(
          `update jobs set state = 'done', send_started_at = null, done_at = ?, updated_at = ? where id = ?`,
        )
        .run(now, now, row.id);
      this.#audit(actor, 'jobs.markSent', `${row.kind}#${row.id}`, {});
      return summary(this.#row(id));
    })();
  }

  discard(id: string, reason: string, actor: string): JobSummary {
    const text = reason.trim();
    if (text.length === 0) throw new CareDockError('jobs.reasonRequired');
    return this.#sqlite.transaction(() => {
      const row = this.#row(id);
      if (
        row.state === 'done' ||
        row.state === 'running' ||
        (row.state === 'dead' && row.discard_reason !== null)
      )
        throw new CareDockError('jobs.wrongState', { id, state: row.state, action: 'discard' });
      const now = this.#now();
      const mark = { code: 'jobs.discarded', params: { actor, reason: text } } as const;
      this.#sqlite
        .prepare(
          `update jobs set state = 'dead', discard_reason = ?, discarded_by = ?, last_error_code = ?,
             last_error_params = ?, send_started_at = null, updated_at = ? where id = ?`,
        )
        .run(text, actor, mark.code, JSON.stringify(mark.params), now, row.id);
      this.#audit(actor, 'jobs.discard', `${row.kind}#${row.id}`, { reason: text, from: row.state });
      return summary(this.#row(id));
    })();
  }
}
