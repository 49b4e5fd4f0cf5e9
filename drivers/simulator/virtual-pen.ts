// A pen's side of the protocol as plain state: what a pen implementer has to get right, runnable.
import { COMMAND, NAK_CODE, UID_LENGTHS } from '../protocol/pen-dock-v1/constants.ts';
import type { PenIdentity, ReplyMessage, RequestMessage } from '../protocol/pen-dock-v1/messages.ts';
import type { PenRecord } from '../protocol/pen-dock-v1/record.ts';
import { createRandom, randomInt } from './random.ts';

/** What the pen's clock reads after a reset (battery ran flat): 2000-01-01T00:00:00Z. */
export const CLOCK_RESET_EPOCH = 946_684_800;

export interface VirtualPenConfig {
  serial: string;
  model: string;
  firmware: string;
  batteryPercent: number;
  recordCount: number;
  firstSeq: number;
  seed: number;
  /** Pen clock minus real time, seconds. */
  clockOffsetSeconds: number;
  /** The pen's clock was reset two hours ago: later records carry reset-era times and the flag. */
  clockReset: boolean;
  /**
   * The pen says its clock was reset two hours ago (status and record flags), but the clock kept
   * the right time: a pen whose backup clock survived.
   */
  clockResetKept?: boolean;
  /** The first this-many requests to the pen are answered busy (NAK 05). */
  busy?: number;
  /** Records whose bytes break the spec's §3 in the way named (for quarantine). */
  badRecords?: readonly { seq: number; fault: BadRecordFault }[];
  /**
   * When a host sets the pen's clock, the pen is lifted out, makes this many registrations on a
   * new shift and is docked again (VirtualDock keeps the slot empty meanwhile).
   */
  shiftAfterClockSet?: number;
}

/** The ways a simulated pen can break a record; each is a forbidden value of the spec's §3. */
export const BAD_RECORD_FAULTS = ['kind', 'taskCode', 'flags', 'uidLength'] as const;
export type BadRecordFault = (typeof BAD_RECORD_FAULTS)[number];

/** At or under this battery percentage the pen refuses to send records (NAK 06). */
export const CRITICAL_BATTERY_PERCENT = 3;

export class VirtualPen {
  readonly config: VirtualPenConfig;
  /** Records not yet acknowledged, ascending. */
  records: PenRecord[];
  #storedUpTo: number;
  #offsetSeconds: number;
  #resetAtSeconds: number | undefined;
  /** The clock kept running through the "reset" (clockResetKept). */
  readonly #kept: boolean;
  #busyLeft: number;
  readonly #faults: ReadonlyMap<number, BadRecordFault>;
  readonly acknowledged: number[] = [];

