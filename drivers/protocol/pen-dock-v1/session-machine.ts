// The host side of one pen's upload as a pure state machine: replies in, next action out.
// The I/O runner (drivers/session) only carries out actions, so every rule about what may be
// acknowledged when lives here and is tested without a transport.
import type { DriverErrorCode } from '../../errors.ts';
import { MAX_BATCH, NAK_CODE } from './constants.ts';
import type { PenIdentity, ReplyMessage, RequestMessage } from './messages.ts';
import type { PenRecord, RejectedRecord } from './record.ts';

export type SetClockPolicy = 'never' | 'ifNeeded' | 'always';

/**
 * What the host makes of a pen's model (§4.1): one it was tested with, one it does not know
 * (read all the same: it identified with protocol v1), or one known not to follow the protocol.
 */
export type ModelStatus = 'known' | 'unfamiliar' | 'refused';

export interface SessionPlan {
  /** Records asked for per read (1..255). */
  batchSize: number;
  /** Pen and PC further apart than this → the pen's clock is "drifted". */
  clockDriftLimitSeconds: number;
  setClock: SetClockPolicy;
  modelStatus: (identity: PenIdentity) => ModelStatus;
  /** At or under this battery percentage the pen is reported as low. */
  lowBatteryPercent: number;
}

export interface ClockCheck {
  /** Pen clock minus PC clock at identify, in seconds. */
  offsetSeconds: number;
  drifted: boolean;
  reset: boolean;
  /** The time the pen's clock was set to after the upload, if it was. */
  setTo?: number;
}

/** What the session noticed about the pen itself; the core adds what it made of the records. */
export type SessionNotice = 'device.noNewRecords' | 'device.batteryLow' | 'device.unfamiliarModel';

export interface SessionSummary {
  identity: PenIdentity;
  clock: ClockCheck;
  recordsRead: number;
  recordsAcknowledged: number;
  /** Highest sequence the pen was told it may erase in this session. */
  lastAcknowledgedSeq?: number;
  notices: SessionNotice[];
}

export type SessionAction =
  | { type: 'send'; request: RequestMessage }
  /** Store both before acknowledging: the rejected ones too are acknowledged (§5.3). */
  | { type: 'commit'; records: PenRecord[]; rejected: RejectedRecord[] }
  | { type: 'done'; summary: SessionSummary }
  | {
      type: 'fail';
      code: DriverErrorCode;
      message: string;
      detail?: Readonly<Record<string, string | number>>;
    };

type Phase = 'start' | 'identify' | 'read' | 'commit' | 'acknowledge' | 'setClock' | 'done';

export class PenSessionMachine {
  readonly #plan: SessionPlan;
  #phase: Phase = 'start';
  #identity: PenIdentity | undefined;
  #clock: ClockCheck | undefined;
  #nextSeq = 0;
  #pending: PenRecord[] = [];
  #pendingRejected: RejectedRecord[] = [];
  /** The next read asks for one record: the one after a reply that was cut short (§4.2). */
  #alone = false;
  #read = 0;
  #acknowledged = 0;
  #lastAck: number | undefined;
  #notices: SessionNotice[] = [];

  constructor(plan: SessionPlan) {
    if (!Number.isInteger(plan.batchSize) || plan.batchSize < 1 || plan.batchSize > MAX_BATCH) {
      throw new RangeError(`batchSize must be 1..${MAX_BATCH}`);
    }
    this.#plan = plan;
  }

  get phase(): Phase {
    return this.#phase;
  }

  get identity(): PenIdentity | undefined {
    return this.#identity;
  }

  get clock(): ClockCheck | undefined {
    return this.#clock;
  }

