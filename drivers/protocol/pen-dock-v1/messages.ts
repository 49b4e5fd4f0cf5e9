import { ByteReader, ByteWriter, TruncatedInput } from './bytes.ts';
import { COMMAND, MAX_BATCH, MAX_SLOT, MAX_TEXT, NAK, PEN_STATUS, REPLY_BIT } from './constants.ts';
import { isRecordProblem, readRecord, writeRecord } from './record.ts';
import type { PenRecord, RejectedRecord } from './record.ts';

/** What a pen says about itself in answer to identify. */
export interface PenIdentity {
  serial: string;
  model: string;
  firmware: string;
  /** 0..100 */
  batteryPercent: number;
  lowBattery: boolean;
  /** The pen's clock was reset (e.g. battery ran flat) and has not been set since. */
  clockReset: boolean;
  /** Unix seconds by the pen's clock when it answered. */
  penClock: number;
  recordCount: number;
  /** Oldest and newest stored sequence numbers; both 0 when recordCount is 0. */
  firstSeq: number;
  lastSeq: number;
}

export type RequestMessage =
  | { type: 'identify' }
  | { type: 'readRecords'; fromSeq: number; maxCount: number }
  | { type: 'acknowledge'; upToSeq: number }
  | { type: 'setClock'; time: number }
  | { type: 'dockInfo' };

export type ReplyMessage =
  | { type: 'identity'; identity: PenIdentity }
  | {
      type: 'records';
      records: PenRecord[];
      /** A lone record (count 1) that breaks §3: the reply's only record, kept whole (§4.2). */
      rejected?: RejectedRecord;
      /**
       * The reply held more records than these, but the next one could not be taken as it is
       * (it breaks §3, or its end cannot be found): why. The host reads it again alone (§4.2).
       */
      cutShort?: string;
    }
  | { type: 'acknowledged'; upToSeq: number; remaining: number }
  | { type: 'clockSet'; time: number }
  | { type: 'dockInfoReply'; slotCount: number; occupiedSlots: number[] }
  | { type: 'nak'; code: number; rejectedCommand: number };

export type Message = RequestMessage | ReplyMessage;

export interface EncodedMessage {
  command: number;
  payload: Uint8Array;
}

export type DecodedMessage = { ok: true; message: Message } | { ok: false; reason: string };

export function isRequest(message: Message): message is RequestMessage {
  return (
    message.type === 'identify' ||
    message.type === 'readRecords' ||
    message.type === 'acknowledge' ||
    message.type === 'setClock' ||
    message.type === 'dockInfo'
  );
}

/** The command a reply to this request carries. */
export function replyCommandFor(request: RequestMessage): number {
  return commandOf(request) | REPLY_BIT;
}

function commandOf(request: RequestMessage): number {
  switch (request.type) {
    case 'identify':
      return COMMAND.identify;
    case 'readRecords':
      return COMMAND.readRecords;
    case 'acknowledge':
      return COMMAND.acknowledge;
    case 'setClock':
      return COMMAND.setClock;
    case 'dockInfo':
      return COMMAND.dockInfo;
  }
}

