// The workstation's side of sync, put together: installation for one municipality (and its
// reset), the status the UI shows, one pass at a time, and the schedule that runs passes by
// itself. Everything a person sees is a catalogue code; no key, certificate or personnummer is
// ever logged.
import { CareDockError } from '../../shared/errors/index.ts';
import type { SyncRunResult, SyncStatus } from '../../shared/api/procedures/sync.ts';
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
import { OutboxQueue, fullJitter, type PushSources } from './outbox.ts';
import { ServerCall, SyncPass, zeroResult } from './pass.ts';
import type { ReconcileResult } from './reconcile.ts';
import { SyncSchedule } from './schedule.ts';
import { syncStatus } from './status.ts';

export type { InstallInput } from './installation.ts';

export interface SyncServiceOptions {
  data: SyncData;
  /** The areas whose tables hold what flows down: they apply it, sweep it and forget it. */
  areas: ServerAreas;
  /** The areas whose rows flow up. */
  pushSources: PushSources;
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

type Trigger = 'loop' | 'user';

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 5 * 60_000;

export class SyncService {
  readonly #o: SyncServiceOptions;
  readonly #data: SyncData;
  readonly #log: Logger;
  readonly #outbox: OutboxQueue;
  readonly #pass: SyncPass;
  readonly #schedule: SyncSchedule;
  readonly #now: () => Date;
  readonly #random: () => number;
  #channel: { key: string; call: ServerCall } | null = null;
  #running: Promise<SyncRunResult> | null = null;
  #lock: Promise<unknown> = Promise.resolve();
  #failures = 0;
  #lastEmit = 0;

  constructor(o: SyncServiceOptions) {
    this.#o = o;
    this.#data = o.data;
    this.#log = o.logger;
    this.#now = o.now ?? (() => new Date());
    this.#random = o.random ?? Math.random;
    this.#outbox = new OutboxQueue(o.data.outbox, o.pushSources, o.data);
    this.#pass = new SyncPass({
      data: o.data,
      queue: this.#outbox,
      applier: new PageApplier(o.data, o.areas),
      log: o.logger,
      now: this.#now,
      progress: () => this.#emit(false),
    });
    this.#schedule = new SyncSchedule(o.intervalMs, () => this.#tick());
  }

  // ── Status ────────────────────────────────────────────────────────────────────────────────

  installation(): Installation | null {
    return this.#data.installation.get();
  }

  status(): SyncStatus {
    return syncStatus(this.#data, {
      running: this.#running !== null,
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
        ] as const)
          state.delete(k);
        if (sourceAddress === null) state.delete('sourceAddress');
        else state.set('sourceAddress', sourceAddress);
      });
      this.#log.info(
        { workstationId: e.workstationId, providerId: e.providerId, municipalityId: e.municipalityId },
        'workstation installed',
      );
      this.#failures = 0;
      this.#schedule.cancelRetry();
      this.#emit();
      this.#schedule.loop();
      // The loop may already run (started before the install): sync now rather than at its next tick.
      this.nudge(1_000);
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
      this.#failures = 0;
      this.#schedule.cancelRetry();
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
    if (state.getJson('paused', storedErrorSchema)?.code === 'sync.sourceAddressInvalid')
      state.delete('paused');
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
   * also lifts a pause; the loop's does not. Throws the SyncFailure that stopped it.
   */
  runOnce(trigger: Trigger = 'user'): Promise<SyncRunResult> {
    if (this.#running) return this.#running;
    if (!this.#data.installation.get()) return Promise.reject(new CareDockError('sync.notInstalled'));
    if (trigger === 'loop' && this.#data.state.get('paused') !== null) return Promise.resolve(zeroResult());
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
    if (trigger === 'user') state.delete('paused');
    state.set('lastAttemptAt', this.#now().toISOString());
    const result = zeroResult();
    try {
      const call = this.#open();
      await this.#pass.measureClock(call);
      await this.#pass.push(call, result);
      await this.#pass.pull(call, result);
      if (trigger === 'loop' && this.#reconcileDue()) await this.#reconcile(call);
    } catch (err) {
      if (!(err instanceof CareDockError) && !(err instanceof ChannelError))
        this.#log.error({ err }, 'sync pass failed unexpectedly');
      const f = failureFromError(err, state.get('sourceAddress'));
      f.doneBefore = { ...result };
      this.#onFailure(f);
      throw f;
    }
    this.#data.transaction(() => {
      state.set('lastSuccessAt', this.#now().toISOString());
      state.delete('lastError');
    });
    this.#failures = 0;
    this.#schedule.cancelRetry();
    this.#log.info({ ...result }, 'synced');
    return result;
  }

  #onFailure(f: SyncFailure): void {
    const { state } = this.#data;
    const stored: StoredError = { code: f.code, params: f.params, at: this.#now().toISOString() };
    this.#log.warn({ errorCode: f.code, pause: f.pause }, 'sync failed');
    if (f.pause) {
      state.setJson('paused', stored);
      state.delete('lastError');
      this.#schedule.cancelRetry();
      return;
    }
    state.setJson('lastError', stored);
    this.#failures++;
    // Full-jitter exponential backoff, on a timer of its own.
    const delay = fullJitter(this.#failures, RETRY_BASE_MS, RETRY_CAP_MS, this.#random) + 250;
    this.#schedule.retryAfter(delay, () => this.runOnce('loop').catch(() => undefined));
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

  #tick(): void {
    if (this.#running || !this.#schedule.enabled || !this.#data.installation.get()) return;
    if (this.#schedule.backingOff()) return;
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

  /** Sync soon (e.g. a pen was docked); debounced, and only while the schedule runs. */
  nudge(delayMs = 2_000): void {
    this.#schedule.nudge(delayMs);
  }

  async stop(): Promise<void> {
    this.#schedule.stop();
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
