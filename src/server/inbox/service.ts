// The 1177 inbox running in a server process: each pass queues the messages the rules decided
// (and the week's times when they are due); one runner sends them, reserving from the round
// before it claims (rounds.ts), with the TKB's retry delays. What became of each message is kept
// in inbox_messages, which the cost meter counts.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  RETRY_DELAYS_MS_FOR_INBOX,
  ROUND_RULE_FOR_INBOX,
  type PatientInbox,
} from '../../../integrations/patientportal/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { JobKind, Outcome, Resolution } from '../../shared/jobs/index.ts';
import { recipientSchema } from '../../shared/sync/entities.ts';
import type { ServerContext } from '../context.ts';
import { municipalities, syncEntities } from '../db/schema.ts';
import type { ServerJobQueue, ServerLeasedJob } from '../jobs/queue.ts';
import { ServerChannelRunner, type ServerAdapter } from '../jobs/runner.ts';
import { INBOX_CHANNEL, inboxSendKind, type InboxSendPayload } from './kinds.ts';
import { RoundGate, type RoundRule } from './rounds.ts';
import { weeklyDue } from './rules.ts';
import { inboxFor, readInboxSettings, type InboxMunicipalitySettings } from './settings.ts';
import { inboxConsents, inboxMessages } from './tables.ts';
import { inboxContent, inboxText } from './text.ts';

export interface InboxServiceOptions {
  pollSeconds: number;
  /** 1177's round rule; shorter only in tests and benchmarks. */
  rounds?: Partial<RoundRule>;
  /** The waits before each retry (the TKB's example); shorter only in tests. */
  retryDelaysMs?: readonly number[];
  concurrency?: number;
}

type MessageState = 'queued' | 'sent' | 'notActive' | 'failed' | 'parked';

export class InboxService {
  readonly #ctx: ServerContext;
  readonly #queue: ServerJobQueue;
  readonly #runner: ServerChannelRunner;
  readonly #pollMs: number;
  readonly #retryDelays: readonly number[];
  readonly #inboxes = new Map<string, { key: string; inbox: PatientInbox }>();
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> = Promise.resolve();
  #stopped = false;