  get progress(): { read: number; total: number; acknowledged: number } {
    return { read: this.#read, total: this.#identity?.recordCount ?? 0, acknowledged: this.#acknowledged };
  }

  start(): SessionAction {
    this.#expect('start');
    this.#phase = 'identify';
    return { type: 'send', request: { type: 'identify' } };
  }

  /** Feed the pen's reply to the last 'send'. nowSeconds is the PC's clock when it arrived. */
  onReply(reply: ReplyMessage, nowSeconds: number): SessionAction {
    if (reply.type === 'nak')
      return this.#fail(
        nakToCode(reply.code),
        `pen refused (NAK 0x${reply.code.toString(16)}) in ${this.#phase}`,
        {
          nak: reply.code,
        },
      );
    switch (this.#phase) {
      case 'identify':
        if (reply.type !== 'identity') return this.#unexpected(reply);
        return this.#onIdentity(reply.identity, nowSeconds);
      case 'read':
        if (reply.type !== 'records') return this.#unexpected(reply);
        return this.#onRecords(reply, nowSeconds);
      case 'acknowledge': {
        if (reply.type !== 'acknowledged') return this.#unexpected(reply);
        const upTo = this.#pendingUpTo();
        if (upTo === undefined || reply.upToSeq !== upTo)
          return this.#fail('device.protocol', `pen acknowledged ${reply.upToSeq}, asked ${upTo}`);
        this.#acknowledged += this.#pending.length + this.#pendingRejected.length;
        this.#lastAck = upTo;
        this.#nextSeq = upTo + 1;
        this.#pending = [];
        this.#pendingRejected = [];
        return this.#afterBatch(nowSeconds);
      }
      case 'setClock':
        if (reply.type !== 'clockSet') return this.#unexpected(reply);
        if (this.#clock) this.#clock.setTo = reply.time;
        return this.#finish();
      default:
        return this.#fail('device.protocol', `reply ${reply.type} while ${this.#phase}`);
    }
  }

  /** The caller's commit of the last 'commit' action resolved: now (and only now) acknowledge. */
  onCommitted(): SessionAction {
    this.#expect('commit');
    const upTo = this.#pendingUpTo();
    if (upTo === undefined) throw new Error('commit without records');
    this.#phase = 'acknowledge';
    return { type: 'send', request: { type: 'acknowledge', upToSeq: upTo } };
  }

  /** The highest seq of the batch being stored: a rejected record is stored (quarantined) too. */
  #pendingUpTo(): number | undefined {
    const last = this.#pending[this.#pending.length - 1]?.seq;
    const rejected = this.#pendingRejected[this.#pendingRejected.length - 1]?.seq;
    if (last === undefined) return rejected;
    return rejected === undefined ? last : Math.max(last, rejected);
  }

