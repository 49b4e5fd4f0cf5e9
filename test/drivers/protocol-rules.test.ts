// The pen protocol's rules one at a time, fast and in-process (docs/protocol/pen-dock-v1.md):
// the decoder's framing checks and its buffer, the session machine's phase guard and limits, and
// the payload checks of messages and records.
import { describe, expect, it } from 'vitest';
import {
  COMMAND,
  crc8,
  decodeMessage,
  encodeFrame,
  encodeMessage,
  FrameDecoder,
  isRequest,
  NAK,
  nakToCode,
  PenSessionMachine,
  replyCommandFor,
  type DecodeEvent,
  type Frame,
  type Message,
  type PenIdentity,
  type PenRecord,
  type RequestMessage,
  type SessionPlan,
} from '../../drivers/protocol/pen-dock-v1/index.ts';
import { ByteWriter } from '../../drivers/protocol/pen-dock-v1/bytes.ts';
import { readRecord, recordLength, writeRecord } from '../../drivers/protocol/pen-dock-v1/record.ts';
import { ByteReader } from '../../drivers/protocol/pen-dock-v1/bytes.ts';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const frame = (payloadLength: number, seq = 1, seed = 1): Frame => ({
  seq,
  slot: 1,
  command: COMMAND.readRecords | 0x80,
  payload: bytes(payloadLength, seed),
});
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const frames = (events: DecodeEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));

/** A frame whose header says something else, with the header check recomputed so it is well formed. */
function withHeader(raw: Uint8Array, at: number, value: number): Uint8Array {
  const out = raw.slice();
  out[at] = value;
  out[8] = crc8(out, 2, 8);
  return out;
}

describe('the frame decoder', () => {
  it('reassembles a frame of several KiB fed in small pieces, byte for byte', () => {
    const f = frame(5000);
    const raw = encodeFrame(f);
    const d = new FrameDecoder();
    const got: Frame[] = [];
    for (let i = 0; i < raw.length; i += 97) got.push(...frames(d.push(raw.subarray(i, i + 97))));
    expect(got).toHaveLength(1);
    expect(got[0]!.payload).toEqual(f.payload);
    expect(d.pending).toBe(0);
    expect(d.stats).toEqual({ frames: 1, corruptFrames: 0, garbageBytes: 0 });
  });

  it('keeps what it holds when the buffer grows or is compacted between frames', () => {
    const a = encodeFrame(frame(500, 1, 1));
    const b = encodeFrame(frame(500, 2, 2));
    const c = encodeFrame(frame(500, 3, 3));
    const big = encodeFrame(frame(3000, 4, 4));
    const d = new FrameDecoder();
    const got: Frame[] = [];
    got.push(...frames(d.push(concat(a, b.subarray(0, 300)))));
    expect(d.pending).toBe(300);
    got.push(...frames(d.push(concat(b.subarray(300), c.subarray(0, 400)))));
    got.push(...frames(d.push(concat(c.subarray(400), big.subarray(0, 1500)))));
    got.push(...frames(d.push(big.subarray(1500))));
    expect(got.map((f) => f.seq)).toEqual([1, 2, 3, 4]);
    expect(got.map((f) => f.payload)).toEqual(
      [1, 2, 3, 4].map((seed) => bytes(seed === 4 ? 3000 : 500, seed)),
    );
  });

  it('a frame whose header check fails is reported, and a frame behind it is still found', () => {
    const bad = encodeFrame(frame(10)).slice();
    bad[8] = (bad[8]! + 1) & 0xff;
    const good = encodeFrame(frame(10, 7));
    const d = new FrameDecoder();
    const events = d.push(concat(bad, good));
    expect(events[0]).toEqual({ type: 'corrupt', reason: 'header' });
    expect(frames(events).map((f) => f.seq)).toEqual([7]);
    expect(d.stats.corruptFrames).toBe(1);
  });

  it('a corrupt header is reported as soon as its nine bytes are in', () => {
    const bad = encodeFrame(frame(10)).slice(0, 9);
    bad[8] = (bad[8]! + 1) & 0xff;
    expect(new FrameDecoder().push(bad)).toEqual([{ type: 'corrupt', reason: 'header' }]);
  });

  it('a payload CRC that fails is reported as such', () => {
    const bad = encodeFrame(frame(10)).slice();
    bad[12] = (bad[12]! + 1) & 0xff;
    const d = new FrameDecoder();
    const events = d.push(concat(bad, encodeFrame(frame(4, 9))));
    expect(events[0]).toEqual({ type: 'corrupt', reason: 'crc' });
    expect(frames(events).map((f) => f.seq)).toEqual([9]);
  });

  it('a well-formed header of another version, an oversized length or a slot over 15 is skipped, not waited for', () => {
    const raw = encodeFrame(frame(10));
    const good = encodeFrame(frame(3, 5));
    for (const [at, value] of [
      [2, 0x02],
      [6, 0x21],
      [4, 16],
    ] as const) {
      const d = new FrameDecoder();
      const events = d.push(concat(withHeader(raw, at, value), good));
      expect(
        events.filter((e) => e.type === 'corrupt'),
        `byte ${at}`,
      ).toEqual([]);
      expect(
        frames(events).map((f) => f.seq),
        `byte ${at}`,
      ).toEqual([5]);
      expect(d.stats.garbageBytes, `byte ${at}`).toBe(raw.length);
      expect(d.pending).toBe(0);
    }
  });

  it('accepts slot 15 and a payload of exactly the largest length', () => {
    const d = new FrameDecoder();
    const f = { ...frame(8192), slot: 15 };
    expect(frames(d.push(encodeFrame(f)))).toEqual([f]);
  });

  it('counts garbage before a start marker, waits for a header, and drops a stalled frame on resync', () => {
    const d = new FrameDecoder();
    const raw = encodeFrame(frame(20));
    expect(d.push(concat(Uint8Array.of(1, 2, 0xa5, 3), raw.subarray(0, 8)))).toEqual([]);
    expect(d.stats.garbageBytes).toBe(4);
    expect(d.pending).toBe(8);
    expect(d.resyncStalled()).toEqual([]);
    expect(d.pending).toBe(0);
    expect(d.stats.garbageBytes).toBe(12);
    expect(new FrameDecoder().resyncStalled()).toEqual([]);
    d.push(raw.subarray(0, 30));
    d.reset();
    expect(d.pending).toBe(0);
    expect(frames(d.push(raw))).toHaveLength(1);
  });

  it('a trailing A5 waits for the next byte to decide', () => {
    const d = new FrameDecoder();
    const raw = encodeFrame(frame(4, 3));
    expect(d.push(raw.subarray(0, 1))).toEqual([]);
    expect(d.pending).toBe(1);
    expect(frames(d.push(raw.subarray(1))).map((f) => f.seq)).toEqual([3]);
  });
});

