import { describe, expect, it } from 'vitest';
import { PenSessionMachine } from '../../drivers/index.ts';
import type { PenIdentity, PenRecord, SessionPlan } from '../../drivers/index.ts';

const plan: SessionPlan = {
  batchSize: 2,
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
  penClock: 1000,
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

describe('PenSessionMachine (pure lifecycle)', () => {
  it('commits each batch before it may acknowledge it', () => {
    const m = new PenSessionMachine(plan);
    expect(m.start()).toEqual({ type: 'send', request: { type: 'identify' } });
    expect(m.onReply({ type: 'identity', identity }, 1000)).toEqual({
      type: 'send',
      request: { type: 'readRecords', fromSeq: 10, maxCount: 2 },
    });
    expect(m.onReply({ type: 'records', records: [rec(10), rec(11)] }, 1000)).toEqual({
      type: 'commit',
      records: [rec(10), rec(11)],
      rejected: [],
    });
    // An acknowledgement cannot be smuggled in before the commit resolves.
    expect(m.onReply({ type: 'acknowledged', upToSeq: 11, remaining: 1 }, 1000)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
    });
  });

  it('walks a whole upload and refuses records it did not announce', () => {
    const m = new PenSessionMachine(plan);
    m.start();
    m.onReply({ type: 'identity', identity }, 1000);
    m.onReply({ type: 'records', records: [rec(10), rec(11)] }, 1000);
    expect(m.onCommitted()).toEqual({ type: 'send', request: { type: 'acknowledge', upToSeq: 11 } });
    expect(m.onReply({ type: 'acknowledged', upToSeq: 11, remaining: 1 }, 1000)).toEqual({
      type: 'send',
      request: { type: 'readRecords', fromSeq: 12, maxCount: 2 },
    });
    expect(m.onReply({ type: 'records', records: [rec(12), rec(13)] }, 1000)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
    });
  });

  it('rejects records before the requested sequence and acknowledgements of other seqs', () => {
    const a = new PenSessionMachine(plan);
    a.start();
    a.onReply({ type: 'identity', identity }, 1000);
    expect(a.onReply({ type: 'records', records: [rec(9)] }, 1000)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
    });
    const b = new PenSessionMachine(plan);
    b.start();
    b.onReply({ type: 'identity', identity }, 1000);
    b.onReply({ type: 'records', records: [rec(10)] }, 1000);
    b.onCommitted();
    expect(b.onReply({ type: 'acknowledged', upToSeq: 12, remaining: 0 }, 1000)).toMatchObject({
      type: 'fail',
      code: 'device.protocol',
    });
  });

  it('maps NAKs to codes and ends', () => {
    const m = new PenSessionMachine(plan);
    m.start();
    expect(m.onReply({ type: 'nak', code: 4, rejectedCommand: 1 }, 0)).toMatchObject({
      type: 'fail',
      code: 'device.slotEmpty',
    });
    expect(m.phase).toBe('done');
  });

  it('sets the clock only when drifted or reset, unless told always or never', () => {
    const run = (setClock: SessionPlan['setClock'], penClock: number) => {
      const m = new PenSessionMachine({ ...plan, setClock });
      m.start();
      return m.onReply(
        { type: 'identity', identity: { ...identity, recordCount: 0, firstSeq: 0, lastSeq: 0, penClock } },
        10_000,
      );
    };
    expect(run('ifNeeded', 10_000 + 901)).toEqual({
      type: 'send',
      request: { type: 'setClock', time: 10_000 },
    });
    expect(run('ifNeeded', 10_000 - 900).type).toBe('done');
    expect(run('always', 10_000).type).toBe('send');
    expect(run('never', 0).type).toBe('done');
  });

  it('refuses a bad batch size', () => {
    expect(() => new PenSessionMachine({ ...plan, batchSize: 256 })).toThrow(RangeError);
  });
});
