// The workstation's side of sync: installation for one municipality, one uploader and puller at
// a time, the background loop with its own backoff timer, reconciliation and the status the UI
// shows. Everything a person sees is a catalogue code; no key, certificate or personnummer is
// ever logged.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type Database from 'better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import type { SyncRunResult, SyncStatus } from '../../shared/api/procedures/sync.ts';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_ITEMS,
  enrolResponseSchema,
  enrolmentCodeSchema,
  installProfileSchema,
  pullPageSchema,
  pushResponseSchema,
  serverTimeResponseSchema,
  type InstallProfile,
} from '../../shared/sync/index.ts';
import type { Logger } from '../log/logger.ts';
import { PageApplier } from './apply.ts';
import { Channel, ChannelError, type Answer } from './channel.ts';
import { buildCsrPem, generateWorkstationKey } from './csr.ts';
import { SyncFailure, failureFromAnswer, failureFromError } from './failures.ts';
import type { KeyStore } from './keystore.ts';
import { OutboxQueue, fullJitter, type Batch, type QuarantinedItem } from './outbox.ts';
import { reconcile, type ReconcileResult } from './reconcile.ts';
import {
  InstallationStore,
  SYNC_STATE_KEYS,
  SyncStateStore,
  storedErrorSchema,
  type Installation,
  type StoredError,
} from './state.ts';

export interface SyncServiceOptions {
  sqlite: Database.Database;
  logger: Logger;
  keyStore: KeyStore;
  clientVersion: string;
  /** Background loop period; 0 turns the loop (and its backoff timer) off. */
  intervalMs: number;
  timeoutMs: number;
  /** Reconcile this often from the loop (and on demand through sync.reconcile). */
  reconcileEveryMs?: number;
  onStatus?: (status: SyncStatus) => void;
  now?: () => Date;
  random?: () => number;
}

export interface InstallInput {
  profile: string;
  code: string;
  workstationName?: string;
  sourceAddress?: string | null;
}

type Trigger = 'loop' | 'user';

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 5 * 60_000;
const SKEW_MS = 2 * 60_000;
/** Bounds on one pass: 10,000 batches of 500 and 10,000 pages of 5,000. */
const MAX_BATCHES = 10_000;
const MAX_PAGES = 10_000;
/** Push batches in flight at once (the server stores one while the next is read and sent). */
const PUSH_PIPELINE = 2;

const zeroResult = (): SyncRunResult => ({ accepted: 0, duplicate: 0, rejected: 0, pulled: 0 });

export class SyncService {
  readonly #o: SyncServiceOptions;
  readonly #sqlite: Database.Database;
  readonly #log: Logger;
  readonly #state: SyncStateStore;
  readonly #installation: InstallationStore;
  readonly #outbox: OutboxQueue;
  readonly #applier: PageApplier;
  readonly #now: () => Date;
  readonly #random: () => number;
  #channel: { key: string; channel: Channel } | null = null;
  #running: Promise<SyncRunResult> | null = null;
  #lock: Promise<unknown> = Promise.resolve();
  #failures = 0;
  #maxItems = MAX_PUSH_ITEMS;
  #nextAttemptAt: Date | null = null;
  #loopTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #nudgeTimer: NodeJS.Timeout | null = null;
  #lastEmit = 0;
  #stopped = false;

  constructor(o: SyncServiceOptions) {
    this.#o = o;
    this.#sqlite = o.sqlite;
    this.#log = o.logger;
    this.#state = new SyncStateStore(o.sqlite);
    this.#installation = new InstallationStore(o.sqlite);
    this.#outbox = new OutboxQueue(o.sqlite);
    this.#applier = new PageApplier(o.sqlite, this.#state);
    this.#now = o.now ?? (() => new Date());
    this.#random = o.random ?? Math.random;
  }

  // ── Status ────────────────────────────────────────────────────────────────────────────────

  installation(): Installation | null {
    return this.#installation.get();
  }