  #onIdentity(identity: PenIdentity, nowSeconds: number): SessionAction {
    this.#identity = identity;
    const offsetSeconds = identity.penClock - nowSeconds;
    this.#clock = {
      offsetSeconds,
      drifted: Math.abs(offsetSeconds) > this.#plan.clockDriftLimitSeconds,
      reset: identity.clockReset,
    };
    const model = this.#plan.modelStatus(identity);
    if (model === 'refused') {
      return this.#fail('device.unknownModel', `pen model ${identity.model} is refused`, {
        model: identity.model,
        pen: identity.serial,
      });
    }
    if (model === 'unfamiliar') this.#notices.push('device.unfamiliarModel');
    if (identity.recordCount === 0) this.#notices.push('device.noNewRecords');
    if (identity.lowBattery || identity.batteryPercent <= this.#plan.lowBatteryPercent)
      this.#notices.push('device.batteryLow');
    this.#nextSeq = identity.firstSeq;
    return this.#afterBatch(nowSeconds);
  }

  #onRecords(reply: Extract<ReplyMessage, { type: 'records' }>, nowSeconds: number): SessionAction {
    const identity = this.#identity;
    if (!identity) return this.#fail('device.protocol', 'records before identify');
    const { records, rejected, cutShort } = reply;
    const asked = this.#alone ? 1 : this.#plan.batchSize;
    const alone = this.#alone;
    this.#alone = false;
    const count = records.length + (rejected ? 1 : 0);
    if (count > asked) return this.#fail('device.protocol', `pen sent ${count} records, asked ${asked}`);
    if (count === 0 && cutShort === undefined) {
      // The pen has nothing more from nextSeq on, although identify promised up to lastSeq.
      this.#nextSeq = identity.lastSeq + 1;
      return this.#afterBatch(nowSeconds);
    }
    const seqs = [...records.map((r) => r.seq), ...(rejected ? [rejected.seq] : [])];
    for (const seq of seqs) {
      if (seq < this.#nextSeq || seq > identity.lastSeq) {
        return this.#fail('device.protocol', `record ${seq} outside ${this.#nextSeq}..${identity.lastSeq}`);
      }
    }
    if (this.#read + count > identity.recordCount) {
      return this.#fail(
        'device.protocol',
        `pen sent more records than the ${identity.recordCount} it announced`,
      );
    }
    if (cutShort !== undefined) {
      // A reply of one record is never cut short; a reply of several is read on one by one.
      if (alone) return this.#fail('device.protocol', `lone record: ${cutShort}`);
      this.#alone = true;
      if (count === 0) return this.#readNext();
    }
    this.#read += count;
    this.#pending = records;
    this.#pendingRejected = rejected ? [rejected] : [];
    this.#phase = 'commit';
    return { type: 'commit', records, rejected: this.#pendingRejected };
  }

  #readNext(): SessionAction {
    this.#phase = 'read';
    return {
      type: 'send',
      request: {
        type: 'readRecords',
        fromSeq: this.#nextSeq,
        maxCount: this.#alone ? 1 : this.#plan.batchSize,
      },
    };
  }

  #afterBatch(nowSeconds: number): SessionAction {
    const identity = this.#identity;
    if (identity && identity.recordCount > 0 && this.#nextSeq <= identity.lastSeq) return this.#readNext();
    const clock = this.#clock;
    const wantClock =
      this.#plan.setClock === 'always' ||
      (this.#plan.setClock === 'ifNeeded' && clock !== undefined && (clock.drifted || clock.reset));
    if (wantClock) {
      this.#phase = 'setClock';
      return { type: 'send', request: { type: 'setClock', time: Math.floor(nowSeconds) } };
    }
    return this.#finish();
  }

  #finish(): SessionAction {
    const identity = this.#identity;
    const clock = this.#clock;
    if (!identity || !clock) return this.#fail('device.protocol', 'finished before identify');
    this.#phase = 'done';
    const summary: SessionSummary = {
      identity,
      clock,
      recordsRead: this.#read,
      recordsAcknowledged: this.#acknowledged,
      notices: [...this.#notices],
    };
    if (this.#lastAck !== undefined) summary.lastAcknowledgedSeq = this.#lastAck;
    return { type: 'done', summary };
  }

  #unexpected(reply: ReplyMessage): SessionAction {
    return this.#fail('device.protocol', `unexpected ${reply.type} while ${this.#phase}`);
  }

  #fail(code: DriverErrorCode, message: string, detail?: Record<string, string | number>): SessionAction {
    this.#phase = 'done';
    return detail ? { type: 'fail', code, message, detail } : { type: 'fail', code, message };
  }

  #expect(phase: Phase): void {
    if (this.#phase !== phase) throw new Error(`session machine: expected ${phase}, is ${this.#phase}`);
  }
}

/** §4.6: what a NAK that reaches the session means. Busy only arrives once the link gave up asking (§6.1). */
export function nakToCode(code: number): DriverErrorCode {
  switch (code) {
    case NAK_CODE.slotEmpty:
      return 'device.slotEmpty';
    case NAK_CODE.busy:
      return 'device.penBusy';
    case NAK_CODE.batteryCritical:
      return 'device.batteryCritical';
    case NAK_CODE.storageFault:
      return 'device.unplugRetry';
    default:
      return 'device.protocol';
  }
}
