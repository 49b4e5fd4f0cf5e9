// The job queue's tables behind typed functions: `jobs` (one row per job) and `job_channels`
// (a channel's pause and since when it fails). Every statement is prepared once, when the queue
// opens; the queue's modules (enqueue, claim, settle, admin) reach the tables only through here.
import type Database from 'better-sqlite3';
import type { JobState } from '../../shared/jobs/index.ts';

export interface JobRow {
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

export interface ChannelRow {
  channel: string;
  paused: number;
  paused_by: 'admin' | 'auto' | null;
  pause_code: string | null;
  pause_params: string | null;
  paused_at: number | null;
  failing_since: number | null;
}

export interface NewJob {
  kind: string;
  channel: string;
  payload: string;
  key: string;
  coalesceKey: string | null;
  maxAttempts: number;
  runAt: number;
}

/** An attempt that did not end in `done`: where the job goes, and what it keeps. */
export interface FailedMark {
  state: JobState;
  nextAttemptAt: number;
  code: string;
  params: string | null;
  /** Keep (set to now) the mark that an at-most-once send may have gone out. */
  sendMark: number | null;
  /** 1 gives the attempt back (the channel was at fault, not the job). */
  giveBack: 0 | 1;
}

export interface ChannelPause {
  paused: boolean;
  by: 'admin' | 'auto' | null;
  code: string | null;
  paramsJson: string | null;
  at: number | null;
}

export class JobData {
  readonly sqlite: Database.Database;
  readonly #insert: Database.Statement;
  readonly #byKey: Database.Statement;
  readonly #pendingByCoalesce: Database.Statement;
  readonly #coalesce: Database.Statement;
  readonly #ready: Database.Statement;
  readonly #coalesceBusy: Database.Statement;
  readonly #claim: Database.Statement;
  readonly #done: Database.Statement;
  readonly #fail: Database.Statement;
  readonly #terminal: Database.Statement;
  readonly #get: Database.Statement;
  readonly #list: Database.Statement;
  readonly #releaseRunning: Database.Statement;
  readonly #refRecorded: Database.Statement;
  readonly #nextDue: Database.Statement;
  readonly #counts: Database.Statement;
  readonly #retry: Database.Statement;
  readonly #markSent: Database.Statement;
  readonly #discard: Database.Statement;
  readonly #pruneDone: Database.Statement;
  readonly #expireFinished: Database.Statement;
  readonly #activeByCoalesce: Database.Statement;
  readonly #latestByCoalesce: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #takeOver: Database.Statement;
  readonly #channel: Database.Statement;
  readonly #channels: Database.Statement;
  readonly #channelUpsert: Database.Statement;
  readonly #failing: Database.Statement;
  readonly #healthy: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.sqlite = sqlite;
    const s = (sql: string) => sqlite.prepare(sql);
    this.#insert = s(
      `insert into jobs (kind, channel, payload, idempotency_key, coalesce_key, state, max_attempts,
         next_attempt_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)
       on conflict do nothing`,
    );
    this.#byKey = s('select id from jobs where idempotency_key = ?').pluck();
    this.#pendingByCoalesce = s(
      `select id from jobs where coalesce_key = ? and state in ('waiting', 'retry')`,
    ).pluck();
    this.#coalesce = s(
      `update jobs set payload = ?, idempotency_key = ?, next_attempt_at = min(next_attempt_at, ?),
         updated_at = ? where id = ?`,
    );
    this.#ready = s(
      `select * from jobs where channel = ? and state = ? and next_attempt_at <= ?
       order by next_attempt_at, id limit ?`,
    );
    this.#coalesceBusy = s(
      `select 1 from jobs where coalesce_key = ? and state = 'running' and id != ? and next_attempt_at > ?`,
    ).pluck();
    this.#claim = s(
      `update jobs set state = 'running', attempts = attempts + 1, lease_token = lease_token + 1,
         next_attempt_at = ?, send_started_at = coalesce(send_started_at, ?), updated_at = ?
       where id = ? and lease_token = ?`,
    );
    this.#done = s(
      `update jobs set state = 'done', ref = ?, send_started_at = null, last_error_code = null,
         last_error_params = null, done_at = ?, updated_at = ?
       where id = ? and lease_token = ? and state = 'running' and next_attempt_at > ?`,
    );
    this.#fail = s(
      `update jobs set state = ?, next_attempt_at = ?, last_error_code = ?, last_error_params = ?,
         send_started_at = ?, attempts = attempts - ?, updated_at = ?
       where id = ? and lease_token = ? and state = 'running' and next_attempt_at > ?`,
    );
    this.#terminal = s(
      `update jobs set state = ?, last_error_code = ?, last_error_params = ?, send_started_at = null,
         updated_at = ? where id = ? and lease_token = ?`,
    );
    this.#get = s('select * from jobs where id = ?');
    this.#list = s(
      `select * from jobs where (@state is null or state = @state) and (@channel is null or channel = @channel)
       order by id desc limit @limit`,
    );
    this.#releaseRunning = s(
      `update jobs set next_attempt_at = ?, updated_at = ? where state = 'running' and next_attempt_at > ?`,
    );
    this.#refRecorded = s(`select 1 from jobs where ref = ? and state = 'done'`).pluck();
    this.#nextDue = s(
      `select min(next_attempt_at) from jobs where channel = ? and state in ('waiting', 'retry', 'running')`,
    ).pluck();
    this.#counts = s('select channel, state, count(*) as n from jobs group by channel, state');
    this.#retry = s(
      `update jobs set state = 'waiting', attempts = 0, next_attempt_at = ?, send_started_at = null,
         discard_reason = null, discarded_by = null, updated_at = ? where id = ?`,
    );
    this.#markSent = s(
      `update jobs set state = 'done', send_started_at = null, done_at = ?, updated_at = ? where id = ?`,
    );
    this.#discard = s(
      `update jobs set state = 'dead', discard_reason = ?, discarded_by = ?, last_error_code = ?,
         last_error_params = ?, send_started_at = null, updated_at = ? where id = ?`,
    );
    this.#pruneDone = s(`delete from jobs where channel = ? and state = 'done' and done_at < ?`);
    this.#expireFinished = s(
      `delete from jobs where id in (select id from jobs where state in ('done', 'dead') and updated_at < ? limit ?)`,
    );
    this.#latestByCoalesce = s('select * from jobs where coalesce_key = ? order by id desc limit 1');
    this.#activeByCoalesce = s(
      `select * from jobs where coalesce_key = ? and state in ('waiting', 'retry', 'running') order by id`,
    );
    this.#remove = s('delete from jobs where id = ?');
    this.#takeOver = s('update jobs set payload = ?, idempotency_key = ?, updated_at = ? where id = ?');
    this.#channel = s('select * from job_channels where channel = ?');
    this.#channels = s('select * from job_channels');
    this.#channelUpsert = s(
      `insert into job_channels (channel, paused, paused_by, pause_code, pause_params, paused_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (channel) do update set paused = excluded.paused, paused_by = excluded.paused_by,
         pause_code = excluded.pause_code, pause_params = excluded.pause_params, paused_at = excluded.paused_at`,
    );
    this.#failing = s(
      `insert into job_channels (channel, failing_since) values (?, ?)
       on conflict (channel) do update set failing_since = coalesce(failing_since, excluded.failing_since)`,
    );
    this.#healthy = s(
      'update job_channels set failing_since = null where channel = ? and failing_since is not null',
    );
  }

  // ── jobs ──

  /** The new row's id, or null when its idempotency key is taken. */
  insert(j: NewJob, now: number): number | null {
    const r = this.#insert.run(
      j.kind,
      j.channel,
      j.payload,
      j.key,
      j.coalesceKey,
      j.maxAttempts,
      j.runAt,
      now,
      now,
    );
    return r.changes === 0 ? null : Number(r.lastInsertRowid);
  }

  idByKey(key: string): number | undefined {
    return this.#byKey.get(key) as number | undefined;
  }

  /** The one job of a coalesce key that waits (to run or to retry), if any. */
  pendingIdByCoalesce(coalesceKey: string): number | undefined {
    return this.#pendingByCoalesce.get(coalesceKey) as number | undefined;
  }

  /** Latest wins: the waiting job takes the new payload and key, and runs no later than `runAt`. */
  coalesceInto(id: number, payload: string, key: string, runAt: number, now: number): void {
    this.#coalesce.run(payload, key, runAt, now, id);
  }

  /** Due jobs of one state in a channel, oldest due first. */
  ready(channel: string, state: JobState, now: number, max: number): JobRow[] {
    return this.#ready.all(channel, state, now, max) as JobRow[];
  }

  /** Whether another job of the coalesce key holds a live lease. */
  coalesceBusy(coalesceKey: string, exceptId: number, now: number): boolean {
    return this.#coalesceBusy.get(coalesceKey, exceptId, now) !== undefined;
  }

  /** Compare-and-swap on the fencing token; false when someone else claimed it first. */
  claim(id: number, token: number, leaseUntil: number, sendStarted: number | null, now: number): boolean {
    return this.#claim.run(leaseUntil, sendStarted, now, id, token).changes > 0;
  }

  /** Done, if the token still holds a live lease. */
  markDone(id: number, token: number, ref: string | null, now: number): boolean {
    return this.#done.run(ref, now, now, id, token, now).changes > 0;
  }

  /** A failed attempt recorded, if the token still holds a live lease. */
  markFailed(id: number, token: number, m: FailedMark, now: number): boolean {
    return (
      this.#fail.run(m.state, m.nextAttemptAt, m.code, m.params, m.sendMark, m.giveBack, now, id, token, now)
        .changes > 0
    );
  }

  /** A job that can never run (unknown kind, unreadable payload) ends here, at claim time. */
  markTerminal(
    id: number,
    token: number,
    state: JobState,
    code: string,
    params: string | null,
    now: number,
  ): void {
    this.#terminal.run(state, code, params, now, id, token);
  }

  byId(id: number): JobRow | undefined {
    return this.#get.get(id) as JobRow | undefined;
  }

  list(filter: { state: JobState | null; channel: string | null; limit: number }): JobRow[] {
    return this.#list.all(filter) as JobRow[];
  }

  /** Every live lease ends now (at start: they belonged to a process that no longer runs). */
  releaseRunning(now: number): number {
    return this.#releaseRunning.run(now, now, now).changes;
  }

  refRecorded(ref: string): boolean {
    return this.#refRecorded.get(ref) !== undefined;
  }

  nextDue(channel: string): number | null {
    return (this.#nextDue.get(channel) as number | null) ?? null;
  }

  counts(): { channel: string; state: JobState; n: number }[] {
    return this.#counts.all() as { channel: string; state: JobState; n: number }[];
  }

  /** Waiting now, attempts counted afresh, send mark and discard cleared. */
  resetForRetry(id: number, now: number): void {
    this.#retry.run(now, now, id);
  }

  /** Done because a person found that it went out. */
  markSentByPerson(id: number, now: number): void {
    this.#markSent.run(now, now, id);
  }

  discard(id: number, reason: string, actor: string, code: string, params: string, now: number): void {
    this.#discard.run(reason, actor, code, params, now, id);
  }

  /** Forgets a channel's finished jobs done before `before` (a channel that runs all day, like sync). */
  pruneDone(channel: string, before: number): number {
    return this.#pruneDone.run(channel, before).changes;
  }

  expireFinished(beforeMs: number, limit: number): number {
    return this.#expireFinished.run(beforeMs, limit).changes;
  }

  /** The jobs of a coalesce key that are not finished: at most one waiting, and one running. */
  latestByCoalesce(coalesceKey: string): JobRow | undefined {
    return this.#latestByCoalesce.get(coalesceKey) as JobRow | undefined;
  }

  activeByCoalesce(coalesceKey: string): JobRow[] {
    return this.#activeByCoalesce.all(coalesceKey) as JobRow[];
  }

  /**
   * Latest wins, also when the older job failed while the newer waited: the failed job takes the
   * waiting one's payload and key, and the waiting one goes. Answers whether there was one.
   */
  foldWaitingInto(id: number, coalesceKey: string, now: number): boolean {
    const waitingId = this.pendingIdByCoalesce(coalesceKey);
    const waiting = waitingId === undefined ? undefined : this.byId(waitingId);
    if (!waiting || waiting.id === id) return false;
    this.#remove.run(waiting.id);
    this.#takeOver.run(waiting.payload, waiting.idempotency_key, now, id);
    return true;
  }

  // ── channels ──

  channel(name: string): ChannelRow | undefined {
    return this.#channel.get(name) as ChannelRow | undefined;
  }

  channels(): ChannelRow[] {
    return this.#channels.all() as ChannelRow[];
  }

  setPause(channel: string, p: ChannelPause): void {
    this.#channelUpsert.run(channel, p.paused ? 1 : 0, p.by, p.code, p.paramsJson, p.at);
  }

  /** Keeps the first failure's time while failures follow one another. */
  markFailing(channel: string, now: number): void {
    this.#failing.run(channel, now);
  }

  markHealthy(channel: string): void {
    this.#healthy.run(channel);
  }
}