export function encodeMessage(message: Message): EncodedMessage {
  const w = new ByteWriter();
  switch (message.type) {
    case 'identify':
    case 'dockInfo':
      return { command: commandOf(message), payload: new Uint8Array(0) };
    case 'readRecords':
      if (message.maxCount < 1 || message.maxCount > MAX_BATCH) throw new RangeError('maxCount out of range');
      w.u32(message.fromSeq).u8(message.maxCount);
      return { command: COMMAND.readRecords, payload: w.finish() };
    case 'acknowledge':
      w.u32(message.upToSeq);
      return { command: COMMAND.acknowledge, payload: w.finish() };
    case 'setClock':
      w.u32(message.time);
      return { command: COMMAND.setClock, payload: w.finish() };
    case 'identity': {
      const id = message.identity;
      writeText(w, id.serial);
      writeText(w, id.model);
      writeText(w, id.firmware);
      w.u8(id.batteryPercent)
        .u8((id.lowBattery ? PEN_STATUS.lowBattery : 0) | (id.clockReset ? PEN_STATUS.clockReset : 0))
        .u32(id.penClock)
        .u32(id.recordCount)
        .u32(id.firstSeq)
        .u32(id.lastSeq);
      return { command: COMMAND.identify | REPLY_BIT, payload: w.finish() };
    }
    case 'records': {
      const count = message.records.length + (message.rejected ? 1 : 0);
      if (count > MAX_BATCH) throw new RangeError('too many records for one frame');
      if (message.rejected && message.records.length > 0)
        throw new RangeError('a rejected record is alone in its reply');
      w.u8(count);
      for (const record of message.records) writeRecord(w, record);
      if (message.rejected) w.bytes(message.rejected.bytes);
      return { command: COMMAND.readRecords | REPLY_BIT, payload: w.finish() };
    }
    case 'acknowledged':
      w.u32(message.upToSeq).u32(message.remaining);
      return { command: COMMAND.acknowledge | REPLY_BIT, payload: w.finish() };
    case 'clockSet':
      w.u32(message.time);
      return { command: COMMAND.setClock | REPLY_BIT, payload: w.finish() };
    case 'dockInfoReply': {
      let mask = 0;
      for (const slot of message.occupiedSlots) mask |= 1 << slot;
      w.u8(message.slotCount).u16(mask);
      return { command: COMMAND.dockInfo | REPLY_BIT, payload: w.finish() };
    }
    case 'nak':
      w.u8(message.code).u8(message.rejectedCommand);
      return { command: NAK, payload: w.finish() };
  }
}