  status(): SyncStatus {
    const inst = this.#installation.get();
    const { waiting, quarantined } = this.#outbox.counts();
    const paused = this.#state.getJson('paused', storedErrorSchema);
    const lastError = this.#state.getJson('lastError', storedErrorSchema);
    const offset = this.#state.get('serverOffsetMs');
    const serverOffsetMs = offset === null ? null : Math.round(Number(offset));
    const error: StoredError | null = paused ?? lastError;
    const state: SyncStatus['state'] = !inst
      ? 'notInstalled'
      : this.#running
        ? 'syncing'
        : paused
          ? 'paused'
          : lastError
            ? 'error'
            : 'idle';
    return {
      state,
      lastSuccessAt: this.#state.get('lastSuccessAt'),
      lastAttemptAt: this.#state.get('lastAttemptAt'),
      nextAttemptAt: this.#nextAttemptAt?.toISOString() ?? null,
      waiting,
      quarantined,
      error: inst && error ? { code: error.code, params: error.params } : null,
      serverOffsetMs,
      clockSkewed: serverOffsetMs !== null && Math.abs(serverOffsetMs) > SKEW_MS,
      municipality: inst ? { id: inst.municipalityId, name: inst.municipalityName } : null,
      provider: inst ? { id: inst.providerId, name: inst.providerName } : null,
      workstation: inst ? { id: inst.workstationId, name: inst.workstationName } : null,
      serverUrl: inst?.serverUrl ?? null,
      certificateNotAfter: inst?.certificateNotAfter ?? null,
      seenAddress: inst ? this.#state.get('seenAddress') : null,
      sourceAddress: this.#state.get('sourceAddress'),
      keyProtection: inst ? this.#o.keyStore.protection : null,
      lastReconcileAt: this.#state.get('lastReconcileAt'),
    };
  }

  #emit(force = true): void {
    const now = Date.now();
    if (!force && now - this.#lastEmit < 250) return;
    this.#lastEmit = now;
    try {
      this.#o.onStatus?.(this.status());
    } catch (err) {
      this.#log.warn({ err }, 'sync status listener failed');
    }
  }

  quarantineList(limit: number, beforeId?: number): QuarantinedItem[] {
    return this.#outbox.quarantined(limit, beforeId);
  }

  quarantineRetry(ids: readonly number[] | 'all'): number {
    const n = this.#outbox.retry(ids);
    this.#emit();
    if (n > 0) this.nudge();
    return n;
  }

  // ── Installation ──────────────────────────────────────────────────────────────────────────

