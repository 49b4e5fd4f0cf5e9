import fc from 'fast-check';
import type { Frame, Message, PenIdentity, PenRecord } from '../../../drivers/index.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const text = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 32,
});
const hexBytes = (n: number): fc.Arbitrary<string> =>
  fc
    .uint8Array({ minLength: n, maxLength: n })
    .map((b) => Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(''));

export const recordArb: fc.Arbitrary<PenRecord> = fc
  .record({
    seq: fc.integer({ min: 1, max: 0xffffffff }),
    tagUid: fc.constantFrom(4, 7, 10).chain(hexBytes),
    penTime: u32,
    kind: fc.constantFrom('arrive', 'depart', 'task' as const),
    taskCode: fc.integer({ min: 1, max: 0xffff }),
    lowBattery: fc.boolean(),
    clockReset: fc.boolean(),
  })
  .map((r) => ({ ...r, taskCode: r.kind === 'task' ? r.taskCode : 0 }));

export const recordsArb: fc.Arbitrary<PenRecord[]> = fc
  .uniqueArray(recordArb, { selector: (r) => r.seq, maxLength: 40 })
  .map((records) => records.sort((a, b) => a.seq - b.seq));

export const identityArb: fc.Arbitrary<PenIdentity> = fc
  .record({
    serial: text,
    model: text,
    firmware: text,
    batteryPercent: fc.integer({ min: 0, max: 100 }),
    lowBattery: fc.boolean(),
    clockReset: fc.boolean(),
    penClock: u32,
    recordCount: fc.integer({ min: 0, max: 100000 }),
    firstSeq: fc.integer({ min: 1, max: 0x7fffffff }),
    gap: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ gap, ...id }) =>
    id.recordCount === 0
      ? { ...id, firstSeq: 0, lastSeq: 0 }
      : { ...id, lastSeq: id.firstSeq + id.recordCount - 1 + gap },
  );

export const messageArb: fc.Arbitrary<Message> = fc.oneof(
  fc.constant({ type: 'identify' } as const),
  fc.constant({ type: 'dockInfo' } as const),
  fc.record({
    type: fc.constant('readRecords' as const),
    fromSeq: u32,
    maxCount: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ type: fc.constant('acknowledge' as const), upToSeq: u32 }),
  fc.record({ type: fc.constant('setClock' as const), time: u32 }),
  fc.record({ type: fc.constant('identity' as const), identity: identityArb }),
  fc.record({ type: fc.constant('records' as const), records: recordsArb }),
  fc.record({ type: fc.constant('acknowledged' as const), upToSeq: u32, remaining: u32 }),
  fc.record({ type: fc.constant('clockSet' as const), time: u32 }),
  fc
    .record({ slotCount: fc.integer({ min: 1, max: 15 }), mask: fc.integer({ min: 0, max: 0xffff }) })
    .map(({ slotCount, mask }) => ({
      type: 'dockInfoReply' as const,
      slotCount,
      occupiedSlots: Array.from({ length: slotCount }, (_, i) => i + 1).filter(
        (s) => (mask & (1 << s)) !== 0,
      ),
    })),
  fc.record({
    type: fc.constant('nak' as const),
    code: fc.integer({ min: 0, max: 255 }),
    rejectedCommand: fc.integer({ min: 0, max: 255 }),
  }),
);

export const addressArb = fc.record({
  seq: fc.integer({ min: 0, max: 255 }),
  slot: fc.integer({ min: 0, max: 15 }),
});

export const frameArb: fc.Arbitrary<Frame> = fc.record({
  seq: fc.integer({ min: 0, max: 255 }),
  slot: fc.integer({ min: 0, max: 15 }),
  command: fc.integer({ min: 0, max: 255 }),
  payload: fc.uint8Array({ maxLength: 600 }),
});

/** Every message type appears in a sample of this size with overwhelming probability. */
export const MESSAGE_TYPES = [
  'identify',
  'dockInfo',
  'readRecords',
  'acknowledge',
  'setClock',
  'identity',
  'records',
  'acknowledged',
  'clockSet',
  'dockInfoReply',
  'nak',
] as const;
