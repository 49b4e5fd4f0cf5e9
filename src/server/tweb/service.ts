// TWeb running in a server process: each pass queues the transactions the rules decided; one runner
// files them — the transaction rendered as PDF/A (documents.ts), its attachments beside it — by the
// municipality's filing rule for its kind. What became of each is kept in tweb_transactions.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTwebClient, type TwebClient } from '../../../integrations/tweb/client.ts';
import type { TwebSettings, TwebTransactionInput } from '../../../integrations/tweb/settings.ts';
import type { JobKind, Outcome, Resolution } from '../../shared/jobs/index.ts';
import { recipientSchema } from '../../shared/sync/entities.ts';
import {
  attestationItemSchema,
  deviationReportItemSchema,
  type AttestationItem,
  type DeviationReportItem,
} from '../../shared/sync/pushItems.ts';
import type { ServerContext } from '../context.ts';
import { municipalities, providers, pushedItems, syncEntities } from '../db/schema.ts';
import type { ServerJobQueue, ServerLeasedJob } from '../jobs/queue.ts';
import { ServerChannelRunner, type ServerAdapter } from '../jobs/runner.ts';
import { basisPdf, basisTitles, deviationPdf, deviationTitles } from './documents.ts';
import { TWEB_CHANNEL, twebFileKind, type TwebFilePayload } from './kinds.ts';
import { readTwebConnection } from './settings.ts';
import { twebTransactions } from './tables.ts';

export interface TwebServiceOptions {
  pollSeconds: number;
  concurrency?: number;
}

type Row = typeof twebTransactions.$inferSelect;

export class TwebService {
  readonly #ctx: ServerContext;
  readonly #queue: ServerJobQueue;
  readonly #runner: ServerChannelRunner;
  readonly #pollMs: number;
  readonly #clients = new Map<string, { key: string; client: TwebClient }>();
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> = Promise.resolve();
  #stopped = false;

