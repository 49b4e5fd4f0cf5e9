// The workstation's side of sync, put together: installation for one municipality (and its
// reset), the status the UI shows, one pass at a time, and the schedule that runs passes by
// itself. Everything a person sees is a catalogue code; no key, certificate or personnummer is
// ever logged.
import { CareDockError, isErrorCode } from '../../shared/errors/index.ts';
import type { SyncRunResult, SyncStatus } from '../../shared/api/procedures/sync.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Logger } from '../log/logger.ts';
import { PageApplier, serverAreaOrder, type ServerAreas } from './apply.ts';
import { Channel, ChannelError } from './channel.ts';
import {
  SYNC_STATE_KEYS,
  storedErrorSchema,
  type Installation,
  type QuarantinedItem,
  type StoredError,
  type SyncData,
} from './data.ts';
import { SyncFailure, failureFromError } from './failures.ts';
import { checkSourceAddress, enrol, type InstallInput } from './installation.ts';
import type { KeyStore } from './keystore.ts';
import { SYNC_CHANNEL } from './kinds.ts';
import { OutboxQueue, type PushSources } from './outbox.ts';
import { ServerCall, SyncPass, zeroResult } from './pass.ts';
import { DEFAULT_RENEW_BEFORE_MS, identityKey, renewalDue, renewCertificate } from './renewal.ts';
import type { ReconcileResult } from './reconcile.ts';
import { SyncSchedule, type SyncAttempt } from './schedule.ts';
import { syncStatus } from './status.ts';

export type { InstallInput } from './installation.ts';

export interface SyncServiceOptions {
  data: SyncData;
  /** The areas whose tables hold what flows down: they apply it, sweep it and forget it. */
  areas: ServerAreas;
  /** The areas whose rows flow up. */
  pushSources: PushSources;
  logger: Logger;
  /** The workstation's job queue: sync's passes and reconciliation are its 'sync' channel. */
  queue: JobQueue;
  keyStore: KeyStore;
  clientVersion: string;
  /** Background loop period; 0 turns the loop (and its retries) off. */
  intervalMs: number;
  timeoutMs: number;
  /**
   * Renew the client certificate when it has less than this left (or under half its lifetime);
   * default 30 days. See renewal.ts.
   */
  renewBeforeMs?: number;
  /** Tests only: judge whether renewal is due this far ahead of `now`. */
  renewalClockOffsetMs?: number;
  /** Reconcile this often from the loop (and on demand through sync.reconcile). */
  reconcileEveryMs?: number;
  onStatus?: (status: SyncStatus) => void;
  now?: () => Date;
}

type Trigger = 'loop' | 'user';

export class SyncService {
  readonly #o: SyncServiceOptions;
  readonly #data: SyncData;
  readonly #log: Logger;
  readonly #outbox: OutboxQueue;
  readonly #pass: SyncPass;
  readonly #schedule: SyncSchedule;
  readonly #now: () => Date;
  readonly #queue: JobQueue;
  #channel: { key: string; call: ServerCall } | null = null;
  #running: Promise<SyncRunResult> | null = null;
  #lock: Promise<unknown> = Promise.resolve();
  #lastEmit = 0;

