// The central server's job queue: the workstation's contract (src/shared/jobs) on pg-boss, so every
// stateless server process shares one queue in the database — embedded PGlite (pg-boss's
// fromPglite adapter) or PostgreSQL as it is.
//
// What pg-boss gives: claiming with SKIP LOCKED, a retry limit and exponential backoff per queue
// (its own jitter, not full jitter), expiry of an attempt that outlives its lease (the
// supervisor's job), and a claim token — settling with { id, retryCount } touches only the
// attempt that was fetched, so a runner whose lease lapsed cannot mark the job. What it lacks we
// keep beside it (migration 0003_jobs): a channel paused for all processes, a parked or
// discarded job with its reason, and each at-most-once attempt's known ending, so a restart can
// tell a clean retry from an outcome nobody knows.
import { createHash } from 'node:crypto';
import {
  PgBoss,
  fromPglite,
  type ConstructorOptions,
  type Db as IDatabase,
  type JobWithMetadata,
} from 'pg-boss';
import { z } from 'zod';
import { CareDockError, isErrorCode, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';
import {
  jobStates,
  type ChannelState,
  type EnqueueOptions,
  type EnqueueResult,
  type JobAdmin,
  type JobKind,
  type JobState,
  type JobSummary,
  type Outcome,
  type Resolution,
} from '../../shared/jobs/index.ts';
import type { Database, RawSession } from '../db/database.ts';

/** What a job's data holds in pg-boss: our key beside the payload, so listings never read the payload. */
interface Envelope {
  key: string;
  payload: unknown;
}

export interface ServerLeasedJob<P = unknown> {
  id: string;
  /** pg-boss's attempt number (0 for the first): with the id, the claim's fencing token. */
  retryCount: number;
  /** This job's own limit (a person's retry raises it). */
  retryLimit: number;
  kind: JobKind<P>;
  payload: P;
  attempt: number;
  needsResolve: boolean;
  leaseUntil: number;
}

export type ServerSettlement =
  | { job: ServerLeasedJob; outcome: Outcome }
  | { job: ServerLeasedJob; resolution: Exclude<Resolution, { status: 'not-sent' }> };

/** A deterministic job id from the idempotency key: pg-boss refuses a second job with the same id. */
export function jobIdForKey(kind: string, key: string): string {
  const h = createHash('sha256').update(`${kind}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** pg-boss statements inside one of our transactions (the caller's enqueue, our settle). */
function inTransaction(s: RawSession): IDatabase {
  return {
    executeSql: async (text, values) => ({ rows: await s.query(text, values as unknown[] | undefined) }),
  };
}

const affected = z.object({ affected: z.number() });
function changed(r: unknown): boolean {
  const p = affected.safeParse(r);
  return p.success ? p.data.affected > 0 : false;
}

class Stale extends Error {}

const stateOf: Record<string, JobState> = {
  created: 'waiting',
  retry: 'retry',
  active: 'running',
  completed: 'done',
  failed: 'dead',
  cancelled: 'dead',
};

export interface ServerJobQueueOptions {
  database: Database;
  kinds: readonly JobKind[];
  /** Retained finished jobs (and so their idempotency keys), in days. */
  keepDays?: number;
  /** Seconds between pg-boss's maintenance passes (expiry of lapsed leases); lower only in tests. */
  superviseIntervalSeconds?: number;
}

export class ServerJobQueue {
  readonly #boss: PgBoss;
  readonly #db: Database;
  readonly #kinds = new Map<string, JobKind>();
  readonly #listeners = new Set<(channel: string) => void>();

  private constructor(opts: ServerJobQueueOptions, boss: PgBoss) {
    this.#db = opts.database;
    this.#boss = boss;
    for (const k of opts.kinds) this.#kinds.set(k.kind, k);
  }

  static async open(opts: ServerJobQueueOptions): Promise<ServerJobQueue> {
    const n = opts.database.native;
    const common: ConstructorOptions = {
      schema: 'pgboss',
      schedule: false,
      superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 60,
      monitorIntervalSeconds: Math.max(opts.superviseIntervalSeconds ?? 60, 1),
    };
    const boss =
      n.engine === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(n.client), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: n.pool.options.connectionString ?? '', max: 4 });
    // pg-boss reports background failures as events; an unhandled 'error' event would end the process.
    boss.on('error', () => undefined);
    await boss.start();
    const q = new ServerJobQueue(opts, boss);
    const keep = (opts.keepDays ?? 30) * 86_400;
    for (const k of opts.kinds) {
      const options = {
        // Stately per singleton key: one waiting and one running job per coalesce key, as on the
        // workstation; a job without a coalesce key gets its own key, so nothing else is held back.
        policy: 'stately' as const,
        retryLimit: k.maxAttempts - 1,
        retryDelay: Math.max(1, Math.round(k.backoff.baseMs / 1000)),
        retryBackoff: true,
        retryDelayMax: Math.max(1, Math.round(k.backoff.capMs / 1000)),
        expireInSeconds: Math.max(1, Math.round(k.leaseMs / 1000)),
        deleteAfterSeconds: keep,
      };
      // A queue's policy is fixed at creation; the rest follows the kind's spec at every start.
      const { policy: _policy, ...changeable } = options;
      if (await boss.getQueue(k.kind)) await boss.updateQueue(k.kind, changeable);
      else await boss.createQueue(k.kind, options);
      // Fill pg-boss's queue cache now, outside any transaction: a cold cache makes pg-boss look
      // the queue up on its own connection, and PGlite has one — inside our transaction that waits
      // for the transaction itself.
      await boss.findJobs(k.kind, { limit: 1 });
    }
    return q;
  }

  async close(): Promise<void> {
    await this.#boss.stop({ graceful: false, close: this.#db.native.engine === 'postgres', timeout: 5000 });
  }

  onEnqueued(listener: (channel: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #spec(kind: string): JobKind {
    const k = this.#kinds.get(kind);
    if (!k) throw new CareDockError('jobs.unknownKind', { kind });
    return k;
  }

  /**
   * Adds a job, inside the caller's transaction when one is given (the change that causes it and
   * the job commit together). A key seen before answers `duplicate`; a coalesce key with a job
   * still waiting folds this payload into that job.
   */
  async enqueue<P>(
    kind: JobKind<P>,
    payload: P,
    opts: EnqueueOptions,
    tx?: RawSession,
  ): Promise<EnqueueResult> {
    const spec = this.#spec(kind.kind);
    const checked = spec.payload.safeParse(payload);
    if (!checked.success) throw new CareDockError('jobs.payloadInvalid', { kind: kind.kind });
    const id = jobIdForKey(kind.kind, opts.key);
    const db = tx ? { db: inTransaction(tx) } : {};
    const data: Envelope = { key: opts.key, payload: checked.data };
    const sent = await this.#boss.send(kind.kind, data as unknown as object, {
      id,
      singletonKey: opts.coalesceKey ?? opts.key,
      ...(opts.runAt !== undefined ? { startAfter: new Date(opts.runAt) } : {}),
      ...db,
    });
    if (sent !== null) {
      if (!tx) this.#wake(spec.channel);
      return { outcome: 'created', id: sent };
    }
    if (await this.#boss.getJobById(kind.kind, id, db)) return { outcome: 'duplicate', id };
    if (opts.coalesceKey !== undefined) {
      const r = await this.#boss.update(kind.kind, data as unknown as object, {
        singletonKey: opts.coalesceKey,
        ...db,
      });
      const target = r.jobs[0];
      if (target) return { outcome: 'coalesced', id: target };
    }
    // A job with this key is running (stately holds one waiting and one running per key).
    return { outcome: 'duplicate', id };
  }

  #wake(channel: string): void {
    for (const l of this.#listeners) l(channel);
  }

  kindsOf(channel: string): JobKind[] {
    return [...this.#kinds.values()].filter((k) => k.channel === channel);
  }

  async isPaused(channel: string): Promise<boolean> {
    const rows = await this.#query('select paused from job_channels where channel = $1', [channel]);
    return rows[0]?.['paused'] === true;
  }

  async #query(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.#db.rawTransaction((s) => s.query(text, params));
  }

  /** Claims up to `max` due jobs of a channel. */
  async claim(channel: string, max: number): Promise<ServerLeasedJob[]> {
    const out: ServerLeasedJob[] = [];
    for (const kind of this.kindsOf(channel)) {
      if (out.length >= max) break;
      const jobs = (await this.#boss.fetch<Envelope>(kind.kind, {
        batchSize: max - out.length,
        includeMetadata: true,
      })) as JobWithMetadata<Envelope>[];
      for (const j of jobs) {
        const parsed = kind.payload.safeParse(j.data?.payload);
        if (!parsed.success) {
          await this.#terminal(kind, j.id, j.retryCount, 'dead', 'jobs.payloadInvalid', {
            kind: kind.kind,
          }).catch(() => undefined);
          continue;
        }
        let needsResolve = false;
        if (kind.delivery === 'at-most-once' && j.retryCount > 0) {
          const prev = await this.#query(
            'select outcome from job_attempts where job_id = $1 and attempt = $2',
            [j.id, j.retryCount - 1],
          );
          needsResolve = prev[0]?.['outcome'] !== 'not-sent';
        }
        out.push({
          id: j.id,
          retryCount: j.retryCount,
          retryLimit: j.retryLimit,
          kind,
          payload: parsed.data,
          attempt: j.retryCount + 1,
          needsResolve,
          leaseUntil: Date.now() + j.expireInSeconds * 1000,
        });
      }
    }
    return out;
  }

  async #terminal(
    kind: JobKind,
    id: string,
    retryCount: number,
    state: 'dead' | 'parked',
    code: ErrorCode,
    params?: ErrorParams,
  ): Promise<void> {
    await this.#db.rawTransaction(async (s) => {
      if (!changed(await this.#boss.cancel(kind.kind, { id, retryCount }, { db: inTransaction(s) })))
        throw new Stale();
      await s.query(
        `insert into job_marks (job_id, queue, state, code, params) values ($1, $2, $3, $4, $5)
         on conflict (job_id) do update set state = excluded.state, code = excluded.code, params = excluded.params, at = now()`,
        [id, kind.kind, state, code, params ? JSON.stringify(params) : null],
      );
    });
  }

  async #attemptEnded(
    s: RawSession,
    job: ServerLeasedJob,
    outcome: 'not-sent' | 'sent' | 'unknown',
  ): Promise<void> {
    if (job.kind.delivery !== 'at-most-once') return;
    await s.query(
      `insert into job_attempts (job_id, attempt, outcome) values ($1, $2, $3)
       on conflict (job_id, attempt) do update set outcome = excluded.outcome`,
      [job.id, job.retryCount, outcome],
    );
  }

  /** Records one attempt's ending. false: the claim had lapsed, nothing was recorded. */
  async settle(
    channel: string,
    item: ServerSettlement,
  ): Promise<{ recorded: boolean; paused: { code: ErrorCode; params: ErrorParams } | null }> {
    const { job } = item;
    const name = job.kind.kind;
    const attempt = { id: job.id, retryCount: job.retryCount };
    let paused: { code: ErrorCode; params: ErrorParams } | null = null;
    let retryAfterMs = 0;
    try {
      if ('resolution' in item) {
        if (item.resolution.status === 'sent') await this.#complete(job, item.resolution.ref);
        else
          await this.#terminal(
            job.kind,
            job.id,
            job.retryCount,
            'parked',
            item.resolution.code,
            item.resolution.params,
          );
      } else {
        const o = item.outcome;
        const last = job.retryCount >= job.retryLimit;
        if (o.status === 'sent') await this.#complete(job, o.ref);
        else if (o.status === 'permanent')
          await this.#terminal(job.kind, job.id, job.retryCount, 'dead', o.code, o.params);
        else if (o.status === 'unknown' && job.kind.delivery === 'at-most-once' && last)
          await this.#terminal(job.kind, job.id, job.retryCount, 'parked', o.code, o.params);
        else if (o.status === 'pause') {
          await this.#db.rawTransaction(async (s) => {
            const db = { db: inTransaction(s) };
            if (!changed(await this.#boss.cancel(name, attempt, db))) throw new Stale();
            await this.#boss.resume(name, job.id, db);
            await this.#attemptEnded(s, job, 'not-sent');
            await this.#setPaused(s, channel, true, 'auto', o.code, o.params ?? {});
          });
          paused = { code: o.code, params: o.params ?? {} };
        } else {
          // retry, or unknown with attempts left: pg-boss schedules the next attempt.
          await this.#db.rawTransaction(async (s) => {
            if (
              !changed(
                await this.#boss.fail(
                  name,
                  attempt,
                  { code: o.code, params: o.params ?? {} },
                  { db: inTransaction(s) },
                ),
              )
            )
              throw new Stale();
            await this.#attemptEnded(s, job, o.status === 'unknown' ? 'unknown' : 'not-sent');
          });
          if (o.status === 'retry') retryAfterMs = o.retryAfterMs ?? 0;
        }
      }
    } catch (error) {
      if (error instanceof Stale) return { recorded: false, paused: null };
      throw error;
    }
    if (retryAfterMs > 0) {
      await this.#boss
        .update(name, undefined, { id: job.id, startAfter: new Date(Date.now() + retryAfterMs) })
        .catch(() => undefined);
    }
    const sent = 'resolution' in item ? item.resolution.status === 'sent' : item.outcome.status === 'sent';
    await this.#query(
      sent
        ? 'update job_channels set failing_since = null where channel = $1'
        : `insert into job_channels (channel, failing_since) values ($1, now())
           on conflict (channel) do update set failing_since = coalesce(job_channels.failing_since, now())`,
      [channel],
    );
    return { recorded: true, paused };
  }

  async #complete(job: ServerLeasedJob, ref: string | undefined): Promise<void> {
    await this.#db.rawTransaction(async (s) => {
      const r = await this.#boss.complete(
        job.kind.kind,
        { id: job.id, retryCount: job.retryCount },
        ref ? { ref } : {},
        { db: inTransaction(s) },
      );
      if (!changed(r)) throw new Stale();
      await this.#attemptEnded(s, job, 'sent');
    });
  }

  async #setPaused(
    s: RawSession,
    channel: string,
    paused: boolean,
    by: 'admin' | 'auto' | null,
    code: string | null,
    params: ErrorParams | null,
  ): Promise<void> {
    await s.query(
      `insert into job_channels (channel, paused, paused_by, pause_code, pause_params, paused_at)
       values ($1, $2, $3, $4, $5, case when $2 then now() else null end)
       on conflict (channel) do update set paused = excluded.paused, paused_by = excluded.paused_by,
         pause_code = excluded.pause_code, pause_params = excluded.pause_params, paused_at = excluded.paused_at`,
      [channel, paused, by, code, params ? JSON.stringify(params) : null],
    );
  }

  /** Runs pg-boss's maintenance now: attempts whose lease lapsed go back to retry. */
  async supervise(): Promise<void> {
    for (const k of this.#kinds.values()) await this.#boss.supervise(k.kind);
  }

  // ── admin (the same operations as the workstation's) ──

  readonly admin: JobAdmin = {
    list: (f) => this.#list(f),
    channels: () => this.#channels(),
    retry: (id) => this.#retry(id),
    markSent: (id) => this.#markSent(id),
    discard: (id, reason, actor) => this.#discard(id, reason, actor),
    pause: async (channel) => {
      await this.#db.rawTransaction((s) =>
        this.#setPaused(s, channel, true, 'admin', 'jobs.channelPausedByAdmin', { channel }),
      );
    },
    resume: async (channel) => {
      await this.#db.rawTransaction((s) => this.#setPaused(s, channel, false, null, null, null));
      this.#wake(channel);
    },
  };

  async #rows(where: string, params: unknown[], limit: number): Promise<JobSummary[]> {
    const rows = await this.#query(
      `select j.id, j.name, j.state, j.retry_count, j.retry_limit, j.created_on, j.completed_on, j.start_after,
              j.output, j.data->>'key' as key, m.state as mark, m.code as mark_code, m.params as mark_params,
              m.discard_reason, m.at as mark_at
         from pgboss.job j left join job_marks m on m.job_id = j.id
        where true ${where}
        order by j.created_on desc, j.id limit ${Math.min(Math.max(limit, 1), 1000)}`,
      params,
    );
    return rows.map((r) => this.#summary(r));
  }

  #summary(r: Record<string, unknown>): JobSummary {
    const kind = this.#kinds.get(String(r['name']));
    const pgState = String(r['state']);
    const state: JobState = (r['mark'] as JobState | null) ?? stateOf[pgState] ?? 'dead';
    const output = (r['output'] ?? null) as { code?: unknown; params?: unknown; ref?: unknown } | null;
    const code = (r['mark_code'] as string | null) ?? (typeof output?.code === 'string' ? output.code : null);
    const params = (r['mark_params'] ??
      (output?.params && typeof output.params === 'object' ? output.params : null)) as Record<
      string,
      string | number
    > | null;
    const iso = (v: unknown) =>
      v instanceof Date
        ? v.toISOString()
        : v === null || v === undefined
          ? null
          : new Date(String(v)).toISOString();
    const retryCount = Number(r['retry_count']);
    return {
      id: String(r['id']),
      kind: String(r['name']),
      // A queue this process has no kind for (another version's) is listed under its own name.
      channel: kind?.channel ?? String(r['name']),
      state,
      attempts: pgState === 'created' ? retryCount : retryCount + 1,
      maxAttempts: Number(r['retry_limit']) + 1,
      key: String(r['key'] ?? ''),
      createdAt: iso(r['created_on'])!,
      updatedAt: iso(r['mark_at'] ?? r['completed_on'] ?? r['created_on'])!,
      nextAttemptAt: state === 'waiting' || state === 'retry' ? iso(r['start_after']) : null,
      lastErrorCode: state === 'done' ? null : code,
      lastErrorParams: state === 'done' ? null : params,
      ref: typeof output?.ref === 'string' ? output.ref : null,
      discardReason: (r['discard_reason'] as string | null) ?? null,
    };
  }

  async #list(f: { state?: JobState; channel?: string; limit?: number }): Promise<JobSummary[]> {
    const all = await this.#rows('', [], 1000);
    return all
      .filter((j) => (!f.state || j.state === f.state) && (!f.channel || j.channel === f.channel))
      .slice(0, f.limit ?? 100);
  }

  async get(id: string): Promise<JobSummary> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CareDockError('jobs.notFound', { id });
    const [row] = await this.#rows('and j.id = $1::uuid', [id], 1);
    if (!row) throw new CareDockError('jobs.notFound', { id });
    return row;
  }

  async #channels(): Promise<ChannelState[]> {
    const counts = await this.#query(
      `select j.name, coalesce(m.state, j.state::text) as state, count(*)::int as n
         from pgboss.job j left join job_marks m on m.job_id = j.id
        where j.name = any($1::text[]) group by 1, 2`,
      [[...this.#kinds.keys()]],
    );
    const rows = await this.#query('select * from job_channels');
    const channels = [...new Set([...this.#kinds.values()].map((k) => k.channel))].sort();
    return channels.map((channel) => {
      const perState = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
      for (const c of counts) {
        if (this.#kinds.get(String(c['name']))?.channel !== channel) continue;
        const s = String(c['state']);
        const state: JobState = (jobStates as readonly string[]).includes(s)
          ? (s as JobState)
          : (stateOf[s] ?? 'dead');
        perState[state] += Number(c['n']);
      }
      const row = rows.find((r) => r['channel'] === channel);
      const paused = row?.['paused'] === true;
      const at = (v: unknown) =>
        v instanceof Date ? v.toISOString() : v ? new Date(String(v)).toISOString() : null;
      return {
        channel,
        paused,
        pausedBy: paused ? ((row?.['paused_by'] as 'admin' | 'auto' | null) ?? null) : null,
        pauseCode: paused ? ((row?.['pause_code'] as string | null) ?? null) : null,
        pauseParams: paused
          ? ((row?.['pause_params'] as Record<string, string | number> | null) ?? null)
          : null,
        pausedAt: paused ? at(row?.['paused_at']) : null,
        failingSince: at(row?.['failing_since']),
        counts: perState,
      };
    });
  }

  async pauseState(channel: string): Promise<{ code: ErrorCode; params: ErrorParams } | null> {
    const rows = await this.#query('select * from job_channels where channel = $1 and paused', [channel]);
    const row = rows[0];
    if (!row) return null;
    const code = String(row['pause_code']);
    return {
      code: isErrorCode(code) ? code : 'jobs.channelPausedByAdmin',
      params: (row['pause_params'] as ErrorParams | null) ?? { channel },
    };
  }

  async #retry(id: string): Promise<JobSummary> {
    const job = await this.get(id);
    if (job.state !== 'dead' && job.state !== 'parked' && job.state !== 'retry')
      throw new CareDockError('jobs.wrongState', { id, state: job.state, action: 'retry' });
    const [row] = await this.#query('select state, retry_count from pgboss.job where id = $1::uuid', [id]);
    await this.#db.rawTransaction(async (s) => {
      const db = { db: inTransaction(s) };
      await s.query('delete from job_marks where job_id = $1', [id]);
      // A person chose to send again: the earlier attempt counts as not sent, so no resolve first.
      await s.query(
        `insert into job_attempts (job_id, attempt, outcome) values ($1, $2, 'not-sent')
         on conflict (job_id, attempt) do update set outcome = 'not-sent'`,
        [id, Number(row?.['retry_count'] ?? 0)],
      );
      if (row?.['state'] === 'failed') await this.#boss.retry(job.kind, id, db);
      else if (row?.['state'] === 'cancelled') await this.#boss.resume(job.kind, id, db);
      // Fresh attempts, as on the workstation. The attempt counter itself only grows (it is the
      // claim's fencing token); the limit moves up instead.
      await s.query('update pgboss.job set retry_limit = retry_count + $2 where id = $1::uuid', [
        id,
        this.#kinds.get(job.kind)?.maxAttempts ?? job.maxAttempts,
      ]);
    });
    this.#wake(job.channel);
    return this.get(id);
  }

  async #markSent(id: string): Promise<JobSummary> {
    const job = await this.get(id);
    if (job.state !== 'parked')
      throw new CareDockError('jobs.wrongState', { id, state: job.state, action: 'markSent' });
    await this.#query(`update job_marks set state = 'done', at = now() where job_id = $1`, [id]);
    return this.get(id);
  }

  async #discard(id: string, reason: string, actor: string): Promise<JobSummary> {
    const text = reason.trim();
    if (!text) throw new CareDockError('jobs.reasonRequired');
    const job = await this.get(id);
    if (job.state === 'done' || job.state === 'running' || job.discardReason !== null)
      throw new CareDockError('jobs.wrongState', { id, state: job.state, action: 'discard' });
    await this.#db.rawTransaction(async (s) => {
      if (job.state === 'waiting' || job.state === 'retry')
        await this.#boss.cancel(job.kind, id, { db: inTransaction(s) });
      const mark = { code: 'jobs.discarded', params: { actor, reason: text } } as const;
      await s.query(
        `insert into job_marks (job_id, queue, state, code, params, discard_reason, actor) values ($1, $2, 'dead', $3, $4, $5, $6)
         on conflict (job_id) do update set state = 'dead', code = excluded.code, params = excluded.params,
           discard_reason = excluded.discard_reason, actor = excluded.actor, at = now()`,
        [id, job.kind, mark.code, JSON.stringify(mark.params), text, actor],
      );
    });
    return this.get(id);
  }
}