  private constructor(ctx: ServerContext, queue: ServerJobQueue, opts: TwebServiceOptions) {
    this.#ctx = ctx;
    this.#queue = queue;
    this.#pollMs = opts.pollSeconds * 1000;
    const adapter: ServerAdapter<TwebFilePayload> = {
      send: (job, signal) => this.#file(job, signal),
      resolve: (job, signal) => this.#resolve(job, signal),
    };
    this.#runner = new ServerChannelRunner(queue, {
      channel: TWEB_CHANNEL,
      adapters: { [twebFileKind.kind]: adapter as ServerAdapter<never> },
      concurrency: opts.concurrency ?? 2,
      pollMs: 500,
      onError: (err) => ctx.log.error({ err }, 'tweb: runner failed'),
    });
  }

  /** Runs on the process's server queue, which its owner opens and closes (server.ts). */
  static start(ctx: ServerContext, queue: ServerJobQueue, opts: TwebServiceOptions): TwebService {
    const s = new TwebService(ctx, queue, opts);
    s.#runner.start();
    s.#schedule(0);
    return s;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.pass().finally(() => this.#schedule(this.#pollMs)), ms);
    this.#timer.unref();
  }

  pass(): Promise<void> {
    this.#pass = this.#pass.then(() =>
      this.queueDecided()
        .then(() => undefined)
        .catch((err: unknown) => this.#ctx.log.error({ err }, 'tweb: pass failed')),
    );
    return this.#pass;
  }

  async queueDecided(): Promise<number> {
    const db = this.#ctx.database.db;
    let queued = 0;
    for (;;) {
      const rows = await db
        .select({ id: twebTransactions.id })
        .from(twebTransactions)
        .where(eq(twebTransactions.state, 'new'))
        .orderBy(twebTransactions.createdAt)
        .limit(500);
      if (rows.length === 0) return queued;
      for (const r of rows)
        await this.#queue.enqueue(
          twebFileKind as JobKind<TwebFilePayload>,
          { transactionId: r.id },
          { key: r.id },
        );
      await db
        .update(twebTransactions)
        .set({ state: 'queued' })
        .where(
          and(
            inArray(
              twebTransactions.id,
              rows.map((r) => r.id),
            ),
            eq(twebTransactions.state, 'new'),
          ),
        );
      queued += rows.length;
    }
  }

  async #mark(
    id: string,
    set: Partial<Pick<Row, 'state' | 'code' | 'caseId' | 'documentIds'>>,
  ): Promise<void> {
    await this.#ctx.database.db
      .update(twebTransactions)
      .set({ ...set, ...(set.state === 'filed' ? { filedAt: sql`now()` } : {}) })
      .where(eq(twebTransactions.id, id));
  }

  #clientOf(municipalityId: string, s: TwebSettings): TwebClient {
    const key = JSON.stringify(s);
    const cached = this.#clients.get(municipalityId);
    if (cached?.key === key) return cached.client;
    const client = createTwebClient(s);
    this.#clients.set(municipalityId, { key, client });
    return client;
  }

  /** The row, its connection, and the transaction as the adapter takes it; or why it cannot be. */
  async #prepare(
    id: string,
  ): Promise<
    | { ok: true; row: Row; client: TwebClient; tx: TwebTransactionInput }
    | { ok: false; outcome: Outcome; row: Row | null }
  > {
    const db = this.#ctx.database.db;
    const [row] = await db.select().from(twebTransactions).where(eq(twebTransactions.id, id));
    if (!row)
      return {
        ok: false,
        row: null,
        outcome: {
          status: 'permanent',
          code: 'tweb.notConfigured',
          params: { municipality: '?', provider: '?' },
        },
      };
    const notConfigured: Outcome = {
      status: 'permanent',
      code: 'tweb.notConfigured',
      params: { municipality: row.municipalityId, provider: row.providerId },
    };
    const connection = await readTwebConnection(db, this.#ctx.paths.secretsKey, row.municipalityId);
    if (!connection) return { ok: false, row, outcome: notConfigured };
    const [item] = await db
      .select({ payload: pushedItems.payload })
      .from(pushedItems)
      .where(and(eq(pushedItems.municipalityId, row.municipalityId), eq(pushedItems.id, row.sourceId)));
    const [m] = await db
      .select({ name: municipalities.name })
      .from(municipalities)
      .where(eq(municipalities.id, row.municipalityId));
    const [p] = await db
      .select({ name: providers.name })
      .from(providers)
      .where(eq(providers.id, row.providerId));
    if (!item || !m || !p) return { ok: false, row, outcome: notConfigured };
    const parties = { municipality: m.name, provider: p.name };
    const base = {
      id: row.id,
      kind: row.kind as TwebTransactionInput['kind'],
      providerId: row.providerId,
      provider: { name: p.name },
    };
    let tx: TwebTransactionInput;
    if (row.kind === 'monthlyBasis') {
      const a: AttestationItem = attestationItemSchema.parse(item.payload);
      const names = await this.#recipientNames(row.providerId);
      tx = {
        ...base,
        title: basisTitles(a),
        createdAt: a.attestedAt,
        document: {
          name: `kuukausiperuste_${a.periodStart.slice(0, 7)}_v${a.version ?? 1}.pdf`,
          content: new Uint8Array(await basisPdf(a, parties, (rid) => names.get(rid) ?? rid)),
        },
      };
    } else {
      const d: DeviationReportItem = deviationReportItemSchema.parse(item.payload);
      const names = d.recipientId
        ? await this.#recipientNames(row.providerId, d.recipientId)
        : new Map<string, string>();
      tx = {
        ...base,
        title: deviationTitles(d),
        createdAt: d.filedAt,
        document: {
          name: `${row.kind === 'notice' ? 'ilmoitus' : 'poikkeamailmoitus'}_${d.filedAt.slice(0, 10)}.pdf`,
          content: new Uint8Array(
            await deviationPdf(d, {
              ...parties,
              recipient: d.recipientId ? (names.get(d.recipientId) ?? d.recipientId) : null,
            }),
          ),
        },
        attachments: d.attachments.map((x) => ({
          name: x.name,
          mediaType: x.mediaType,
          content: new Uint8Array(Buffer.from(x.data, 'base64')),
        })),
      };
    }
    return { ok: true, row, client: this.#clientOf(row.municipalityId, connection), tx };
  }

  /** Recipient names as the handler may see them: a protected identity by its id alone. */
  async #recipientNames(providerId: string, only?: string): Promise<Map<string, string>> {
    const rows = await this.#ctx.database.db
      .select({ id: syncEntities.entityId, data: syncEntities.data })
      .from(syncEntities)
      .where(
        and(
          eq(syncEntities.providerId, providerId),
          eq(syncEntities.entity, 'recipient'),
          ...(only ? [eq(syncEntities.entityId, only)] : []),
        ),
      );
    const names = new Map<string, string>();
    for (const r of rows) {
      const rec = recipientSchema.safeParse(r.data);
      if (rec.success)
        names.set(r.id, rec.data.protectedIdentity ? r.id : `${rec.data.displayName} (${r.id})`);
    }
    return names;
  }

  async #file(job: ServerLeasedJob<TwebFilePayload>, signal: AbortSignal): Promise<Outcome> {
    const prepared = await this.#prepare(job.payload.transactionId);
    if (!prepared.ok) {
      if (prepared.row)
        await this.#mark(prepared.row.id, {
          state: 'failed',
          code: prepared.outcome.status === 'sent' ? null : prepared.outcome.code,
        });
      return prepared.outcome;
    }
    if (prepared.row.state === 'filed') return { status: 'sent' };
    const outcome = await prepared.client.file(prepared.tx, signal);
    // What is in TWeb so far is kept either way: a retry continues from it.
    const progress = { caseId: outcome.progress.caseId, documentIds: outcome.progress.documentIds };
    if (outcome.status === 'sent') {
      await this.#mark(prepared.row.id, { state: 'filed', code: null, ...progress });
      return { status: 'sent', ...(outcome.ref ? { ref: outcome.ref } : {}) };
    }
    await this.#mark(prepared.row.id, {
      ...progress,
      code: outcome.code,
      ...(outcome.status === 'permanent' ? { state: 'failed' } : {}),
    });
    const { progress: _p, ...rest } = outcome;
    return rest;
  }

  async #resolve(job: ServerLeasedJob<TwebFilePayload>, signal: AbortSignal): Promise<Resolution> {
    const prepared = await this.#prepare(job.payload.transactionId);
    if (!prepared.ok) return { status: 'not-sent' };
    const { progress, ...r } = await prepared.client.resolve(prepared.tx, signal);
    const kept = { caseId: progress.caseId, documentIds: progress.documentIds };
    if (r.status === 'sent') await this.#mark(prepared.row.id, { state: 'filed', code: null, ...kept });
    if (r.status === 'unknown') await this.#mark(prepared.row.id, { state: 'parked', code: r.code, ...kept });
    return r;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass;
    await this.#runner.stop();
  }
}
