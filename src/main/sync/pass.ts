// One sync pass over an open channel: the server's clock, everything waiting pushed, everything
// new pulled, and (when due) reconciliation. Failures are thrown as they come; the service
// decides what they mean.
import type { SyncRunResult } from '../../shared/api/procedures/sync.ts';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_ITEMS,
  pullPageSchema,
  pushResponseSchema,
  serverTimeResponseSchema,
} from '../../shared/sync/index.ts';
import type { Logger } from '../log/logger.ts';
import type { PageApplier } from './apply.ts';
import type { Answer, Channel } from './channel.ts';
import type { Installation, SyncData } from './data.ts';
import { failureFromAnswer, SyncFailure } from './failures.ts';
import type { Batch, OutboxQueue } from './outbox.ts';
import { reconcile, type ReconcileResult } from './reconcile.ts';

/** Bounds on one pass: 10,000 batches of 500 and 10,000 pages of 5,000. */
const MAX_BATCHES = 10_000;
const MAX_PAGES = 10_000;
/** Push batches in flight at once (the server stores one while the next is read and sent). */
const PUSH_PIPELINE = 2;

export const zeroResult = (): SyncRunResult => ({ accepted: 0, duplicate: 0, rejected: 0, pulled: 0 });

export interface SyncPassDeps {
  data: SyncData;
  queue: OutboxQueue;
  applier: PageApplier;
  log: Logger;
  now: () => Date;
  /** Progress for the UI, at most every so often. */
  progress: () => void;
}

/** An open channel to the installation's server, with the answers every call shares. */
export class ServerCall {
  readonly channel: Channel;
  readonly inst: Installation;
  constructor(channel: Channel, inst: Installation) {
    this.channel = channel;
    this.inst = inst;
  }

  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
    const answer = await this.channel.request(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status === 410 || answer.status === 413) return answer; // the caller handles these
    throw failureFromAnswer(answer, {
      providerName: this.inst.providerName,
      certificateNotAfter: this.inst.certificateNotAfter,
    });
  }
}

export class SyncPass {
  readonly #d: SyncPassDeps;
  /** Lowered when a server answers 413: it has smaller limits than ours. */
  #maxItems = MAX_PUSH_ITEMS;

  constructor(deps: SyncPassDeps) {
    this.#d = deps;
  }

  /** NTP-style: the server's clock is read at the midpoint of the round trip. Stored, never enforced. */
  async measureClock(call: ServerCall): Promise<void> {
    const t0 = Date.now();
    const answer = await call.request('GET', '/v1/time');
    const t1 = Date.now();
    const r = serverTimeResponseSchema.safeParse(answer.json);
    if (!r.success) throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
    const offset = Math.round(Date.parse(r.data.serverTime) - (t0 + t1) / 2);
    const { state } = this.#d.data;
    this.#d.data.transaction(() => {
      state.set('serverOffsetMs', String(offset));
      state.set('roundTripMs', String(t1 - t0));
      state.set('serverOffsetMeasuredAt', new Date(t1).toISOString());
      state.set('seenAddress', r.data.sourceAddress);
    });
  }

  async push(call: ServerCall, result: SyncRunResult): Promise<void> {
    // One uploader, two batches in flight: the next batch is read and sent while the server
    // stores the previous one. Batches never overlap (each starts after the last one's ids), and
    // each is marked in its own transaction when its answer arrives.
    let afterId = 0;
    let failure: unknown = null;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < MAX_BATCHES && failure === null; i++) {
      const batch = this.#d.queue.nextBatch(afterId, this.#d.now(), this.#maxItems);
      if (batch === null) break;
      afterId = batch.lastId;
      if (batch.entries.length === 0) continue;
      const sending: Promise<void> = this.#sendBatch(call, batch, result).then(
        () => void inFlight.delete(sending),
        (err: unknown) => {
          failure ??= err;
          inFlight.delete(sending);
        },
      );
      inFlight.add(sending);
      if (inFlight.size >= PUSH_PIPELINE) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  }

  async #sendBatch(call: ServerCall, batch: Batch, result: SyncRunResult): Promise<void> {
    const answer = await call.request('POST', '/v1/push', batch.body);
    if (answer.status === 413) {
      // Our caps match the server's, so this server has smaller limits: smaller batches from now
      // on; this batch's items stay pending for the next pass.
      const only = batch.entries[0];
      if (batch.entries.length === 1 && only) this.#d.queue.quarantine(only.outboxId, 'sync.itemTooLarge');
      else this.#maxItems = Math.max(1, Math.floor(batch.entries.length / 2));
      return;
    }
    const parsed = pushResponseSchema.safeParse(answer.json);
    const matches =
      parsed.success &&
      parsed.data.results.length === batch.entries.length &&
      parsed.data.results.every(
        (r, idx) => r.index === idx && (r.id === null || r.id === batch.entries[idx]?.itemId),
      );
    if (!matches || !parsed.success)
      throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
    const counts = this.#d.queue.markResults(batch.entries, parsed.data.results, this.#d.now());
    result.accepted += counts.accepted;
    result.duplicate += counts.duplicate;
    result.rejected += counts.rejected;
    if (counts.quarantined > 0) this.#d.log.warn({ quarantined: counts.quarantined }, 'items quarantined');
    this.#d.progress();
  }

  /** Pulls every page, counting applied changes into result.pulled as each page commits. */
  async pull(call: ServerCall, result: SyncRunResult): Promise<void> {
    const { state } = this.#d.data;
    let cursor = state.get('cursor') ?? '0';
    let resyncing = state.get('resyncing') !== null;
    let restarted = false;
    for (let i = 0; i < MAX_PAGES; i++) {
      const answer = await call.request('GET', `/v1/changes?cursor=${cursor}&limit=${MAX_PULL_LIMIT}`);
      if (answer.status === 410 || answer.status === 413) {
        if (answer.status === 413 || restarted)
          throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
        // The cursor is too old (or the server was restored): start over from 0. The outbox is
        // not touched, and the sweep at the end spares local work (see PageApplier).
        this.#d.log.warn({ cursor }, 'cursor expired: full resync');
        this.#d.data.transaction(() => {
          this.#d.data.seen.clear();
          state.set('cursor', '0');
          state.set('resyncing', '1');
        });
        cursor = '0';
        resyncing = true;
        restarted = true;
        continue;
      }
      const page = pullPageSchema.safeParse(answer.json);
      if (!page.success) throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
      const applied = this.#d.applier.apply(page.data, resyncing);
      result.pulled += page.data.changes.length;
      if (applied.swept > 0)
        this.#d.log.info({ swept: applied.swept }, 'full resync removed rows gone from the server');
      cursor = page.data.nextCursor;
      if (!page.data.hasMore) return;
      this.#d.progress();
    }
  }

  async reconcile(call: ServerCall): Promise<ReconcileResult> {
    const r = await reconcile(
      this.#d.data.outbox,
      async (path) => (await call.request('GET', path)).json,
      this.#d.now(),
    );
    this.#d.data.state.set('lastReconcileAt', this.#d.now().toISOString());
    if (r.reEnqueued > 0) this.#d.log.warn({ ...r }, 'reconciliation re-enqueued items the server lacks');
    else this.#d.log.info({ ...r }, 'reconciled');
    return r;
  }
}