const plan: SessionPlan = {
  batchSize: 3,
  clockDriftLimitSeconds: 900,
  setClock: 'ifNeeded',
  modelStatus: () => 'known',
  lowBatteryPercent: 15,
};
const identity: PenIdentity = {
  serial: 'P1',
  model: 'CDP-100',
  firmware: '1',
  batteryPercent: 50,
  lowBattery: false,
  clockReset: false,
  penClock: 10_000,
  recordCount: 3,
  firstSeq: 10,
  lastSeq: 12,
};
const rec = (seq: number): PenRecord => ({
  seq,
  tagUid: '01020304',
  penTime: 1,
  kind: 'arrive',
  taskCode: 0,
  lowBattery: false,
  clockReset: false,
});

function reading(p: Partial<SessionPlan> = {}, id: Partial<PenIdentity> = {}): PenSessionMachine {
  const m = new PenSessionMachine({ ...plan, ...p });
  m.start();
  m.onReply({ type: 'identity', identity: { ...identity, ...id } }, 10_000);
  return m;
}

describe('the session machine', () => {
  it('never acknowledges out of phase: onCommitted only after a commit, and only once', () => {
    const fresh = new PenSessionMachine(plan);
    expect(() => fresh.onCommitted()).toThrow(/expected commit/);
    fresh.start();
    expect(() => fresh.start()).toThrow(/expected start/);
    expect(() => fresh.onCommitted()).toThrow(/expected commit/);
    const m = reading();
    expect(m.phase).toBe('read');
    expect(() => m.onCommitted()).toThrow(/expected commit/);
    m.onReply({ type: 'records', records: [rec(10)] }, 10_000);
    expect(m.phase).toBe('commit');
    expect(m.onCommitted()).toEqual({ type: 'send', request: { type: 'acknowledge', upToSeq: 10 } });
    expect(() => m.onCommitted()).toThrow(/expected commit/);
  });

  it('refuses a batch larger than asked, and more records than the pen announced', () => {
    expect(
      reading({ batchSize: 2 }).onReply({ type: 'records', records: [rec(10), rec(11), rec(12)] }, 0),
    ).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
      message: 'pen sent 3 records, asked 2',
    });
    const m = reading({ batchSize: 5 }, { recordCount: 2, lastSeq: 14 });
    expect(m.onReply({ type: 'records', records: [rec(10), rec(11), rec(12)] }, 0)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
      message: 'pen sent more records than the 2 it announced',
    });
    // Exactly as many as announced is fine.
    expect(
      reading({ batchSize: 3 }).onReply({ type: 'records', records: [rec(10), rec(11), rec(12)] }, 0),
    ).toMatchObject({
      type: 'commit',
    });
  });

  it('refuses records outside the announced range, either side', () => {
    for (const seq of [9, 13])
      expect(reading().onReply({ type: 'records', records: [rec(seq)] }, 0)).toMatchObject({
        type: 'fail',
        message: `record ${seq} outside 10..12`,
      });
    expect(reading().onReply({ type: 'records', records: [rec(12)] }, 0)).toMatchObject({ type: 'commit' });
  });

  it('refuses a reply of the wrong type in every phase', () => {
    const m = new PenSessionMachine(plan);
    m.start();
    expect(m.onReply({ type: 'records', records: [] }, 0)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
      message: 'unexpected records while identify',
    });
    expect(reading().onReply({ type: 'identity', identity }, 0)).toMatchObject({
      message: 'unexpected identity while read',
    });
    const acking = reading();
    acking.onReply({ type: 'records', records: [rec(10)] }, 0);
    expect(acking.onReply({ type: 'acknowledged', upToSeq: 10, remaining: 2 }, 0)).toMatchObject({
      message: 'reply acknowledged while commit',
    });
    const acking2 = reading();
    acking2.onReply({ type: 'records', records: [rec(10)] }, 0);
    acking2.onCommitted();
    expect(acking2.onReply({ type: 'clockSet', time: 0 }, 0)).toMatchObject({
      message: 'unexpected clockSet while acknowledge',
    });
    const wrongAck = reading();
    wrongAck.onReply({ type: 'records', records: [rec(10)] }, 0);
    wrongAck.onCommitted();
    expect(wrongAck.onReply({ type: 'acknowledged', upToSeq: 11, remaining: 1 }, 0)).toMatchObject({
      message: 'pen acknowledged 11, asked 10',
    });
    const clocking = reading({ setClock: 'always' }, { recordCount: 0, firstSeq: 0, lastSeq: 0 });
    expect(clocking.phase).toBe('setClock');
    expect(clocking.onReply({ type: 'acknowledged', upToSeq: 1, remaining: 0 }, 0)).toMatchObject({
      message: 'unexpected acknowledged while setClock',
    });
    expect(clocking.phase).toBe('done');
    expect(clocking.onReply({ type: 'clockSet', time: 1 }, 0)).toMatchObject({
      message: 'reply clockSet while done',
    });
  });

  it('walks a whole upload: reads on from the acknowledged sequence and sums what it did', () => {
    const m = reading({ batchSize: 2, setClock: 'never' });
    expect(m.progress).toEqual({ read: 0, total: 3, acknowledged: 0 });
    m.onReply({ type: 'records', records: [rec(10), rec(11)] }, 0);
    m.onCommitted();
    expect(m.onReply({ type: 'acknowledged', upToSeq: 11, remaining: 1 }, 0)).toEqual({
      type: 'send',
      request: { type: 'readRecords', fromSeq: 12, maxCount: 2 },
    });
    expect(m.progress).toEqual({ read: 2, total: 3, acknowledged: 2 });
    m.onReply({ type: 'records', records: [rec(12)] }, 0);
    m.onCommitted();
    const done = m.onReply({ type: 'acknowledged', upToSeq: 12, remaining: 0 }, 0);
    expect(done).toMatchObject({
      type: 'done',
      summary: { recordsRead: 3, recordsAcknowledged: 3, lastAcknowledgedSeq: 12, notices: [] },
    });
  });

  it('a pen with nothing new is not read, says so, and has no acknowledged sequence', () => {
    const m = new PenSessionMachine({ ...plan, setClock: 'never' });
    m.start();
    const done = m.onReply(
      { type: 'identity', identity: { ...identity, recordCount: 0, firstSeq: 0, lastSeq: 0 } },
      10_000,
    );
    expect(done).toMatchObject({
      type: 'done',
      summary: { notices: ['device.noNewRecords'], recordsRead: 0 },
    });
    expect(done.type === 'done' && 'lastAcknowledgedSeq' in done.summary).toBe(false);
  });

  it('a pen that runs out before its announced last sequence ends the reading', () => {
    const m = reading({ setClock: 'never' });
    expect(m.onReply({ type: 'records', records: [] }, 0)).toMatchObject({
      type: 'done',
      summary: { recordsRead: 0 },
    });
  });

  it('drift is over the limit either way, not at it; the clock is set only when needed', () => {
    const at = (
      penClock: number,
      p: Partial<SessionPlan> = {},
      id: Partial<PenIdentity> = {},
      now = 10_000,
    ) => {
      const m = new PenSessionMachine({ ...plan, ...p });
      m.start();
      const next = m.onReply(
        {
          type: 'identity',
          identity: { ...identity, recordCount: 0, firstSeq: 0, lastSeq: 0, penClock, ...id },
        },
        now,
      );
      return { m, next };
    };
    expect(at(10_900).m.clock).toEqual({ offsetSeconds: 900, drifted: false, reset: false });
    expect(at(10_900).next.type).toBe('done');
    expect(at(10_901).m.clock?.drifted).toBe(true);
    expect(at(9_099).m.clock).toMatchObject({ offsetSeconds: -901, drifted: true });
    expect(at(10_901).next).toEqual({ type: 'send', request: { type: 'setClock', time: 10_000 } });
    expect(at(10_000, {}, { clockReset: true }).next).toMatchObject({ request: { type: 'setClock' } });
    expect(at(10_000, { setClock: 'always' }, {}, 10_000.7).next).toMatchObject({
      request: { type: 'setClock', time: 10_000 },
    });
    expect(at(50_000, { setClock: 'never' }).next.type).toBe('done');
    const { m, next } = at(50_000);
    expect(next.type).toBe('send');
    expect(m.onReply({ type: 'clockSet', time: 10_000 }, 10_000)).toMatchObject({
      type: 'done',
      summary: { clock: { setTo: 10_000, drifted: true } },
    });
  });

  it('reports a low battery at or under the threshold, or when the pen says so', () => {
    const notices = (id: Partial<PenIdentity>) => {
      const m = new PenSessionMachine({ ...plan, setClock: 'never' });
      m.start();
      const next = m.onReply(
        { type: 'identity', identity: { ...identity, recordCount: 0, firstSeq: 0, lastSeq: 0, ...id } },
        10_000,
      );
      return next.type === 'done' ? next.summary.notices : [];
    };
    expect(notices({ batteryPercent: 15 })).toContain('device.batteryLow');
    expect(notices({ batteryPercent: 16 })).not.toContain('device.batteryLow');
    expect(notices({ batteryPercent: 90, lowBattery: true })).toContain('device.batteryLow');
  });

  it('names the pen and model it refuses, and reads an unfamiliar one with a notice', () => {
    const m = new PenSessionMachine({ ...plan, modelStatus: () => 'refused' });
    m.start();
    expect(m.onReply({ type: 'identity', identity }, 10_000)).toEqual({
      type: 'fail',
      code: 'device.unknownModel',
      message: 'pen model CDP-100 is refused',
      detail: { model: 'CDP-100', pen: 'P1' },
    });
    const u = new PenSessionMachine({ ...plan, modelStatus: () => 'unfamiliar', setClock: 'never' });
    u.start();
    expect(
      u.onReply(
        { type: 'identity', identity: { ...identity, recordCount: 0, firstSeq: 0, lastSeq: 0 } },
        10_000,
      ),
    ).toMatchObject({
      summary: { notices: ['device.unfamiliarModel', 'device.noNewRecords'] },
    });
  });

  it('a reply cut short is read on one record at a time; a lone record cut short fails', () => {
    const m = reading();
    expect(m.onReply({ type: 'records', records: [], cutShort: 'record 1 of 3: x' }, 0)).toEqual({
      type: 'send',
      request: { type: 'readRecords', fromSeq: 10, maxCount: 1 },
    });
    expect(m.onReply({ type: 'records', records: [], cutShort: 'again' }, 0)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
      message: 'lone record: again',
    });
    const n = reading();
    expect(n.onReply({ type: 'records', records: [rec(10)], cutShort: 'record 2 of 3: x' }, 0)).toMatchObject(
      { type: 'commit' },
    );
    n.onCommitted();
    expect(n.onReply({ type: 'acknowledged', upToSeq: 10, remaining: 2 }, 0)).toEqual({
      type: 'send',
      request: { type: 'readRecords', fromSeq: 11, maxCount: 1 },
    });
    expect(n.onReply({ type: 'records', records: [rec(11), rec(12)] }, 0)).toMatchObject({
      message: 'pen sent 2 records, asked 1',
    });
  });

  it('acknowledges up to a rejected record that comes last', () => {
    const m = reading();
    const rejected = { seq: 10, fault: 'kind' as const, detail: 'x', bytes: new Uint8Array(4) };
    expect(m.onReply({ type: 'records', records: [], rejected }, 0)).toEqual({
      type: 'commit',
      records: [],
      rejected: [rejected],
    });
    expect(m.onCommitted()).toEqual({ type: 'send', request: { type: 'acknowledge', upToSeq: 10 } });
    m.onReply({ type: 'acknowledged', upToSeq: 10, remaining: 2 }, 0);
    expect(m.progress).toEqual({ read: 1, total: 3, acknowledged: 1 });
    // A rejected record's seq is held to the announced range too.
    const out = reading();
    expect(
      out.onReply({ type: 'records', records: [], rejected: { ...rejected, seq: 40 } }, 0),
    ).toMatchObject({
      type: 'fail',
      message: 'record 40 outside 10..12',
    });
  });

  it('a batch size outside 1..255 is refused', () => {
    for (const batchSize of [0, 256, 1.5])
      expect(() => new PenSessionMachine({ ...plan, batchSize })).toThrow('batchSize must be 1..255');
    for (const batchSize of [1, 255])
      expect(() => new PenSessionMachine({ ...plan, batchSize })).not.toThrow();
  });

  it('a NAK fails the session with what it means, naming the code', () => {
    const codes = [
      [0x04, 'device.slotEmpty'],
      [0x05, 'device.penBusy'],
      [0x06, 'device.batteryCritical'],
      [0x07, 'device.unplugRetry'],
      [0x02, 'device.protocol'],
    ] as const;
    for (const [code, meaning] of codes) {
      expect(nakToCode(code)).toBe(meaning);
      expect(reading().onReply({ type: 'nak', code, rejectedCommand: 2 }, 0)).toEqual({
        type: 'fail',
        code: meaning,
        message: `pen refused (NAK 0x${code.toString(16)}) in read`,
        detail: { nak: code },
      });
    }
  });
});

