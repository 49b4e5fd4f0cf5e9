// A pen's side of the protocol as plain state: what a pen implementer has to get right, runnable.
import { NAK_CODE, UID_LENGTHS } from '../protocol/pen-dock-v1/constants.ts';
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
}

export class VirtualPen {
  readonly config: VirtualPenConfig;
  /** Records not yet acknowledged, ascending. */
  records: PenRecord[];
  readonly #storedUpTo: number;
  #offsetSeconds: number;
  #resetAtSeconds: number | undefined;
  readonly acknowledged: number[] = [];

  constructor(config: VirtualPenConfig, nowSeconds: number) {
    this.config = config;
    this.#offsetSeconds = config.clockOffsetSeconds;
    this.#resetAtSeconds = config.clockReset ? nowSeconds - 2 * 3600 : undefined;
    this.records = generateRecords(config, nowSeconds, this.#resetAtSeconds);
    this.#storedUpTo = config.recordCount > 0 ? config.firstSeq + config.recordCount - 1 : 0;
  }

  clock(nowSeconds: number): number {
    if (this.#resetAtSeconds !== undefined) return CLOCK_RESET_EPOCH + (nowSeconds - this.#resetAtSeconds);
    return nowSeconds + this.#offsetSeconds;
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
    switch (request.type) {
      case 'identify':
        return { type: 'identity', identity: this.identity(nowSeconds) };
      case 'readRecords': {
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
      afterReset && resetAt !== undefined
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