  private constructor(ctx: ServerContext, queue: ServerJobQueue, opts: InboxServiceOptions) {
    this.#ctx = ctx;
    this.#queue = queue;
    this.#pollMs = opts.pollSeconds * 1000;
    this.#retryDelays = opts.retryDelaysMs ?? RETRY_DELAYS_MS_FOR_INBOX;
    const rule: RoundRule = {
      size: opts.rounds?.size ?? ROUND_RULE_FOR_INBOX.size,
      pauseMs: opts.rounds?.pauseMs ?? ROUND_RULE_FOR_INBOX.pauseMs,
      staleMs: opts.rounds?.staleMs ?? inboxSendKind.leaseMs,
    };
    const adapter: ServerAdapter<InboxSendPayload> = {
      send: (job, signal) => this.#send(job, signal),
      // Contract 1.0 has no message id to look up: an attempt whose answer never came is parked.
      resolve: async (job): Promise<Resolution> => {
        await this.#mark(job.payload.messageId, 'parked', 'patientportal.outcomeUnknown');
        return { status: 'unknown', code: 'patientportal.outcomeUnknown', params: { host: '1177' } };
      },
    };
    this.#runner = new ServerChannelRunner(queue, {
      channel: INBOX_CHANNEL,
      adapters: { [inboxSendKind.kind]: adapter as ServerAdapter<never> },
      gate: new RoundGate(ctx.database, INBOX_CHANNEL, rule),
      concurrency: opts.concurrency ?? 4,
      pollMs: 500,
      onError: (err) => ctx.log.error({ err }, 'inbox: runner failed'),
    });
  }

  /** Runs on the process's server queue, which its owner opens and closes (server.ts). */
  static start(ctx: ServerContext, queue: ServerJobQueue, opts: InboxServiceOptions): InboxService {
    const s = new InboxService(ctx, queue, opts);
    s.#runner.start();
    s.#schedule(0);
    return s;
  }

  get queue(): ServerJobQueue {
    return this.#queue;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.pass().finally(() => this.#schedule(this.#pollMs)), ms);
    this.#timer.unref();
  }

  /** One look: the week's times when due, then every decided message onto the queue. */
  pass(): Promise<void> {
    this.#pass = this.#pass.then(() =>
      this.#passOnce().catch((err: unknown) => this.#ctx.log.error({ err }, 'inbox: pass failed')),
    );
    return this.#pass;
  }

  async #passOnce(): Promise<void> {
    const db = this.#ctx.database.db;
    for (const { id } of await db.select({ id: municipalities.id }).from(municipalities))
      await weeklyDue(db, id, this.#ctx.now());
    await this.queueDecided();
  }

  /** Queues messages the rules decided; a message queued before is a duplicate, not a second job. */
  async queueDecided(limit = 1000): Promise<number> {
    const db = this.#ctx.database.db;
    let queued = 0;
    for (;;) {
      const rows = await db
        .select({ id: inboxMessages.id })
        .from(inboxMessages)
        .where(eq(inboxMessages.state, 'new'))
        .orderBy(inboxMessages.createdAt)
        .limit(limit);
      if (rows.length === 0) return queued;
      for (const r of rows)
        await this.#queue.enqueue(
          inboxSendKind as JobKind<InboxSendPayload>,
          { messageId: r.id },
          { key: r.id },
        );
      await db
        .update(inboxMessages)
        .set({ state: 'queued' })
        .where(
          and(
            inArray(
              inboxMessages.id,
              rows.map((r) => r.id),
            ),
            eq(inboxMessages.state, 'new'),
          ),
        );
      queued += rows.length;
    }
  }

  async #mark(id: string, state: MessageState, code: string | null): Promise<void> {
    await this.#ctx.database.db
      .update(inboxMessages)
      .set({ state, code, ...(state === 'sent' ? { sentAt: sql`now()` } : {}) })
      .where(eq(inboxMessages.id, id));
  }

  #inboxOf(municipalityId: string, s: InboxMunicipalitySettings): PatientInbox {
    const key = JSON.stringify(s.connection);
    const cached = this.#inboxes.get(municipalityId);
    if (cached?.key === key) return cached.inbox;
    const inbox = inboxFor(s);
    this.#inboxes.set(municipalityId, { key, inbox });
    return inbox;
  }

  async #send(job: ServerLeasedJob<InboxSendPayload>, signal: AbortSignal): Promise<Outcome> {
    const db = this.#ctx.database.db;
    const id = job.payload.messageId;
    const [m] = await db.select().from(inboxMessages).where(eq(inboxMessages.id, id));
    if (!m)
      return { status: 'permanent', code: 'patientportal.recipientUnknown', params: { recipient: '?' } };
    if (m.state === 'sent') return { status: 'sent' };
    const settings = await readInboxSettings(db, m.municipalityId);
    const stop = async (
      code: 'patientportal.notConfigured' | 'patientportal.noConsent' | 'patientportal.recipientUnknown',
    ) => {
      await this.#mark(id, 'failed', code);
      return {
        status: 'permanent' as const,
        code,
        params: { municipality: m.municipalityId, recipient: m.recipientId },
      };
    };
    if (!settings?.enabled) return stop('patientportal.notConfigured');
    const [consent] = await db
      .select({ consent: inboxConsents.consent })
      .from(inboxConsents)
      .where(
        and(eq(inboxConsents.municipalityId, m.municipalityId), eq(inboxConsents.recipientId, m.recipientId)),
      );
    if (!consent?.consent) return stop('patientportal.noConsent');
    const [row] = await db
      .select({ data: syncEntities.data })
      .from(syncEntities)
      .where(
        and(
          eq(syncEntities.providerId, m.providerId),
          eq(syncEntities.entity, 'recipient'),
          eq(syncEntities.entityId, m.recipientId),
          eq(syncEntities.deleted, false),
        ),
      );
    const recipient = row ? recipientSchema.safeParse(row.data) : null;
    const personId = recipient?.success ? recipient.data.personalIdentityNumber : null;
    if (!personId) return stop('patientportal.recipientUnknown');
    let inbox: PatientInbox;
    try {
      inbox = this.#inboxOf(m.municipalityId, settings);
    } catch (err) {
      if (err instanceof CareDockError) return { status: 'pause', code: err.code, params: err.params };
      throw err;
    }
    const text = inboxText(inboxContent.parse(m.content), settings.language);
    const outcome = await inbox.deliver(
      { personId, sender: settings.sender, title: text.title, docbook: text.docbook },
      signal,
    );
    switch (outcome.status) {
      case 'sent':
        await this.#mark(id, 'sent', outcome.notice?.code ?? null);
        return { status: 'sent', ...(outcome.ref ? { ref: outcome.ref } : {}) };
      case 'permanent':
        await this.#mark(
          id,
          outcome.code === 'patientportal.notActiveUser' ? 'notActive' : 'failed',
          outcome.code,
        );
        return outcome;
      case 'retry': {
        // The TKB's waits, each after the previous try; 1177's own Retry-After when it is longer.
        const wait = this.#retryDelays[Math.min(job.attempt - 1, this.#retryDelays.length - 1)] ?? 0;
        return { ...outcome, retryAfterMs: Math.max(wait, outcome.retryAfterMs ?? 0) };
      }
      case 'unknown':
        if (job.attempt >= job.retryLimit + 1) await this.#mark(id, 'parked', outcome.code);
        return outcome;
      default:
        return outcome;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass;
    await this.#runner.stop();
  }
}
