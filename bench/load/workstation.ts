// One simulated workstation for the load generator: its own key and enrolled certificate, its own
// source address in 127.0.0.0/8, registrations docked at random moments, and the product's sync
// schedule (a pass every interval, one soon after a docking, full-jitter backoff after a failure).
// Every loop is bounded by the run's deadline.
import { Agent } from 'node:https';
import { createCsr } from '../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../src/server/pki/keys.ts';
import { uuidv7 } from '../../src/main/ids.ts';
import { enrolResponseSchema } from '../../src/shared/sync/enrolment.ts';
import { pushResponseSchema } from '../../src/shared/sync/push.ts';
import { pullPageSchema } from '../../src/shared/sync/pull.ts';
import { call, type CallResult } from '../../test/server/helpers/client.ts';

export interface Target {
  port: number;
  ca: string;
}

export interface Timings {
  push: number[];
  pull: number[];
  failures: number;
}

/** A docking of one pen: a handful of registrations, as a visit round produces. */
const PER_DOCKING = 12;
const MAX_PASSES = 100_000;

export class SimWorkstation {
  readonly address: string;
  readonly municipalityId: string;
  /** Every registration id this workstation made, and the ids the server has confirmed. */
  readonly made: string[] = [];
  readonly confirmed = new Set<string>();
  readonly cursors: string[] = [];
  #key = generateEcKeyPem();
  #cert = '';
  #agent: Agent | null = null;
  #queue: Record<string, unknown>[] = [];
  #cursor = '0';
  #sequence = 0;

  readonly target: Target;
  readonly timings: Timings;

  constructor(target: Target, address: string, municipalityId: string, timings: Timings) {
    this.target = target;
    this.address = address;
    this.municipalityId = municipalityId;
    this.timings = timings;
  }

  async enrol(code: string): Promise<void> {
    const csrPem = await createCsr(this.#key, [['CN', 'load']]);
    const r = await this.#call('POST', '/v1/enrol', {
      code,
      csrPem,
      municipalityId: this.municipalityId,
      workstationName: `Last ${this.address}`,
    });
    if (r.status !== 200)
      throw new Error(`enrol from ${this.address}: ${r.status} ${JSON.stringify(r.json)}`);
    this.#cert = enrolResponseSchema.parse(r.json).certificatePem;
    // One connection at a time, closed when idle for a few seconds, as a PC between passes.
    this.#agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 5_000 });
  }

  /** Docking: registrations into the outbox. */
  dock(now: number): void {
    for (let i = 0; i < PER_DOCKING; i++) {
      this.#sequence++;
      const penTime = new Date(now - (PER_DOCKING - i) * 60_000).toISOString();
      const id = uuidv7();
      this.made.push(id);
      this.#queue.push({
        type: 'registration',
        id,
        penSerial: `PEN-${this.address}`,
        sequence: this.#sequence,
        tagUid: `04${(this.#sequence % 0xffffff).toString(16).padStart(12, '0')}`,
        penTime,
        correctedTime: null,
        kind: i % 2 === 0 ? 'arrive' : 'depart',
        flags: [],
        staffId: 'staff-1',
        receivedAt: new Date(now).toISOString(),
      });
    }
  }

  /** One sync pass: push what waits, then pull until nothing more. Throws on a failure. */
  async pass(): Promise<void> {
    while (this.#queue.length > 0) {
      const items = this.#queue.slice(0, 500);
      const t0 = performance.now();
      const r = await this.#call('POST', '/v1/push', { items });
      if (r.status !== 200) throw new Error(`push ${r.status}`);
      this.timings.push.push(performance.now() - t0);
      const res = pushResponseSchema.parse(r.json);
      for (const x of res.results) {
        if (x.status === 'rejected') throw new Error(`push rejected ${x.code}`);
        if (x.id) this.confirmed.add(x.id);
      }
      this.#queue.splice(0, items.length);
    }
    for (let page = 0; page < 1_000; page++) {
      const t0 = performance.now();
      const r = await this.#call('GET', `/v1/changes?cursor=${this.#cursor}`);
      if (r.status !== 200) throw new Error(`pull ${r.status}`);
      this.timings.pull.push(performance.now() - t0);
      const p = pullPageSchema.parse(r.json);
      this.#cursor = p.nextCursor;
      this.cursors.push(p.nextCursor);
      if (!p.hasMore) break;
    }
  }

  /**
   * The schedule until `deadline`: a pass every `intervalMs` (first at a random offset), one
   * soon after each docking, and after a failure a retry in [0, min(interval, 1 s · 2^n)).
   */
  async run(deadline: number, intervalMs: number, dockEveryMs: number): Promise<void> {
    let nextPass = Date.now() + Math.random() * intervalMs;
    let nextDock = Date.now() + Math.random() * dockEveryMs;
    let failures = 0;
    for (let i = 0; i < MAX_PASSES; i++) {
      const wake = Math.min(nextPass, nextDock, deadline);
      await new Promise((r) => setTimeout(r, Math.max(0, wake - Date.now())));
      const now = Date.now();
      if (now >= deadline) break;
      if (now >= nextDock) {
        this.dock(now);
        nextDock = now + dockEveryMs * (0.5 + Math.random());
        nextPass = Math.min(nextPass, now + 2_000); // the nudge after new work
        continue;
      }
      try {
        await this.pass();
        failures = 0;
        nextPass = Date.now() + intervalMs;
      } catch {
        this.timings.failures++;
        failures++;
        nextPass = Date.now() + Math.random() * Math.min(intervalMs, 1_000 * 2 ** failures);
      }
    }
  }

  /** After the run: send what is left and pull to the end, with retries (bounded). */
  async drain(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      try {
        await this.pass();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250 * (i + 1)));
      }
    }
    throw new Error(`${this.address} could not drain its outbox`);
  }

  close(): void {
    this.#agent?.destroy();
  }

  #call(method: string, path: string, body?: unknown): Promise<CallResult> {
    return call({
      port: this.target.port,
      ca: this.target.ca,
      method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(this.#cert ? { identity: { key: this.#key, cert: this.#cert } } : {}),
      localAddress: this.address,
      municipalityId: this.municipalityId,
      ...(this.#agent ? { agent: this.#agent } : {}),
      timeoutMs: 30_000,
    });
  }
}
