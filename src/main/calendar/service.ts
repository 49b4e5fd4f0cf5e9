// The performers' Exchange calendars, kept as copies of the plans. A plan's change enqueues one
// `calendar.sync` job in the change's own transaction (coalesced by plan); the job reads the plan
// as it is then and makes each performer's calendar agree: create, update, move to another
// calendar, delete. A daily `calendar.reconcile` lists our items in the coming weeks and repairs
// what someone changed or deleted in Outlook: ours is the master copy.
import type Database from 'better-sqlite3';
import type {
  CalendarBackend,
  CalendarEvent,
  CalendarFailure,
  ItemRef,
} from '../../../integrations/calendar/backend.ts';
import { localDate } from '../../shared/domain/time.ts';
import type { Language } from '../../shared/errors/index.ts';
import type { Outcome } from '../../shared/jobs/index.ts';
import { uuidv7 } from '../ids.ts';
import { ChannelRunner, type JobQueue } from '../jobs/index.ts';
import type { Adapter } from '../jobs/runner.ts';
import type { Logger } from '../log/logger.ts';
import type { PlanData } from '../plans/data.ts';
import type { RecipientData } from '../recipients/data.ts';
import type { StaffData } from '../staff/data.ts';
import type { CalendarData, CalendarItemRow } from './data.ts';
import { desiredEvents, eventDigest, type DesiredContext } from './desired.ts';
import { calendarCoalesceKey, calendarReconcileJob, calendarSyncJob } from './kinds.ts';
import type { ExchangeConfig, ExchangeSettings } from './settings.ts';

const DAY_MS = 86_400_000;

export type BackendFactory = (config: ExchangeConfig) => CalendarBackend | CalendarFailure;

export interface CalendarDeps {
  sqlite: Database.Database;
  queue: JobQueue;
  data: CalendarData;
  plans: PlanData;
  staff: StaffData;
  recipients: RecipientData;
  settings: ExchangeSettings;
  backend: BackendFactory;
  timeZone: () => string;
  language: () => Language;
  now: () => number;
  logger: Logger;
}

export type CalendarState =
  | { state: 'inCalendar' }
  | { state: 'waiting'; code: string | null }
  | { state: 'failed'; code: string | null; jobId: string };

/** Pause outranks retry outranks permanent: the most urgent failure is the one the job answers. */
const rank = { pause: 3, retry: 2, permanent: 1 } as const;
function worse(a: CalendarFailure | null, b: CalendarFailure): CalendarFailure {
  return a === null || rank[b.status] > rank[a.status] ? b : a;
}

export class CalendarService {
  readonly #d: CalendarDeps;
  #timer: ReturnType<typeof setInterval> | null = null;
  #runner: ChannelRunner | null = null;

  constructor(deps: CalendarDeps) {
    this.#d = deps;
  }

  configured(): boolean {
    return this.#d.settings.get() !== null;
  }