/** An identity reply's payload with one field changed. */
function identityPayload(
  change: Partial<{ battery: number; status: number; count: number; first: number; last: number }> = {},
) {
  const w = new ByteWriter();
  for (const text of ['P1', 'CDP-100', '1']) {
    w.u8(text.length);
    for (const c of text) w.u8(c.charCodeAt(0));
  }
  w.u8(change.battery ?? 50)
    .u8(change.status ?? 0)
    .u32(1000)
    .u32(change.count ?? 3)
    .u32(change.first ?? 10)
    .u32(change.last ?? 12);
  return w.finish();
}
const reply = (c: number) => c | 0x80;

describe('message payloads', () => {
  it('an identity reply is checked field by field', () => {
    const ok = (p: Uint8Array) => decodeMessage(reply(COMMAND.identify), p).ok;
    expect(ok(identityPayload())).toBe(true);
    expect(ok(identityPayload({ battery: 100 }))).toBe(true);
    expect(ok(identityPayload({ battery: 101 }))).toBe(false);
    const reason = (p: Uint8Array) => decodeMessage(reply(COMMAND.identify), p);
    expect(reason(identityPayload({ battery: 101 }))).toEqual({ ok: false, reason: 'battery 101%' });
    expect(reason(identityPayload({ status: 0x04 }))).toEqual({
      ok: false,
      reason: 'reserved status bits 4',
    });
    expect(reason(identityPayload({ count: 4, first: 10, last: 12 }))).toEqual({
      ok: false,
      reason: 'inconsistent record range 4 10..12',
    });
    expect(ok(identityPayload({ status: 0x03 }))).toBe(true);
    expect(ok(identityPayload({ status: 0x04 }))).toBe(false);
    expect(ok(identityPayload({ count: 0, first: 0, last: 0 }))).toBe(true);
    expect(ok(identityPayload({ count: 0, first: 1, last: 0 }))).toBe(false);
    expect(ok(identityPayload({ count: 0, first: 0, last: 1 }))).toBe(false);
    expect(ok(identityPayload({ count: 1, first: 0, last: 0 }))).toBe(false);
    expect(ok(identityPayload({ count: 2, first: 5, last: 4 }))).toBe(false);
    expect(ok(identityPayload({ count: 4, first: 10, last: 12 }))).toBe(false);
    expect(ok(identityPayload({ count: 2, first: 10, last: 12 }))).toBe(true);
    const decoded = decodeMessage(reply(COMMAND.identify), identityPayload({ status: 0x02 }));
    expect(decoded).toMatchObject({
      ok: true,
      message: { identity: { lowBattery: false, clockReset: true, penClock: 1000 } },
    });
    expect(decodeMessage(reply(COMMAND.identify), identityPayload({ status: 0x01 }))).toMatchObject({
      message: { identity: { lowBattery: true, clockReset: false } },
    });
  });

  it('text fields are 1..32 printable ASCII characters, both ways', () => {
    const id: PenIdentity = { ...identity, serial: 'X'.repeat(32) };
    const encoded = encodeMessage({ type: 'identity', identity: id });
    expect(decodeMessage(encoded.command, encoded.payload)).toEqual({
      ok: true,
      message: { type: 'identity', identity: id },
    });
    for (const serial of ['', 'X'.repeat(33), 'Pen\u0001', 'Pen\u007f', 'Penn\u00e5'])
      expect(() => encodeMessage({ type: 'identity', identity: { ...identity, serial } }), serial).toThrow(
        RangeError,
      );
    const withText = (text: number[]) => {
      const p = identityPayload();
      // Replace the serial ("P1": length 2 then two bytes) by the given bytes.
      return concat(Uint8Array.of(text.length, ...text), p.subarray(3));
    };
    expect(decodeMessage(reply(COMMAND.identify), withText([0x20, 0x7e])).ok).toBe(true);
    for (const bad of [[0x1f], [0x7f], [0x41, 0x80]])
      expect(decodeMessage(reply(COMMAND.identify), withText(bad))).toEqual({
        ok: false,
        reason: 'bad text field',
      });
    // The model and the firmware are checked as the serial is.
    const p = identityPayload();
    const model = concat(p.subarray(0, 3), Uint8Array.of(1, 0x01), p.subarray(11));
    expect(decodeMessage(reply(COMMAND.identify), model)).toEqual({ ok: false, reason: 'bad text field' });
    const firmware = concat(p.subarray(0, 11), Uint8Array.of(1, 0x01), p.subarray(13));
    expect(decodeMessage(reply(COMMAND.identify), firmware)).toEqual({ ok: false, reason: 'bad text field' });
    const long = concat(Uint8Array.of(33), new Uint8Array(33).fill(0x41), p.subarray(3));
    expect(decodeMessage(reply(COMMAND.identify), long)).toEqual({ ok: false, reason: 'bad text field' });
    expect(() => encodeMessage({ type: 'identity', identity: { ...identity, serial: '\u0001Pen' } })).toThrow(
      'bad text field: \u0001Pen',
    );
    expect(
      decodeMessage(reply(COMMAND.identify), concat(Uint8Array.of(0), identityPayload().subarray(3))),
    ).toMatchObject({ ok: false });
    expect(decodeMessage(reply(COMMAND.identify), concat(Uint8Array.of(33), bytes(40)))).toMatchObject({
      ok: false,
    });
  });

  it('a dock-info reply: 1..15 slots, the occupied ones within them, slot 0 never', () => {
    const info = (count: number, mask: number) =>
      decodeMessage(reply(COMMAND.dockInfo), Uint8Array.of(count, mask >> 8, mask & 0xff));
    expect(info(4, 0b10110)).toEqual({
      ok: true,
      message: { type: 'dockInfoReply', slotCount: 4, occupiedSlots: [1, 2, 4] },
    });
    expect(info(15, 1 << 15)).toMatchObject({ ok: true, message: { occupiedSlots: [15] } });
    expect(info(0, 0)).toMatchObject({ ok: false, reason: 'slot count 0' });
    expect(info(16, 0)).toMatchObject({ ok: false, reason: 'slot count 16' });
    expect(info(4, 0b1)).toMatchObject({ ok: false });
    expect(info(4, 1 << 5)).toEqual({ ok: false, reason: 'occupied mask 32 outside 4 slots' });
    const encoded = encodeMessage({ type: 'dockInfoReply', slotCount: 4, occupiedSlots: [1, 4] });
    expect(encoded.payload).toEqual(Uint8Array.of(4, 0, 0b10010));
  });

  it('requests and small replies round-trip, and their sizes are exact', () => {
    const messages: Message[] = [
      { type: 'identify' },
      { type: 'dockInfo' },
      { type: 'readRecords', fromSeq: 0xfffffffe, maxCount: 255 },
      { type: 'acknowledge', upToSeq: 77 },
      { type: 'setClock', time: 1_780_000_000 },
      { type: 'acknowledged', upToSeq: 9, remaining: 3 },
      { type: 'clockSet', time: 5 },
      { type: 'nak', code: 5, rejectedCommand: 2 },
    ];
    for (const m of messages) {
      const e = encodeMessage(m);
      expect(decodeMessage(e.command, e.payload), m.type).toEqual({ ok: true, message: m });
      expect(decodeMessage(e.command, concat(e.payload, Uint8Array.of(0))), m.type).toEqual({
        ok: false,
        reason: '1 bytes after the payload',
      });
    }
    expect(encodeMessage({ type: 'nak', code: 5, rejectedCommand: 2 }).command).toBe(NAK);
    expect(decodeMessage(COMMAND.acknowledge, Uint8Array.of(0, 0, 1))).toEqual({
      ok: false,
      reason: 'payload too short',
    });
    expect(decodeMessage(COMMAND.readRecords, Uint8Array.of(0, 0, 0, 1, 0))).toEqual({
      ok: false,
      reason: 'maxCount 0',
    });
    expect(decodeMessage(0x42, new Uint8Array(0))).toEqual({ ok: false, reason: 'unknown command 0x42' });
    for (const maxCount of [0, 256])
      expect(() => encodeMessage({ type: 'readRecords', fromSeq: 1, maxCount })).toThrow(
        'maxCount out of range',
      );
  });

  it('tells requests from replies and names the command a reply carries', () => {
    const requests: RequestMessage[] = [
      { type: 'identify' },
      { type: 'readRecords', fromSeq: 1, maxCount: 1 },
      { type: 'acknowledge', upToSeq: 1 },
      { type: 'setClock', time: 1 },
      { type: 'dockInfo' },
    ];
    expect(requests.map(replyCommandFor)).toEqual([0x81, 0x82, 0x83, 0x84, 0x85]);
    expect(requests.every(isRequest)).toBe(true);
    expect(isRequest({ type: 'clockSet', time: 1 })).toBe(false);
    expect(isRequest({ type: 'nak', code: 1, rejectedCommand: 1 })).toBe(false);
    expect(isRequest({ type: 'identity', identity })).toBe(false);
  });

  it('a records reply: a rejected record is alone, at most 255 in a frame', () => {
    const rejected = { seq: 1, fault: 'kind' as const, detail: 'x', bytes: new Uint8Array(14) };
    expect(() => encodeMessage({ type: 'records', records: [rec(1)], rejected })).toThrow(
      'a rejected record is alone in its reply',
    );
    const many = Array.from({ length: 256 }, (_, i) => rec(i + 1));
    expect(() => encodeMessage({ type: 'records', records: many })).toThrow('too many records for one frame');
    expect(() => encodeMessage({ type: 'records', records: many.slice(0, 255) })).not.toThrow();
  });
});