  constructor(config: VirtualPenConfig, nowSeconds: number) {
    this.config = config;
    this.#offsetSeconds = config.clockOffsetSeconds;
    this.#kept = config.clockResetKept === true;
    this.#resetAtSeconds = config.clockReset || this.#kept ? nowSeconds - 2 * 3600 : undefined;
    this.records = generateRecords(config, nowSeconds, this.#resetAtSeconds, this.#kept);
    this.#storedUpTo = config.recordCount > 0 ? config.firstSeq + config.recordCount - 1 : 0;
    this.#busyLeft = config.busy ?? 0;
    this.#faults = new Map((config.badRecords ?? []).map((b) => [b.seq, b.fault]));
  }

  /** How the record with this seq is broken on the wire, if it is. */
  faultOf(seq: number): BadRecordFault | undefined {
    return this.#faults.get(seq);
  }

  clock(nowSeconds: number): number {
    if (this.#resetAtSeconds !== undefined && !this.#kept)
      return CLOCK_RESET_EPOCH + (nowSeconds - this.#resetAtSeconds);
    return nowSeconds + this.#offsetSeconds;
  }

  /**
   * A shift's worth of new registrations made now by the pen's clock, one a minute up to now.
   * Sequence numbers go on from the highest the pen ever stored.
   */
  makeRecords(count: number, nowSeconds: number): void {
    const random = createRandom(this.config.seed + this.#storedUpTo);
    const tags = simulatedTagUids(createRandom(this.config.seed));
    let tag = tags[0] ?? '00000000';
    for (let i = 0; i < count; i++) {
      const phase = i % 3;
      if (phase === 0) tag = tags[randomInt(random, tags.length)] ?? tag;
      const seq = this.#storedUpTo + 1;
      if (seq > 0xffffffff) return;
      this.#storedUpTo = seq;
      this.records.push({
        seq,
        tagUid: tag,
        penTime: this.clock(nowSeconds - (count - 1 - i) * 60),
        kind: phase === 0 ? 'arrive' : phase === 1 ? 'task' : 'depart',
        taskCode: phase === 1 ? 100 + randomInt(random, 40) : 0,
        lowBattery: false,
        clockReset: this.#resetAtSeconds !== undefined,
      });
    }
  }

  identity(nowSeconds: number): PenIdentity {
    const first = this.records[0];
    const last = this.records[this.records.length - 1];
    return {
      serial: this.config.serial,
      model: this.config.model,
      firmware: this.config.firmware,
      batteryPercent: this.config.batteryPercent,
      lowBattery: this.config.batteryPercent <= 15,
      clockReset: this.#resetAtSeconds !== undefined,
      penClock: this.clock(nowSeconds),
      recordCount: this.records.length,
      firstSeq: first?.seq ?? 0,
      lastSeq: last?.seq ?? 0,
    };
  }

  handle(request: RequestMessage, nowSeconds: number): ReplyMessage {
    if (this.#busyLeft > 0) {
      this.#busyLeft -= 1;
      return { type: 'nak', code: NAK_CODE.busy, rejectedCommand: COMMAND[request.type] };
    }
    switch (request.type) {
      case 'identify':
        return { type: 'identity', identity: this.identity(nowSeconds) };
      case 'readRecords': {
        if (this.config.batteryPercent <= CRITICAL_BATTERY_PERCENT)
          return { type: 'nak', code: NAK_CODE.batteryCritical, rejectedCommand: COMMAND.readRecords };
        const start = this.records.findIndex((r) => r.seq >= request.fromSeq);
        const records = start < 0 ? [] : this.records.slice(start, start + request.maxCount);
        return { type: 'records', records };
      }
      case 'acknowledge': {
        // Only what the pen has stored may be acknowledged; anything above is a host bug.
        if (request.upToSeq > this.#storedUpTo)
          return { type: 'nak', code: NAK_CODE.badRange, rejectedCommand: 0x03 };
        this.records = this.records.filter((r) => r.seq > request.upToSeq);
        this.acknowledged.push(request.upToSeq);
        return { type: 'acknowledged', upToSeq: request.upToSeq, remaining: this.records.length };
      }
      case 'setClock':
        this.#offsetSeconds = request.time - nowSeconds;
        this.#resetAtSeconds = undefined;
        return { type: 'clockSet', time: this.clock(nowSeconds) };
      case 'dockInfo':
        return { type: 'nak', code: NAK_CODE.unknownCommand, rejectedCommand: 0x05 };
    }
  }
}

const SHIFT_SECONDS = 8 * 3600;

/**
 * The twelve tag UIDs (upper-case hex) a simulated pen's records use, cycling through the UID
 * lengths. Drawn first from the pen's random stream, so createRandom(seed) names the same tags.
 */
export function simulatedTagUids(random: () => number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const length = UID_LENGTHS[i % UID_LENGTHS.length] ?? 4;
    return Array.from({ length }, () =>
      randomInt(random, 256).toString(16).toUpperCase().padStart(2, '0'),
    ).join('');
  });
}

function generateRecords(
  config: VirtualPenConfig,
  nowSeconds: number,
  resetAt: number | undefined,
  kept: boolean,
): PenRecord[] {
  const random = createRandom(config.seed);
  const tags = simulatedTagUids(random);
  const count = config.recordCount;
  const step = Math.max(1, Math.floor(SHIFT_SECONDS / Math.max(1, count)));
  const start = nowSeconds - SHIFT_SECONDS;
  const records: PenRecord[] = [];
  let tag = tags[0] ?? '00000000';
  for (let i = 0; i < count; i++) {
    const phase = i % 3;
    if (phase === 0) tag = tags[randomInt(random, tags.length)] ?? tag;
    const realTime = start + i * step;
    const afterReset = resetAt !== undefined && realTime >= resetAt;
    const penTime =
      afterReset && resetAt !== undefined && !kept
        ? CLOCK_RESET_EPOCH + (realTime - resetAt)
        : realTime + config.clockOffsetSeconds;
    records.push({
      seq: config.firstSeq + i,
      tagUid: tag,
      penTime: Math.max(0, penTime),
      kind: phase === 0 ? 'arrive' : phase === 1 ? 'task' : 'depart',
      taskCode: phase === 1 ? 100 + randomInt(random, 40) : 0,
      lowBattery: config.batteryPercent <= 15 && i >= count * 0.9,
      clockReset: afterReset,
    });
  }
  return records;
}