/** Decodes a CRC-valid frame's content. Never throws; a rule broken is a reason string. */
export function decodeMessage(command: number, payload: Uint8Array): DecodedMessage {
  const r = new ByteReader(payload);
  try {
    const message = readMessage(command, r);
    if (typeof message === 'string') return { ok: false, reason: message };
    if (r.remaining !== 0) return { ok: false, reason: `${r.remaining} bytes after the payload` };
    return { ok: true, message };
  } catch (error) {
    if (error instanceof TruncatedInput) return { ok: false, reason: 'payload too short' };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function readMessage(command: number, r: ByteReader): Message | string {
  switch (command) {
    case COMMAND.identify:
      return { type: 'identify' };
    case COMMAND.dockInfo:
      return { type: 'dockInfo' };
    case COMMAND.readRecords: {
      const fromSeq = r.u32();
      const maxCount = r.u8();
      if (maxCount < 1) return 'maxCount 0';
      return { type: 'readRecords', fromSeq, maxCount };
    }
    case COMMAND.acknowledge:
      return { type: 'acknowledge', upToSeq: r.u32() };
    case COMMAND.setClock:
      return { type: 'setClock', time: r.u32() };
    case COMMAND.identify | REPLY_BIT: {
      const serial = readText(r);
      const model = readText(r);
      const firmware = readText(r);
      if (typeof serial !== 'string' || typeof model !== 'string' || typeof firmware !== 'string')
        return 'bad text field';
      const batteryPercent = r.u8();
      const status = r.u8();
      const penClock = r.u32();
      const recordCount = r.u32();
      const firstSeq = r.u32();
      const lastSeq = r.u32();
      if (batteryPercent > 100) return `battery ${batteryPercent}%`;
      if ((status & ~(PEN_STATUS.lowBattery | PEN_STATUS.clockReset)) !== 0)
        return `reserved status bits ${status}`;
      if (
        recordCount === 0
          ? firstSeq !== 0 || lastSeq !== 0
          : firstSeq === 0 || lastSeq < firstSeq || lastSeq - firstSeq + 1 < recordCount
      ) {
        return `inconsistent record range ${recordCount} ${firstSeq}..${lastSeq}`;
      }
      return {
        type: 'identity',
        identity: {
          serial,
          model,
          firmware,
          batteryPercent,
          lowBattery: (status & PEN_STATUS.lowBattery) !== 0,
          clockReset: (status & PEN_STATUS.clockReset) !== 0,
          penClock,
          recordCount,
          firstSeq,
          lastSeq,
        },
      };
    }
    case COMMAND.readRecords | REPLY_BIT:
      return readRecordsReply(r);
    case COMMAND.acknowledge | REPLY_BIT:
      return { type: 'acknowledged', upToSeq: r.u32(), remaining: r.u32() };
    case COMMAND.setClock | REPLY_BIT:
      return { type: 'clockSet', time: r.u32() };
    case COMMAND.dockInfo | REPLY_BIT: {
      const slotCount = r.u8();
      const mask = r.u16();
      if (slotCount < 1 || slotCount > MAX_SLOT) return `slot count ${slotCount}`;
      if ((mask & 1) !== 0 || mask >>> (slotCount + 1) !== 0)
        return `occupied mask ${mask} outside ${slotCount} slots`;
      const occupiedSlots: number[] = [];
      for (let s = 1; s <= slotCount; s++) if (mask & (1 << s)) occupiedSlots.push(s);
      return { type: 'dockInfoReply', slotCount, occupiedSlots };
    }
    case NAK:
      return { type: 'nak', code: r.u8(), rejectedCommand: r.u8() };
    default:
      return `unknown command 0x${command.toString(16)}`;
  }
}

/**
 * §4.2: a lone record ends where the frame ends, so even one that breaks §3 is told apart and
 * kept whole; in a reply of several, the records are taken up to the first that cannot be.
 */
function readRecordsReply(r: ByteReader): Message | string {
  const count = r.u8();
  if (count === 1) {
    const bytes = r.bytes(r.remaining);
    if (bytes.length < 4) return 'payload too short';
    const one = new ByteReader(bytes);
    let record;
    try {
      record = readRecord(one);
    } catch (error) {
      if (!(error instanceof TruncatedInput)) throw error;
      record = { fault: 'length' as const, detail: `record of ${bytes.length} bytes` };
    }
    if (!isRecordProblem(record) && one.remaining !== 0)
      record = { fault: 'length' as const, detail: `${one.remaining} bytes after the record` };
    if (!isRecordProblem(record)) return { type: 'records', records: [record] };
    const seq = new ByteReader(bytes).u32();
    return { type: 'records', records: [], rejected: { seq, ...record, bytes } };
  }
  const records: PenRecord[] = [];
  const cut = (reason: string): Message => {
    r.bytes(r.remaining);
    return { type: 'records', records, cutShort: reason };
  };
  for (let i = 0; i < count; i++) {
    let record;
    try {
      record = readRecord(r);
    } catch (error) {
      if (!(error instanceof TruncatedInput)) throw error;
      return cut(`record ${i + 1} of ${count} ends after the payload`);
    }
    if (isRecordProblem(record)) return cut(`record ${i + 1} of ${count}: ${record.detail}`);
    const previous = records[records.length - 1];
    if (previous && record.seq <= previous.seq) return cut('record seqs not increasing');
    if (i === count - 1 && r.remaining !== 0) return cut(`${r.remaining} bytes after the last record`);
    records.push(record);
  }
  return { type: 'records', records };
}

function writeText(w: ByteWriter, text: string): void {
  if (text.length < 1 || text.length > MAX_TEXT || !/^[\x20-\x7e]+$/.test(text))
    throw new RangeError(`bad text field: ${text}`);
  w.u8(text.length);
  for (let i = 0; i < text.length; i++) w.u8(text.charCodeAt(i));
}

function readText(r: ByteReader): string | undefined {
  const length = r.u8();
  if (length < 1 || length > MAX_TEXT) return undefined;
  const bytes = r.bytes(length);
  let out = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) return undefined;
    out += String.fromCharCode(b);
  }
  return out;
}