  constructor(o: SyncServiceOptions) {
    this.#o = o;
    this.#data = o.data;
    this.#log = o.logger;
    this.#now = o.now ?? (() => new Date());
    this.#queue = o.queue;
    this.#outbox = new OutboxQueue(o.data.outbox, o.pushSources, o.data);
    this.#pass = new SyncPass({
      data: o.data,
      queue: this.#outbox,
      applier: new PageApplier(o.data, o.areas),
      log: o.logger,
      now: this.#now,
      progress: () => this.#emit(false),
    });
    this.#schedule = new SyncSchedule({
      queue: o.queue,
      logger: o.logger,
      intervalMs: o.intervalMs,
      installed: () => this.#data.installation.get() !== null,
      pass: () => this.#attempt(() => this.runOnce('loop')),
      reconcile: () => this.#attempt(() => this.reconcileNow()),
      reconcileDue: () => this.#reconcileDue(),
      onSettled: () => this.#emit(),
      now: () => this.#now().getTime(),
    });
    // A pause kept by an older version in sync_state is the channel's pause now.
    const legacy = o.data.state.getJson('paused', storedErrorSchema);
    if (legacy) {
      o.data.transaction(() => {
        if (isErrorCode(legacy.code)) this.#queue.pauseAuto(SYNC_CHANNEL, legacy.code, legacy.params);
        o.data.state.delete('paused');
      });
    }
  }

  async #attempt(run: () => Promise<unknown>): Promise<SyncAttempt> {
    try {
      await run();
      return { ok: true };
    } catch (err) {
      const f =
        err instanceof SyncFailure ? err : failureFromError(err, this.#data.state.get('sourceAddress'));
      return { ok: false, code: f.code, params: f.params, pause: f.pause };
    }
  }

  #paused(): StoredError | null {
    const p = this.#queue.pauseDetail(SYNC_CHANNEL);
    return p && { code: p.code, params: p.params, at: p.at };
  }

  // ── Status ────────────────────────────────────────────────────────────────────────────────

  installation(): Installation | null {
    return this.#data.installation.get();
  }

  status(): SyncStatus {
    return syncStatus(this.#data, {
      running: this.#running !== null,
      paused: this.#paused(),
      nextAttemptAt: this.#schedule.nextAttemptAt,
      keyProtection: this.#o.keyStore.protection,
    });
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
    return this.#data.outbox.quarantined(limit, beforeId);
  }

  quarantineRetry(ids: readonly number[] | 'all'): number {
    const n = this.#data.outbox.retry(ids);
    this.#emit();
    if (n > 0) this.nudge();
    return n;
  }

  // ── Installation ──────────────────────────────────────────────────────────────────────────

  async install(input: InstallInput): Promise<SyncStatus> {
    return this.#exclusive(async () => {
      const existing = this.#data.installation.get();
      if (existing)
        throw new CareDockError('sync.alreadyInstalled', { municipality: existing.municipalityName });
      const {
        profile,
        enrolled: e,
        workstationName,
        sourceAddress,
        privateKeyPem,
      } = await enrol(input, this.#data.state.get('sourceAddress'), {
        clientVersion: this.#o.clientVersion,
        timeoutMs: this.#o.timeoutMs,
        log: this.#log,
      });
      // The key first: a crash before the row leaves a stale key that the next install overwrites.
      this.#o.keyStore.save(privateKeyPem);
      // A pending renewal key belongs to a certificate of an earlier installation.
      this.#o.keyStore.removePending();
      const { state } = this.#data;
      this.#data.transaction(() => {
        this.#data.installation.put({
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
        // The municipality's retention rules travel with the profile; sync keeps them current.
        if (profile.retention)
          this.#o.areas.retention.upsertFromServer(profile.retention, this.#now().toISOString());
        for (const k of [
          'cursor',
          'resyncing',
          'paused',
          'lastError',
          'lastSuccessAt',
          'lastReconcileAt',
          'certificateRenewedAt',
          'certificateRenewalError',
        ] as const)
          state.delete(k);
        if (sourceAddress === null) state.delete('sourceAddress');
        else state.set('sourceAddress', sourceAddress);
      });
      this.#log.info(
        { workstationId: e.workstationId, providerId: e.providerId, municipalityId: e.municipalityId },
        'workstation installed',
      );
      this.#queue.liftAutoPause(SYNC_CHANNEL);
      this.#emit();
      this.#schedule.loop();
      return this.status();
    });
  }

  /**
   * Forgets the installation. Refuses while anything has not reached the server. Each area that
   * holds what came down from the old municipality clears its own rows.
   */
  async reset(): Promise<SyncStatus> {
    return this.#exclusive(async () => {
      const inst = this.#data.installation.get();
      if (!inst) return this.status();
      const { waiting, quarantined } = this.#data.outbox.counts();
      if (waiting + quarantined > 0)
        throw new CareDockError('sync.resetUnsynced', { count: waiting + quarantined });
      this.#schedule.clear();
      this.#closeChannel();
      this.#data.transaction(() => {
        this.#data.installation.remove();
        // Every key except sourceAddress, which outlives the installation (enrol falls back to it).
        for (const k of SYNC_STATE_KEYS) if (k !== 'sourceAddress') this.#data.state.delete(k);
        // What was sent belongs to the old municipality: it must never be re-sent to a new one.
        this.#data.outbox.forgetSent();
        this.#data.seen.clear();
        for (const entity of serverAreaOrder) this.#o.areas[entity].forgetServerRows();
      });
      this.#o.keyStore.remove();
      this.#queue.liftAutoPause(SYNC_CHANNEL);
      this.#log.info({ municipalityId: inst.municipalityId }, 'installation reset');
      this.#emit();
      return this.status();
    });
  }

  setSourceAddress(address: string | null): SyncStatus {
    checkSourceAddress(address);
    const { state } = this.#data;
    if (address === null) state.delete('sourceAddress');
    else state.set('sourceAddress', address);
    this.#closeChannel();
    // A pause for the old address no longer holds.
    if (this.#paused()?.code === 'sync.sourceAddressInvalid') this.#queue.liftAutoPause(SYNC_CHANNEL);
    this.#emit();
    return this.status();
  }

  /** The demo's embedded server may come back on another port (same CA, same municipality). */
  repointServer(url: string): void {
    this.#data.installation.setServerUrl(url);
    this.#closeChannel();
  }

  // ── One pass: clock, push, pull ───────────────────────────────────────────────────────────

  /**
   * One push of everything waiting and one pull of everything new. A person's trigger ('user')
   * also lifts the pause sync put on itself (not an admin's); the loop's does not. Throws the
   * SyncFailure that stopped it.
   */
  runOnce(trigger: Trigger = 'user'): Promise<SyncRunResult> {
    if (this.#running) return this.#running;
    if (!this.#data.installation.get()) return Promise.reject(new CareDockError('sync.notInstalled'));
    const paused = this.#queue.pauseDetail(SYNC_CHANNEL);
    if (trigger === 'loop' && paused) return Promise.resolve(zeroResult());
    if (paused?.by === 'admin')
      return Promise.reject(new CareDockError('jobs.channelPausedByAdmin', { channel: SYNC_CHANNEL }));
    const run = this.#exclusive(() => this.#run(trigger));
    this.#running = run;
    this.#emit();
    const done = () => {
      this.#running = null;
      this.#emit();
    };
    void run.then(done, done);
    return run;
  }

  async reconcileNow(): Promise<ReconcileResult> {
    if (!this.#data.installation.get()) throw new CareDockError('sync.notInstalled');
    return this.#exclusive(async () => {
      try {
        return await this.#reconcile(this.#open());
      } catch (err) {
        throw failureFromError(err, this.#data.state.get('sourceAddress'));
      }
    });
  }

  async #reconcile(call: ServerCall): Promise<ReconcileResult> {
    const r = await this.#pass.reconcile(call);
    this.#emit();
    return r;
  }

  async #run(trigger: Trigger): Promise<SyncRunResult> {
    const { state } = this.#data;
    if (trigger === 'user') this.#queue.liftAutoPause(SYNC_CHANNEL);
    state.set('lastAttemptAt', this.#now().toISOString());
    const result = zeroResult();
    try {
      const call = this.#open();
      await this.#pass.measureClock(call);
      await this.#pass.push(call, result);
      await this.#pass.pull(call, result);
      await this.#renewIfDue(call);
    } catch (err) {
      if (!(err instanceof CareDockError) && !(err instanceof ChannelError))
        this.#log.error({ err }, 'sync pass failed unexpectedly');
      const f = failureFromError(err, state.get('sourceAddress'));
      f.doneBefore = { ...result };
      this.#onFailure(f, trigger);
      throw f;
    }
    this.#data.transaction(() => {
      state.set('lastSuccessAt', this.#now().toISOString());
      state.delete('lastError');
    });
    if (trigger === 'user') this.#queue.noteAttempt(SYNC_CHANNEL, true);
    this.#log.info({ ...result }, 'synced');
    return result;
  }

  /**
   * Renews the certificate when it is due, after a pass that got through (so the channel and the
   * certificate work). A failed renewal is kept for Admin → Installation and tried again at the
   * next pass; it never fails the pass, as the old certificate is still good.
   */
  async #renewIfDue(call: ServerCall): Promise<void> {
    const inst = call.inst;
    const judgedAt = new Date(this.#now().getTime() + (this.#o.renewalClockOffsetMs ?? 0));
    if (!renewalDue(inst.certificatePem, this.#o.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS, judgedAt)) return;
    try {
      const { notAfter } = await renewCertificate(call, {
        data: this.#data,
        keyStore: this.#o.keyStore,
        now: this.#now,
      });
      this.#log.info(
        { workstationId: inst.workstationId, previousNotAfter: inst.certificateNotAfter, notAfter },
        'certificate renewed',
      );
      // The next request makes a new connection with the new pair.
      this.#closeChannel();
    } catch (err) {
      if (!(err instanceof CareDockError) && !(err instanceof ChannelError))
        this.#log.error({ err }, 'certificate renewal failed unexpectedly');
      const f = failureFromError(err, this.#data.state.get('sourceAddress'));
      this.#log.warn({ errorCode: f.code }, 'certificate renewal failed; the current certificate stays');
      const stored: StoredError = { code: f.code, params: f.params, at: this.#now().toISOString() };
      this.#data.state.setJson('certificateRenewalError', stored);
    }
  }

  #onFailure(f: SyncFailure, trigger: Trigger): void {
    const { state } = this.#data;
    const stored: StoredError = { code: f.code, params: f.params, at: this.#now().toISOString() };
    this.#log.warn({ errorCode: f.code, pause: f.pause }, 'sync failed');
    if (f.pause) {
      this.#data.transaction(() => {
        this.#queue.pauseAuto(SYNC_CHANNEL, f.code, f.params);
        state.delete('lastError');
      });
      return;
    }
    state.setJson('lastError', stored);
    // The loop's own failures are the queue's to retry (its job's backoff); a person's are not a
    // job, so the loop takes over from them soon.
    if (trigger === 'user') {
      this.#queue.noteAttempt(SYNC_CHANNEL, false);
      this.#schedule.retrySoon();
    }
  }

  #reconcileDue(): boolean {
    const last = this.#data.state.get('lastReconcileAt');
    const every = this.#o.reconcileEveryMs ?? 86_400_000;
    return last === null || this.#now().getTime() - Date.parse(last) >= every;
  }

  #open(): ServerCall {
    const inst = this.#data.installation.get();
    if (!inst) throw new CareDockError('sync.notInstalled');
    const sourceAddress = this.#data.state.get('sourceAddress');
    const key = `${inst.workstationId}|${inst.serverUrl}|${sourceAddress ?? ''}`;
    if (this.#channel?.key === key) return this.#channel.call;
    this.#closeChannel();
    // The key that matches the stored certificate (after a renewal cut short, the pending one).
    const privateKeyPem = identityKey(this.#o.keyStore, inst);
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
    const call = new ServerCall(channel, inst);
    this.#channel = { key, call };
    return call;
  }

  #closeChannel(): void {
    this.#channel?.call.channel.close();
    this.#channel = null;
  }

  // ── Running by itself ─────────────────────────────────────────────────────────────────────

  /** Starts the background schedule (when intervalMs > 0); it only syncs while installed. */
  start(): void {
    this.#schedule.start();
  }

  /**
   * New items entered the outbox (a pen was docked, a plan saved): tell the UI how many wait,
   * even while sync is paused, and sync soon.
   */
  outboxChanged(): void {
    this.#emit(false);
    this.nudge();
  }

  /** Sync soon (e.g. a pen was docked); debounced, and only while the schedule runs. */
  nudge(delayMs = 2_000): void {
    this.#schedule.nudge(delayMs);
  }

  async stop(): Promise<void> {
    await this.#schedule.stop();
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