  async install(input: InstallInput): Promise<SyncStatus> {
    return this.#exclusive(async () => {
      const existing = this.#installation.get();
      if (existing)
        throw new CareDockError('sync.alreadyInstalled', { municipality: existing.municipalityName });
      let profile: InstallProfile;
      try {
        const parsed = installProfileSchema.safeParse(JSON.parse(input.profile));
        if (!parsed.success) throw new Error('profile');
        profile = parsed.data;
      } catch {
        throw new CareDockError('sync.profileInvalid');
      }
      const code = enrolmentCodeSchema.safeParse(input.code);
      if (!code.success) throw new CareDockError('sync.enrolmentCodeInvalid');
      const sourceAddress =
        input.sourceAddress === undefined ? this.#state.get('sourceAddress') : input.sourceAddress;
      if (sourceAddress !== null && isIP(sourceAddress) === 0)
        throw new CareDockError('sync.sourceAddressInvalid', { address: sourceAddress });
      const workstationName = input.workstationName ?? 'CareDock';

      const keys = generateWorkstationKey();
      const csrPem = buildCsrPem(keys, workstationName);
      const channel = new Channel({
        serverUrl: profile.serverUrl,
        caCertificatePem: profile.caCertificatePem,
        clientVersion: this.#o.clientVersion,
        localAddress: sourceAddress,
        timeoutMs: this.#o.timeoutMs,
      });
      let answer: Answer;
      try {
        answer = await channel.request(
          'POST',
          '/v1/enrol',
          JSON.stringify({
            code: code.data,
            csrPem,
            municipalityId: profile.municipalityId,
            workstationName,
          }),
        );
      } catch (err) {
        throw failureFromError(err, sourceAddress);
      } finally {
        channel.close();
      }
      if (answer.status < 200 || answer.status >= 300) {
        const f = failureFromAnswer(answer, {
          providerName: profile.municipalityName,
          certificateNotAfter: null,
        });
        this.#log.warn({ errorCode: f.code, status: answer.status }, 'enrolment refused');
        throw f;
      }
      const enrolled = enrolResponseSchema.safeParse(answer.json);
      if (!enrolled.success) throw new CareDockError('sync.enrolmentMismatch');
      const e = enrolled.data;
      let ours = false;
      try {
        const cert = new X509Certificate(e.certificatePem);
        const spki = (k: typeof keys.publicKey) => k.export({ type: 'spki', format: 'der' });
        ours = spki(cert.publicKey).equals(spki(keys.publicKey));
      } catch {
        ours = false;
      }
      if (!ours || e.municipalityId !== profile.municipalityId)
        throw new CareDockError('sync.enrolmentMismatch');

      // The key first: a crash before the row leaves a stale key that the next install overwrites.
      this.#o.keyStore.save(keys.privateKeyPem);
      this.#sqlite.transaction(() => {
        this.#installation.put({
          municipalityId: profile.municipalityId,
          municipalityName: profile.municipalityName,
          serverUrl: profile.serverUrl,
          // Pin the profile's CA: it came from the municipality out of band, the answer did not.
          caCertificatePem: profile.caCertificatePem,
          workstationId: e.workstationId,
          workstationName,
          providerId: e.providerId,
          providerName: e.providerName,
          certificatePem: e.certificatePem,
          certificateNotAfter: new Date(e.notAfter).toISOString(),
        });
        for (const k of [
          'cursor',
          'resyncing',
          'paused',
          'lastError',
          'lastSuccessAt',
          'lastReconcileAt',
        ] as const)
          this.#state.delete(k);
        if (sourceAddress === null) this.#state.delete('sourceAddress');
        else this.#state.set('sourceAddress', sourceAddress);
      })();
      this.#log.info(
        { workstationId: e.workstationId, providerId: e.providerId, municipalityId: e.municipalityId },
        'workstation installed',
      );
      this.#failures = 0;
      this.#nextAttemptAt = null;
      this.#emit();
      this.#schedule();
      // The loop may already run (started before the install): sync now rather than at its next tick.
      this.nudge(1_000);
      return this.status();
    });
  }

  /** Forgets the installation. Refuses while anything has not reached the server. */
  async reset(): Promise<SyncStatus> {
    return this.#exclusive(async () => {
      const inst = this.#installation.get();
      if (!inst) return this.status();
      const { waiting, quarantined } = this.#outbox.counts();
      if (waiting + quarantined > 0)
        throw new CareDockError('sync.resetUnsynced', { count: waiting + quarantined });
      this.#clearTimers();
      this.#closeChannel();
      this.#sqlite.transaction(() => {
        this.#installation.remove();
        // Every key except sourceAddress, which outlives the installation (enrol falls back to it).
        for (const k of SYNC_STATE_KEYS) if (k !== 'sourceAddress') this.#state.delete(k);
        // What was sent belongs to the old municipality: it must never be re-sent to a new one.
        this.#sqlite.prepare(`delete from outbox where state = 'sent'`).run();
        this.#sqlite.prepare('delete from sync_resync_seen').run();
        // The old municipality's people and orders do not stay on a PC that no longer serves it.
        this.#sqlite.prepare(`delete from visit_plans where source = 'server'`).run();
        this.#sqlite.prepare(`delete from orders where source = 'server'`).run();
        this.#sqlite.prepare(`delete from tags where source = 'server'`).run();
        this.#sqlite.prepare(`delete from recipients where source = 'server'`).run();
        this.#sqlite
          .prepare(
            `delete from staff where source = 'server' and not exists (select 1 from pen_assignments a where a.staff_id = staff.id)`,
          )
          .run();
        this.#sqlite.prepare(`update staff set active = 0 where source = 'server'`).run();
      })();
      this.#o.keyStore.remove();
      this.#failures = 0;
      this.#nextAttemptAt = null;
      this.#log.info({ municipalityId: inst.municipalityId }, 'installation reset');
      this.#emit();
      return this.status();
    });
  }

  setSourceAddress(address: string | null): SyncStatus {
    if (address !== null && isIP(address) === 0)
      throw new CareDockError('sync.sourceAddressInvalid', { address });
    if (address === null) this.#state.delete('sourceAddress');
    else this.#state.set('sourceAddress', address);
    this.#closeChannel();
    // A pause for the old address no longer holds.
    if (this.#state.getJson('paused', storedErrorSchema)?.code === 'sync.sourceAddressInvalid')
      this.#state.delete('paused');
    this.#emit();
    return this.status();
  }

  /** The demo's embedded server may come back on another port (same CA, same municipality). */
  repointServer(url: string): void {
    this.#installation.setServerUrl(url);
    this.#closeChannel();
  }

  // ── One pass: clock, push, pull ───────────────────────────────────────────────────────────

  /**
   * One push of everything waiting and one pull of everything new. A person's trigger ('user')
   * also lifts a pause; the loop's does not. Throws the SyncFailure that stopped it.
   */
  runOnce(trigger: Trigger = 'user'): Promise<SyncRunResult> {
    if (this.#running) return this.#running;
    if (!this.#installation.get()) return Promise.reject(new CareDockError('sync.notInstalled'));
    if (trigger === 'loop' && this.#state.get('paused') !== null) return Promise.resolve(zeroResult());
    const run = this.#exclusive(() => this.#pass(trigger));
    this.#running = run;
    this.#emit();
    void run.then(
      () => this.#afterRun(),
      () => this.#afterRun(),
    );
    return run;
  }

  #afterRun(): void {
    this.#running = null;
    this.#emit();
  }

  async reconcileNow(): Promise<ReconcileResult> {
    if (!this.#installation.get()) throw new CareDockError('sync.notInstalled');
    return this.#exclusive(async () => {
      const { channel, inst } = this.#open();
      try {
        return await this.#reconcile(channel, inst);
      } catch (err) {
        throw failureFromError(err, this.#state.get('sourceAddress'));
      }
    });
  }

  async #pass(trigger: Trigger): Promise<SyncRunResult> {
    if (trigger === 'user') this.#state.delete('paused');
    this.#state.set('lastAttemptAt', this.#now().toISOString());
    const result = zeroResult();
    try {
      const { channel, inst } = this.#open();
      await this.#measureClock(channel, inst);
      await this.#push(channel, inst, result);
      await this.#pull(channel, inst, result);
      if (trigger === 'loop' && this.#reconcileDue()) await this.#reconcile(channel, inst);
    } catch (err) {
      if (!(err instanceof CareDockError) && !(err instanceof ChannelError))
        this.#log.error({ err }, 'sync pass failed unexpectedly');
      const f = failureFromError(err, this.#state.get('sourceAddress'));
      f.doneBefore = { ...result };
      this.#onFailure(f);
      throw f;
    }
    this.#sqlite.transaction(() => {
      this.#state.set('lastSuccessAt', this.#now().toISOString());
      this.#state.delete('lastError');
    })();
    this.#failures = 0;
    this.#nextAttemptAt = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#log.info({ ...result }, 'synced');
    return result;
  }

  #onFailure(f: SyncFailure): void {
    const stored: StoredError = { code: f.code, params: f.params, at: this.#now().toISOString() };
    this.#log.warn({ errorCode: f.code, pause: f.pause }, 'sync failed');
    if (f.pause) {
      this.#state.setJson('paused', stored);
      this.#state.delete('lastError');
      this.#nextAttemptAt = null;
      if (this.#retryTimer) clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
      return;
    }
    this.#state.setJson('lastError', stored);
    this.#failures++;
    if (this.#o.intervalMs > 0 && !this.#stopped) {
      // Full-jitter exponential backoff, on a timer of its own.
      const delay = fullJitter(this.#failures, RETRY_BASE_MS, RETRY_CAP_MS, this.#random) + 250;
      this.#nextAttemptAt = new Date(Date.now() + delay);
      if (this.#retryTimer) clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.runOnce('loop').catch(() => undefined);
      }, delay);
      this.#retryTimer.unref();
    }
  }

  #open(): { channel: Channel; inst: Installation } {
    const inst = this.#installation.get();
    if (!inst) throw new CareDockError('sync.notInstalled');
    const sourceAddress = this.#state.get('sourceAddress');
    const key = `${inst.workstationId}|${inst.serverUrl}|${sourceAddress ?? ''}`;
    if (this.#channel?.key === key) return { channel: this.#channel.channel, inst };
    this.#closeChannel();
    let privateKeyPem: string | null;
    try {
      privateKeyPem = this.#o.keyStore.load();
    } catch {
      privateKeyPem = null;
    }
    if (privateKeyPem === null) throw new SyncFailure('sync.keyMissing', {}, true);
    const channel = new Channel({
      serverUrl: inst.serverUrl,
      caCertificatePem: inst.caCertificatePem,
      identity: { certificatePem: inst.certificatePem, privateKeyPem },
      municipalityId: inst.municipalityId,
      clientVersion: this.#o.clientVersion,
      localAddress: sourceAddress,
      timeoutMs: this.#o.timeoutMs,
    });
    this.#channel = { key, channel };
    return { channel, inst };
  }

  #closeChannel(): void {
    this.#channel?.channel.close();
    this.#channel = null;
  }

  async #call(
    channel: Channel,
    inst: Installation,
    method: 'GET' | 'POST',
    path: string,
    body?: string,
  ): Promise<Answer> {
    const answer = await channel.request(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status === 410 || answer.status === 413) return answer; // the caller handles these
    throw failureFromAnswer(answer, {
      providerName: inst.providerName,
      certificateNotAfter: inst.certificateNotAfter,
    });
  }

  /** NTP-style: the server's clock is read at the midpoint of the round trip. Stored, never enforced. */
  async #measureClock(channel: Channel, inst: Installation): Promise<void> {
    const t0 = Date.now();
    const answer = await this.#call(channel, inst, 'GET', '/v1/time');
    const t1 = Date.now();
    const r = serverTimeResponseSchema.safeParse(answer.json);
    if (!r.success) throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
    const offset = Math.round(Date.parse(r.data.serverTime) - (t0 + t1) / 2);
    this.#sqlite.transaction(() => {
      this.#state.set('serverOffsetMs', String(offset));
      this.#state.set('roundTripMs', String(t1 - t0));
      this.#state.set('serverOffsetMeasuredAt', new Date(t1).toISOString());
      this.#state.set('seenAddress', r.data.sourceAddress);
    })();
  }

  async #push(channel: Channel, inst: Installation, result: SyncRunResult): Promise<void> {
    // One uploader, two batches in flight: the next batch is read and sent while the server
    // stores the previous one. Batches never overlap (each starts after the last one's ids), and
    // each is marked in its own transaction when its answer arrives.
    let afterId = 0;
    let failure: unknown = null;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < MAX_BATCHES && failure === null; i++) {
      const batch = this.#outbox.nextBatch(afterId, this.#now(), this.#maxItems);
      if (batch === null) break;
      afterId = batch.lastId;
      if (batch.entries.length === 0) continue;
      const sending: Promise<void> = this.#sendBatch(channel, inst, batch, result).then(
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

  async #sendBatch(channel: Channel, inst: Installation, batch: Batch, result: SyncRunResult): Promise<void> {
    const answer = await this.#call(channel, inst, 'POST', '/v1/push', batch.body);
    if (answer.status === 413) {
      // Our caps match the server's, so this server has smaller limits: smaller batches from now
      // on; this batch's items stay pending for the next pass.
      const only = batch.entries[0];
      if (batch.entries.length === 1 && only) this.#outbox.quarantine(only.outboxId, 'sync.itemTooLarge');
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
    const counts = this.#outbox.markResults(batch.entries, parsed.data.results, this.#now());
    result.accepted += counts.accepted;
    result.duplicate += counts.duplicate;
    result.rejected += counts.rejected;
    if (counts.quarantined > 0) this.#log.warn({ quarantined: counts.quarantined }, 'items quarantined');
    this.#emit(false);
  }

  /** Pulls every page, counting applied changes into result.pulled as each page commits. */
  async #pull(channel: Channel, inst: Installation, result: SyncRunResult): Promise<void> {
    let cursor = this.#state.get('cursor') ?? '0';
    let resyncing = this.#state.get('resyncing') !== null;
    let restarted = false;
    for (let i = 0; i < MAX_PAGES; i++) {
      const answer = await this.#call(
        channel,
        inst,
        'GET',
        `/v1/changes?cursor=${cursor}&limit=${MAX_PULL_LIMIT}`,
      );
      if (answer.status === 410 || answer.status === 413) {
        if (answer.status === 413 || restarted)
          throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
        // The cursor is too old (or the server was restored): start over from 0. The outbox is
        // not touched, and the sweep at the end spares local work (see PageApplier).
        this.#log.warn({ cursor }, 'cursor expired: full resync');
        this.#sqlite.transaction(() => {
          this.#sqlite.prepare('delete from sync_resync_seen').run();
          this.#state.set('cursor', '0');
          this.#state.set('resyncing', '1');
        })();
        cursor = '0';
        resyncing = true;
        restarted = true;
        continue;
      }
      const page = pullPageSchema.safeParse(answer.json);
      if (!page.success) throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
      const applied = this.#applier.apply(page.data, resyncing);
      result.pulled += page.data.changes.length;
      if (applied.swept > 0)
        this.#log.info({ swept: applied.swept }, 'full resync removed rows gone from the server');
      cursor = page.data.nextCursor;
      if (!page.data.hasMore) return;
      this.#emit(false);
    }
  }

  #reconcileDue(): boolean {
    const last = this.#state.get('lastReconcileAt');
    const every = this.#o.reconcileEveryMs ?? 86_400_000;
    return last === null || this.#now().getTime() - Date.parse(last) >= every;
  }

  async #reconcile(channel: Channel, inst: Installation): Promise<ReconcileResult> {
    const r = await reconcile(
      this.#sqlite,
      async (path) => (await this.#call(channel, inst, 'GET', path)).json,
      this.#now(),
    );
    this.#state.set('lastReconcileAt', this.#now().toISOString());
    if (r.reEnqueued > 0) this.#log.warn({ ...r }, 'reconciliation re-enqueued items the server lacks');
    else this.#log.info({ ...r }, 'reconciled');
    this.#emit();
    return r;
  }

  // ── The loop ──────────────────────────────────────────────────────────────────────────────

  /** Starts the background loop (when intervalMs > 0); it only works while installed. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#o.intervalMs <= 0 || this.#stopped || this.#loopTimer) return;
    this.#loopTimer = setInterval(() => this.#tick(), this.#o.intervalMs);
    this.#loopTimer.unref();
    this.nudge(1_000);
  }

  #tick(): void {
    if (this.#running || this.#stopped || !this.#installation.get()) return;
    if (this.#nextAttemptAt && Date.now() < this.#nextAttemptAt.getTime()) return; // backing off
    this.runOnce('loop').catch(() => undefined);
  }

  /**
   * New items entered the outbox (a pen was docked, a plan saved): tell the UI how many wait,
   * even while sync is paused, and sync soon.
   */
  outboxChanged(): void {
    this.#emit(false);
    this.nudge();
  }

  /** Sync soon (e.g. a pen was docked); debounced, and only when the loop runs. */
  nudge(delayMs = 2_000): void {
    if (this.#o.intervalMs <= 0 || this.#stopped || this.#nudgeTimer) return;
    this.#nudgeTimer = setTimeout(() => {
      this.#nudgeTimer = null;
      this.#tick();
    }, delayMs);
    this.#nudgeTimer.unref();
  }

  #clearTimers(): void {
    for (const t of [this.#loopTimer, this.#nudgeTimer]) if (t) clearInterval(t);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#loopTimer = this.#nudgeTimer = this.#retryTimer = null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    await this.#lock.catch(() => undefined);
    this.#closeChannel();
  }

  /** One sync operation at a time: passes, install, reset and reconciliation take turns. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#lock.then(fn, fn);
    this.#lock = next.catch(() => undefined);
    return next;
  }
}

export { SyncFailure };