/** A record's bytes with fields as given (not checked). */
function rawRecord(
  f: Partial<{
    seq: number;
    time: number;
    kind: number;
    task: number;
    flags: number;
    uid: readonly number[];
  }> = {},
) {
  const uid = f.uid ?? [1, 2, 3, 4];
  return new ByteWriter()
    .u32(f.seq ?? 5)
    .u32(f.time ?? 1000)
    .u8(f.kind ?? 1)
    .u16(f.task ?? 0)
    .u8(f.flags ?? 0)
    .u8(uid.length)
    .bytes(Uint8Array.from(uid))
    .finish();
}
const recordsReply = (...records: Uint8Array[]) =>
  decodeMessage(reply(COMMAND.readRecords), concat(Uint8Array.of(records.length), ...records));

describe('records', () => {
  it('each rule of §3 rejects a lone record, kept whole with its seq', () => {
    const cases = [
      [{ uid: [1, 2, 3, 4, 5] }, 'uidLength'],
      [{ seq: 0 }, 'seq'],
      [{ kind: 4 }, 'kind'],
      [{ kind: 0 }, 'kind'],
      [{ kind: 3, task: 0 }, 'taskCode'],
      [{ kind: 2, task: 7 }, 'taskCode'],
      [{ flags: 0x04 }, 'flags'],
    ] as const;
    for (const [fields, fault] of cases) {
      const raw = rawRecord({ seq: 9, ...fields });
      expect(recordsReply(raw), fault).toMatchObject({
        ok: true,
        message: { records: [], rejected: { fault, seq: fields === cases[1][0] ? 0 : 9, bytes: raw } },
      });
    }
  });

  it('says for support which rule a record broke, and how', () => {
    const detail = (fields: Parameters<typeof rawRecord>[0]) => {
      const d = recordsReply(rawRecord(fields));
      return d.ok && d.message.type === 'records' ? d.message.rejected?.detail : undefined;
    };
    expect(detail({ uid: [1, 2, 3, 4, 5] })).toBe('tag UID length 5');
    expect(detail({ seq: 0 })).toBe('record seq 0');
    expect(detail({ kind: 4 })).toBe('unknown record kind 4');
    expect(detail({ kind: 2, task: 7 })).toBe('task code 7 with kind depart');
    expect(detail({ flags: 0x04 })).toBe('reserved record flags 4');
    expect(() => writeRecord(new ByteWriter(), { ...rec(1), seq: 0 })).toThrow('bad record seq: 0');
    expect(() => writeRecord(new ByteWriter(), { ...rec(1), penTime: -1 })).toThrow('bad pen time: -1');
    expect(() => writeRecord(new ByteWriter(), { ...rec(1), taskCode: 3 })).toThrow('bad task code: 3');
  });

  it('reads a good record with its flags, UIDs of 4, 7 and 10 bytes, in upper-case hex', () => {
    for (const uid of [
      [0xab, 2, 3, 4],
      [1, 2, 3, 4, 5, 6, 7],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 0xfe],
    ]) {
      const decoded = recordsReply(rawRecord({ kind: 3, task: 513, flags: 0x03, uid }));
      expect(decoded).toMatchObject({
        ok: true,
        message: {
          records: [
            { seq: 5, penTime: 1000, kind: 'task', taskCode: 513, lowBattery: true, clockReset: true },
          ],
        },
      });
      const r = decoded.ok && decoded.message.type === 'records' ? decoded.message.records[0]! : undefined;
      expect(r?.tagUid).toBe(uid.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(''));
      expect(recordLength(r!)).toBe(13 + uid.length);
    }
    expect(recordsReply(rawRecord({ kind: 2 }))).toMatchObject({
      message: { records: [{ kind: 'depart', lowBattery: false, clockReset: false }] },
    });
  });

  it('a lone record with bytes left over, or too short to hold a seq, is not a record', () => {
    expect(recordsReply(concat(rawRecord(), Uint8Array.of(0)))).toMatchObject({
      message: { records: [], rejected: { fault: 'length', detail: '1 bytes after the record', seq: 5 } },
    });
    expect(recordsReply(rawRecord().subarray(0, 10))).toMatchObject({
      message: { records: [], rejected: { fault: 'length', detail: 'record of 10 bytes' } },
    });
    expect(recordsReply(Uint8Array.of(0, 0, 1))).toEqual({ ok: false, reason: 'payload too short' });
    expect(recordsReply(Uint8Array.of(0, 0, 0, 6))).toMatchObject({
      message: { records: [], rejected: { fault: 'length', detail: 'record of 4 bytes', seq: 6 } },
    });
  });

  it('a reply of several is taken up to the first record that cannot be, and says why', () => {
    const a = rawRecord({ seq: 1 });
    const b = rawRecord({ seq: 2 });
    expect(recordsReply(a, rawRecord({ seq: 2, kind: 9 }), b)).toMatchObject({
      message: { records: [{ seq: 1 }], cutShort: 'record 2 of 3: unknown record kind 9' },
    });
    expect(recordsReply(b, a)).toMatchObject({
      message: { records: [{ seq: 2 }], cutShort: 'record seqs not increasing' },
    });
    expect(recordsReply(a, a)).toMatchObject({ message: { cutShort: 'record seqs not increasing' } });
    expect(recordsReply(a, concat(b, Uint8Array.of(7)))).toMatchObject({
      message: { records: [{ seq: 1 }], cutShort: '1 bytes after the last record' },
    });
    expect(recordsReply(a, b.subarray(0, 12))).toMatchObject({
      message: { records: [{ seq: 1 }], cutShort: 'record 2 of 2 ends after the payload' },
    });
    expect(recordsReply(a, b)).toMatchObject({ ok: true, message: { records: [{ seq: 1 }, { seq: 2 }] } });
    expect(recordsReply(a, b)).not.toHaveProperty('message.cutShort');
    expect(decodeMessage(reply(COMMAND.readRecords), Uint8Array.of(0))).toEqual({
      ok: true,
      message: { type: 'records', records: [] },
    });
  });

  it('writing refuses a record that breaks §3', () => {
    const write = (r: Partial<PenRecord>) => () => writeRecord(new ByteWriter(), { ...rec(1), ...r });
    for (const bad of [
      { tagUid: '0102030405' },
      { tagUid: 'zz020304' },
      { seq: 0 },
      { seq: 2 ** 32 },
      { seq: 1.5 },
      { penTime: -1 },
      { penTime: 2 ** 32 },
      { kind: 'task' as const, taskCode: 0 },
      { kind: 'task' as const, taskCode: 65_536 },
      { kind: 'arrive' as const, taskCode: 1 },
      { kind: 'task' as const, taskCode: 1.5 },
    ])
      expect(write(bad), JSON.stringify(bad)).toThrow(RangeError);
    for (const good of [
      { seq: 2 ** 32 - 1, penTime: 0 },
      { kind: 'task' as const, taskCode: 65_535 },
      { kind: 'task' as const, taskCode: 1 },
      { tagUid: '01020304050607' },
    ]) {
      const w = new ByteWriter();
      writeRecord(w, { ...rec(1), ...good });
      expect(readRecord(new ByteReader(w.finish()))).toEqual({ ...rec(1), ...good });
    }
  });
});