  /** Inside the plan's own transaction: the calendars follow the plan, latest wins. */
  planChanged(planId: string): void {
    if (!this.configured()) return;
    this.#d.queue.enqueue(
      this.#d.sqlite,
      calendarSyncJob,
      { planId },
      { key: `calendar:${planId}:${uuidv7()}`, coalesceKey: calendarCoalesceKey(planId) },
    );
  }

  /** Every plan from now on, after the settings changed (a new backend or privacy level). */
  resyncAhead(): number {
    const from = this.#d.now() - DAY_MS;
    const plans = this.#d.plans.between(from, from + 400 * DAY_MS);
    const withItems = new Set(this.#d.data.forPlans(plans.map((p) => p.id)).map((r) => r.planId));
    let n = 0;
    this.#d.sqlite.transaction(() => {
      for (const p of plans)
        if (p.status === 'planned' || withItems.has(p.id)) {
          this.planChanged(p.id);
          n++;
        }
    })();
    return n;
  }

  /** Once a day (the key holds the day): the daily look for drift. `force` runs one now. */
  scheduleReconcile(force = false): void {
    if (!this.configured()) return;
    const now = this.#d.now();
    const day = localDate(now, this.#d.timeZone());
    this.#d.sqlite.transaction(() => {
      this.#d.queue.enqueue(
        this.#d.sqlite,
        calendarReconcileJob,
        { day },
        { key: force ? `calendar.reconcile:${day}:${uuidv7()}` : `calendar.reconcile:${day}` },
      );
    })();
  }

  /** After the core released the previous process's leases. */
  start(onChanged?: () => void): void {
    const { logger } = this.#d;
    this.#runner = new ChannelRunner(this.#d.queue, {
      channel: calendarSyncJob.channel,
      concurrency: 2,
      adapters: this.adapters(),
      onSettled: () => onChanged?.(),
      onPaused: (channel, code) => {
        logger.warn({ channel, code }, 'channel paused itself');
        onChanged?.();
      },
      onAdapterError: (channel, kind, error) =>
        logger.error(
          { channel, kind, error: error instanceof Error ? error.name : 'unknown' },
          'adapter threw',
        ),
    });
    this.#runner.start();
    this.scheduleReconcile();
    this.#timer = setInterval(() => {
      try {
        this.scheduleReconcile();
      } catch (error) {
        this.#d.logger.error(
          { err: error instanceof Error ? error.name : 'unknown' },
          'calendar reconcile scheduling failed',
        );
      }
    }, 3600_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#runner?.stop();
    this.#runner = null;
  }

  /** Per plan, for the planning board: in the calendar, on its way, or failed (with the action). */
  states(planIds: readonly string[]): Record<string, CalendarState> {
    const out: Record<string, CalendarState> = {};
    if (!this.configured()) return out;
    const written = new Set(this.#d.data.forPlans(planIds).map((r) => r.planId));
    for (const id of planIds) {
      const last = this.#d.queue.latest(calendarCoalesceKey(id));
      if (last && (last.state === 'waiting' || last.state === 'running' || last.state === 'retry'))
        out[id] = { state: 'waiting', code: last.lastErrorCode };
      else if (last && (last.state === 'dead' || last.state === 'parked'))
        out[id] = { state: 'failed', code: last.lastErrorCode, jobId: last.id };
      else if (written.has(id)) out[id] = { state: 'inCalendar' };
    }
    return out;
  }

  #context(config: ExchangeConfig): DesiredContext {
    const staff = new Map(this.#d.staff.calendarAddresses().map((s) => [s.id, s]));
    return {
      timeZone: this.#d.timeZone(),
      privacy: config.privacy,
      language: this.#d.language(),
      staff: (id) => staff.get(id),
      recipient: (id) => this.#d.recipients.forCalendar(id),
    };
  }

  #backend(): { config: ExchangeConfig; backend: CalendarBackend } | CalendarFailure {
    const config = this.#d.settings.get();
    if (!config) return { status: 'pause', code: 'calendar.notConfigured' };
    const backend = this.#d.backend(config);
    return 'status' in backend ? backend : { config, backend };
  }

  /** Makes one plan's items agree with the plan; what succeeded is recorded even when some failed. */
  async syncPlan(planId: string, signal?: AbortSignal): Promise<Outcome> {
    const b = this.#backend();
    if ('status' in b) return b;
    const plan = this.#d.plans.byId(planId);
    const want = desiredEvents(plan, this.#context(b.config));
    const have = this.#d.data.forPlan(planId);
    let failure: CalendarFailure | null = null;
    for (const row of have) {
      if (want.some((e) => e.mailbox === row.mailbox)) continue;
      const r = await b.backend.remove(row.mailbox, planId, refOf(row), signal);
      if (r.ok) this.#d.data.remove(planId, row.mailbox);
      else failure = worse(failure, r);
    }
    for (const event of want) {
      const row = have.find((h) => h.mailbox === event.mailbox);
      const digest = eventDigest(event);
      if (row && row.digest === digest) continue;
      const r = await b.backend.upsert(event, row ? refOf(row) : null, signal);
      if (r.ok) this.#save(event, r.ref, digest);
      else failure = worse(failure, r);
    }
    return failure ?? { status: 'sent' };
  }

  #save(event: CalendarEvent, ref: ItemRef, digest: string): void {
    this.#d.data.save({
      planId: event.key,
      mailbox: event.mailbox,
      itemId: ref.id,
      changeKey: ref.changeKey ?? null,
      digest,
      writtenAt: this.#d.now(),
    });
  }

  /**
   * The daily look: every performer's items of ours from yesterday to `weeksAhead` on, against
   * the plans. Missing items are written again, moved or retitled ones put back, and orphans
   * (ours, but no plan wants them there) deleted. The body is not compared: Exchange may store
   * our text as HTML.
   */
  async reconcile(signal?: AbortSignal): Promise<Outcome & { repaired?: number }> {
    const b = this.#backend();
    if ('status' in b) return b;
    const from = this.#d.now() - DAY_MS;
    const to = this.#d.now() + b.config.weeksAhead * 7 * DAY_MS;
    const ctx = this.#context(b.config);
    const wanted = new Map<string, CalendarEvent[]>();
    for (const p of this.#d.plans.between(from, to))
      for (const e of desiredEvents(p, ctx)) wanted.set(e.mailbox, [...(wanted.get(e.mailbox) ?? []), e]);
    const mailboxes = new Set([
      ...wanted.keys(),
      ...this.#d.staff
        .calendarAddresses()
        .flatMap((s) => (s.address ? [s.address.trim().toLowerCase()] : [])),
    ]);
    let failure: CalendarFailure | null = null;
    let repaired = 0;
    for (const mailbox of mailboxes) {
      const listed = await b.backend.list(mailbox, from, to, signal);
      if (!listed.ok) {
        failure = worse(failure, listed);
        continue;
      }
      const want = wanted.get(mailbox) ?? [];
      for (const found of listed.items) {
        // A plan moved out of the window (or in Outlook into it) is still wanted, elsewhere.
        const e =
          want.find((w) => w.key === found.key) ??
          desiredEvents(this.#d.plans.byId(found.key), ctx).find((w) => w.mailbox === mailbox);
        if (e && e.subject === found.subject && e.start === found.start && e.end === found.end) {
          // Known to us again after a crash between the server's answer and our row.
          this.#save(e, found.ref, eventDigest(e));
          continue;
        }
        if (e) {
          const r = await b.backend.upsert(e, found.ref, signal);
          if (!r.ok) failure = worse(failure, r);
          else {
            repaired++;
            this.#save(e, r.ref, eventDigest(e));
          }
        } else {
          const r = await b.backend.remove(mailbox, found.key, found.ref, signal);
          if (!r.ok) failure = worse(failure, r);
          else {
            repaired++;
            this.#d.data.remove(found.key, mailbox);
          }
        }
      }
      for (const e of want) {
        if (listed.items.some((f) => f.key === e.key)) continue;
        const r = await b.backend.upsert(e, null, signal);
        if (!r.ok) {
          failure = worse(failure, r);
          continue;
        }
        repaired++;
        this.#save(e, r.ref, eventDigest(e));
      }
    }
    if (repaired > 0) this.#d.logger.info({ repaired }, 'calendar reconciliation repaired items');
    return failure ?? { status: 'sent', ref: `repaired:${repaired}`, repaired };
  }

  adapters(): Record<string, Adapter<never>> {
    const sync: Adapter<{ planId: string }> = {
      send: (job, signal) => this.syncPlan(job.payload.planId, signal),
    };
    const reconcile: Adapter<{ day: string }> = { send: (_job, signal) => this.reconcile(signal) };
    return {
      [calendarSyncJob.kind]: sync as Adapter<never>,
      [calendarReconcileJob.kind]: reconcile as Adapter<never>,
    };
  }
}

function refOf(row: CalendarItemRow): ItemRef {
  return row.changeKey === null ? { id: row.itemId } : { id: row.itemId, changeKey: row.changeKey };
}
