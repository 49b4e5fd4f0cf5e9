import { ByteReader, ByteWriter, fromHex, toHex } from './bytes.ts';
import { RECORD_FLAG, RECORD_KIND, UID_LENGTHS } from './constants.ts';
import type { RecordKind } from './constants.ts';

/** One registration as the pen stored it. */
export interface PenRecord {
  /** Per-pen, strictly increasing, never reused; 1..2^32-1. */
  seq: number;
  /** Tag UID as upper-case hex: 8, 14 or 20 digits (4, 7 or 10 bytes). */
  tagUid: string;
  /** Unix seconds (UTC) by the pen's own clock, uncorrected. */
  penTime: number;
  kind: RecordKind;
  /** Task code for kind "task" (1..65535); 0 for arrive and depart. */
  taskCode: number;
  /** The pen's battery was low when the record was made. */
  lowBattery: boolean;
  /** The pen's clock had been reset and not set again when the record was made. */
  clockReset: boolean;
}

export const RECORD_FIXED_LENGTH = 13;

/** Which rule of the spec's §3 a record breaks. */
export type RecordFault = 'seq' | 'kind' | 'taskCode' | 'flags' | 'uidLength' | 'length';

export interface RecordProblem {
  fault: RecordFault;
  /** For support and logs, never shown as is. */
  detail: string;
}

/**
 * A record that breaks §3 but could be told apart from its neighbours (it was alone in its
 * reply, §4.2): kept whole for support, never stored as a registration (§5.3).
 */
export interface RejectedRecord extends RecordProblem {
  /** The seq from the record's first four bytes. */
  seq: number;
  /** The record's bytes as the pen sent them. */
  bytes: Uint8Array;
}

const KIND_BY_CODE = new Map<number, RecordKind>(
  Object.entries(RECORD_KIND).map(([name, code]) => [code, name as RecordKind]),
);

export function recordLength(record: PenRecord): number {
  return RECORD_FIXED_LENGTH + record.tagUid.length / 2;
}

export function writeRecord(w: ByteWriter, record: PenRecord): void {
  const uid = fromHex(record.tagUid);
  if (!uid || !UID_LENGTHS.includes(uid.length)) throw new RangeError(`bad tag UID: ${record.tagUid}`);
  if (!isU32(record.seq) || record.seq === 0) throw new RangeError(`bad record seq: ${record.seq}`);
  if (!isU32(record.penTime)) throw new RangeError(`bad pen time: ${record.penTime}`);
  const taskOk =
    record.kind === 'task' ? record.taskCode >= 1 && record.taskCode <= 0xffff : record.taskCode === 0;
  if (!Number.isInteger(record.taskCode) || !taskOk)
    throw new RangeError(`bad task code: ${record.taskCode}`);
  w.u32(record.seq)
    .u32(record.penTime)
    .u8(RECORD_KIND[record.kind])
    .u16(record.taskCode)
    .u8((record.lowBattery ? RECORD_FLAG.lowBattery : 0) | (record.clockReset ? RECORD_FLAG.clockReset : 0))
    .u8(uid.length)
    .bytes(uid);
}

/**
 * Reads one record; returns the rule it breaks instead of a record when its bytes break §3.
 * Throws TruncatedInput when the bytes end first.
 */
export function readRecord(r: ByteReader): PenRecord | RecordProblem {
  const seq = r.u32();
  const penTime = r.u32();
  const kindCode = r.u8();
  const taskCode = r.u16();
  const flags = r.u8();
  const uidLength = r.u8();
  const kind = KIND_BY_CODE.get(kindCode);
  const problem = (fault: RecordFault, detail: string): RecordProblem => ({ fault, detail });
  if (!UID_LENGTHS.includes(uidLength)) return problem('uidLength', `tag UID length ${uidLength}`);
  const uid = r.bytes(uidLength);
  if (seq === 0) return problem('seq', 'record seq 0');
  if (!kind) return problem('kind', `unknown record kind ${kindCode}`);
  if (kind === 'task' ? taskCode === 0 : taskCode !== 0)
    return problem('taskCode', `task code ${taskCode} with kind ${kind}`);
  if ((flags & ~(RECORD_FLAG.lowBattery | RECORD_FLAG.clockReset)) !== 0)
    return problem('flags', `reserved record flags ${flags}`);
  return {
    seq,
    tagUid: toHex(uid),
    penTime,
    kind,
    taskCode,
    lowBattery: (flags & RECORD_FLAG.lowBattery) !== 0,
    clockReset: (flags & RECORD_FLAG.clockReset) !== 0,
  };
}

export function isRecordProblem(value: PenRecord | RecordProblem): value is RecordProblem {
  return 'fault' in value;
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}
