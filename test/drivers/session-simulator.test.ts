import { describe, expect, it } from 'vitest';
import {
  createMemoryPair,
  DockLink,
  DriverError,
  isDriverError,
  runPenSession,
  runSimulator,
} from '../../drivers/index.ts';
import type { DockEvent, SessionProgress } from '../../drivers/index.ts';
import { dockOnce, makeDock, range, seqs } from './support/harness.ts';

const acks = (events: DockEvent[]): number[] =>
  events.flatMap((e) => (e.type === 'acknowledged' ? [e.upToSeq] : []));

function recordEvents(dock: ReturnType<typeof makeDock>): DockEvent[] {
  const events: DockEvent[] = [];
  dock.onEvent((e) => events.push(e));
  return events;
}

describe('driver session over the in-memory pair with the simulator', () => {
  it('uploads every record in bounded batches, acknowledges each and empties the pen', async () => {
    const dock = makeDock({ pens: [{ records: 1000 }] });
    const events = recordEvents(dock);
    const progress: SessionProgress[] = [];
    const upload = await dockOnce(dock, { batchSize: 200, onProgress: (p) => progress.push(p) });
    expect(upload.error).toBeUndefined();
    expect(upload.committed.map((b) => b.length)).toEqual([200, 200, 200, 200, 200]);
    expect(seqs(upload.committed)).toEqual(range(1, 1000));
    expect(acks(events)).toEqual([200, 400, 600, 800, 1000]);
    expect(dock.pen(1)?.records).toEqual([]);
    expect(upload.result).toMatchObject({
      recordsRead: 1000,
      recordsAcknowledged: 1000,
      lastAcknowledgedSeq: 1000,
      notices: [],
    });
    expect(progress.map((p) => p.step)).toEqual([
      'open',
      'identify',
      'clock',
      'read',
      ...Array.from({ length: 5 }, () => ['read', 'commit', 'acknowledge']).flat(),
      'close',
    ]);
    expect(
      progress.filter((p) => p.step === 'read').map((p) => p.step === 'read' && `${p.done}/${p.total}`),
    ).toEqual(['0/1000', '200/1000', '400/1000', '600/1000', '800/1000', '1000/1000']);
  });

  it('hands the commit the raw frames the records came from', async () => {
    const dock = makeDock({ pens: [{ records: 3 }] });
    const upload = await dockOnce(dock);
    const raw = upload.raw[0] ?? new Uint8Array();
    // identify reply + one read reply, both starting with the start marker
    expect(raw[0]).toBe(0xa5);
    expect(raw[1]).toBe(0x5a);
    expect(raw.length).toBeGreaterThan(3 * 17 + 2 * 11);
  });

  it('acknowledges a batch only after its commit has resolved', async () => {
    const dock = makeDock({ pens: [{ records: 450 }] });
    const log: string[] = [];
    dock.onEvent((e) => {
      if (e.type === 'acknowledged') log.push(`ack ${e.upToSeq}`);
    });
    const upload = await dockOnce(dock, {
      batchSize: 200,
      commit: async (records) => {
        const last = records[records.length - 1]?.seq ?? 0;
        log.push(`commit start ${last}`);
        // Give a premature acknowledge every chance to reach the pen: the memory cable delivers
        // on the next turns of the event loop.
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
        expect(dock.pen(1)?.records.some((r) => r.seq === last)).toBe(true);
        log.push(`commit done ${last}`);
      },
    });
    expect(upload.error).toBeUndefined();
    expect(log).toEqual([
      'commit start 200',
      'commit done 200',
      'ack 200',
      'commit start 400',
      'commit done 400',
      'ack 400',
      'commit start 450',
      'commit done 450',
      'ack 450',
    ]);
  });

  it('a commit that throws means no acknowledge, and the pen keeps everything', async () => {
    const dock = makeDock({ pens: [{ records: 300 }] });
    const events = recordEvents(dock);
    const disk = new Error('disk full');
    let calls = 0;
    const upload = await dockOnce(dock, {
      commit: async () => {
        calls++;
        throw disk;
      },
    });
    expect(upload.error).toBeInstanceOf(DriverError);
    expect(isDriverError(upload.error, 'device.commitFailed')).toBe(true);
    expect((upload.error as Error).cause).toBe(disk);
    expect(calls).toBe(1);
    expect(acks(events)).toEqual([]);
    expect(dock.pen(1)?.records).toHaveLength(300);
  });

  it('a failure in the second batch keeps the first acknowledged and the rest on the pen', async () => {
    const dock = makeDock({ pens: [{ records: 300 }] });
    let calls = 0;
    const upload = await dockOnce(dock, {
      batchSize: 100,
      commit: async () => {
        if (++calls === 2) throw new Error('constraint');
      },
    });
    expect(isDriverError(upload.error, 'device.commitFailed')).toBe(true);
    expect(dock.pen(1)?.records.map((r) => r.seq)).toEqual(range(101, 300));
  });

  describe('faults', () => {
    it('corrupt CRC every 3rd frame: re-sent at once, every record exactly once', async () => {
      const dock = makeDock({ pens: [{ records: 500 }], faults: { corruptCrcEvery: 3 } });
      const events = recordEvents(dock);
      const started = Date.now();
      const upload = await dockOnce(dock, { batchSize: 50, replyTimeoutMs: 5000 });
      expect(upload.error).toBeUndefined();
      expect(seqs(upload.committed)).toEqual(range(1, 500));
      const corrupted = events.filter((e) => e.type === 'fault').length;
      expect(corrupted).toBeGreaterThan(5);
      // 1 identify + 10 reads + 10 acknowledges, plus one re-send per corrupted answer
      expect(events.filter((e) => e.type === 'request')).toHaveLength(21 + corrupted);
      // No re-send waited for the 5 s reply timeout.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(dock.pen(1)?.records).toEqual([]);
    });

    it('a dropped byte every 4th frame: resynchronised, every record exactly once', async () => {
      const dock = makeDock({ pens: [{ records: 500 }], faults: { dropByteEvery: 4 } });
      const events = recordEvents(dock);
      const upload = await dockOnce(dock, { batchSize: 50 });
      expect(upload.error).toBeUndefined();
      expect(seqs(upload.committed)).toEqual(range(1, 500));
      expect(events.filter((e) => e.type === 'fault' && e.fault === 'dropByte').length).toBeGreaterThan(5);
    });

    it('slow answers within the reply timeout change nothing', async () => {
      const dock = makeDock({ pens: [{ records: 120 }], faults: { slowAnswerMs: 40 } });
      const upload = await dockOnce(dock, { batchSize: 60 });
      expect(upload.error).toBeUndefined();
      expect(seqs(upload.committed)).toEqual(range(1, 120));
    });

    it('answers slower than the step timeout fail with device.timeout and close the transport', async () => {
      const dock = makeDock({ pens: [{ records: 10 }], faults: { slowAnswerMs: 400 } });
      const progress: string[] = [];
      const upload = await dockOnce(dock, {
        replyTimeoutMs: 1000,
        timeouts: { identify: 100 },
        onProgress: (p) => progress.push(p.step),
      });
      expect(isDriverError(upload.error, 'device.timeout')).toBe(true);
      expect((upload.error as DriverError).detail).toMatchObject({ step: 'identify' });
      expect(progress[progress.length - 1]).toBe('close');
    });

    it('disconnect after n records: nothing lost, and docking again finishes the job', async () => {
      const dock = makeDock({ pens: [{ records: 700 }], faults: { disconnectAfterRecords: 250 } });
      const first = await dockOnce(dock, { batchSize: 100 });
      expect(isDriverError(first.error, 'device.disconnectedMidRead')).toBe(true);
      expect(seqs(first.committed)).toEqual(range(1, 250));
      expect(dock.pen(1)?.records.map((r) => r.seq)).toEqual(range(251, 700));
      const second = await dockOnce(dock, { batchSize: 100 });
      expect(second.error).toBeUndefined();
      expect(seqs(second.committed)).toEqual(range(251, 700));
      expect(new Set([...seqs(first.committed), ...seqs(second.committed)]).size).toBe(700);
    });

    it('clock reset: flagged records, a notice, and the clock set afterwards', async () => {
      const now = Date.UTC(2026, 2, 3, 16, 0, 0);
      const dock = makeDock({ pens: [{ records: 30, clockReset: true }], now: () => now });
      const events = recordEvents(dock);
      const upload = await dockOnce(dock, { now: () => now });
      expect(upload.error).toBeUndefined();
      // The driver reports the clock; what that did to the times is the core's to say (§5.2).
      expect(upload.result?.notices).toEqual([]);
      expect(upload.result?.clock).toMatchObject({ reset: true, drifted: true, setTo: now / 1000 });
      const flagged = upload.committed.flat().filter((r) => r.clockReset);
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.every((r) => r.penTime < Date.UTC(2001, 0, 1) / 1000)).toBe(true);
      expect(events.filter((e) => e.type === 'clockSet')).toEqual([
        { type: 'clockSet', slot: 1, time: now / 1000 },
      ]);
      expect(dock.pen(1)?.identity(now / 1000).clockReset).toBe(false);
    });

    it('clock offset over 15 minutes is reported and corrected on the pen; under it is left alone', async () => {
      const now = Date.UTC(2026, 5, 1, 12, 0, 0);
      const drifted = makeDock({ pens: [{ records: 5, clockOffsetSeconds: -3600 }], now: () => now });
      const a = await dockOnce(drifted, { now: () => now });
      expect(a.result?.clock).toEqual({
        offsetSeconds: -3600,
        drifted: true,
        reset: false,
        setTo: now / 1000,
      });
      const close = makeDock({ pens: [{ records: 5, clockOffsetSeconds: 600 }], now: () => now });
      const events = recordEvents(close);
      const b = await dockOnce(close, { now: () => now });
      expect(b.result?.clock).toEqual({ offsetSeconds: 600, drifted: false, reset: false });
      expect(events.some((e) => e.type === 'clockSet')).toBe(false);
    });
  });

  it('reports no new records without calling commit', async () => {
    const dock = makeDock({ pens: [{ records: 0 }] });
    let calls = 0;
    const upload = await dockOnce(dock, {
      commit: async () => {
        calls++;
      },
    });
    expect(upload.result?.notices).toEqual(['device.noNewRecords']);
    expect(calls).toBe(0);
  });

  it('reports a low battery', async () => {
    const upload = await dockOnce(makeDock({ pens: [{ records: 40, battery: 9 }] }));
    expect(upload.result?.notices).toEqual(['device.batteryLow']);
    expect(upload.committed.flat().some((r) => r.lowBattery)).toBe(true);
  });

  it('reads a model it does not know, with a notice (spec §4.1)', async () => {
    const dock = makeDock({ pens: [{ records: 10, model: 'ACME-9' }] });
    const upload = await dockOnce(dock);
    expect(upload.error).toBeUndefined();
    expect(seqs(upload.committed)).toEqual(range(1, 10));
    expect(upload.result?.notices).toEqual(['device.unfamiliarModel']);
  });

  it('refuses a model the spec lists as refused before reading anything', async () => {
    const dock = makeDock({ pens: [{ records: 10, model: 'CDP-050' }] });
    const events = recordEvents(dock);
    const upload = await dockOnce(dock);
    expect(isDriverError(upload.error, 'device.unknownModel')).toBe(true);
    expect((upload.error as DriverError).detail).toMatchObject({ model: 'CDP-050', pen: 'SIM0001-1' });
    expect(
      events.filter((e) => e.type === 'request').map((e) => e.type === 'request' && e.request.type),
    ).toEqual(['identify']);
  });

  describe('busy pens (NAK 05, spec §6.1)', () => {
    it('asks a busy pen again as a new request, not counting it against the retries', async () => {
      const dock = makeDock({ pens: [{ records: 30, busy: 6 }] });
      const events = recordEvents(dock);
      const upload = await dockOnce(dock, { busyRetryMs: 5, retries: 0 });
      expect(upload.error).toBeUndefined();
      expect(seqs(upload.committed)).toEqual(range(1, 30));
      // Six identifies answered busy, then the seventh; retries: 0 shows they were not re-sends.
      const identifies = events.filter((e) => e.type === 'request' && e.request.type === 'identify');
      expect(identifies).toHaveLength(7);
      expect(events.filter((e) => e.type === 'fault' && e.fault === 'busy')).toHaveLength(6);
    });

    it('gives up after ten busy answers to one request with device.penBusy, nothing acknowledged', async () => {
      const dock = makeDock({ pens: [{ records: 30, busy: 11 }] });
      const events = recordEvents(dock);
      const upload = await dockOnce(dock, { busyRetryMs: 1 });
      expect(isDriverError(upload.error, 'device.penBusy')).toBe(true);
      expect(acks(events)).toEqual([]);
      expect(dock.pen(1)?.records).toHaveLength(30);
      // The eleventh request would have been answered: the next session reads everything.
      const again = await dockOnce(dock, { busyRetryMs: 1 });
      expect(again.error).toBeUndefined();
      expect(seqs(again.committed)).toEqual(range(1, 30));
    });

    it('waits about busyRetryMs between asks', async () => {
      const dock = makeDock({ pens: [{ records: 0, busy: 3 }] });
      const started = performance.now();
      const upload = await dockOnce(dock, { busyRetryMs: 60 });
      expect(upload.error).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 60 - 5);
    });
  });

  describe('records that break the rules (spec §3.1, §4.2, §5.3)', () => {
    for (const fault of ['kind', 'taskCode', 'flags', 'uidLength'] as const) {
      it(`a record with a bad ${fault} is handed over whole to quarantine; the rest are read`, async () => {
        const dock = makeDock({ pens: [{ records: 60, badRecords: [{ seq: 25, fault }] }] });
        const events = recordEvents(dock);
        const upload = await dockOnce(dock, { batchSize: 20 });
        expect(upload.error).toBeUndefined();
        expect(seqs(upload.committed)).toEqual(range(1, 60).filter((s) => s !== 25));
        expect(upload.rejected.map((r) => [r.seq, r.fault])).toEqual([[25, fault]]);
        expect(upload.rejected[0]?.bytes.length).toBeGreaterThanOrEqual(17);
        // Acknowledged only as far as what was handed to the commit, and in the end all of it.
        expect(acks(events)).toEqual([20, 24, 25, 45, 60]);
        expect(dock.pen(1)?.records).toEqual([]);
        expect(upload.result?.recordsAcknowledged).toBe(60);
      });
    }

    it('two bad records side by side, and one first in the pen', async () => {
      const dock = makeDock({
        pens: [
          {
            records: 12,
            badRecords: [
              { seq: 1, fault: 'uidLength' },
              { seq: 6, fault: 'kind' },
              { seq: 7, fault: 'uidLength' },
            ],
          },
        ],
      });
      const upload = await dockOnce(dock, { batchSize: 5 });
      expect(upload.error).toBeUndefined();
      expect(upload.rejected.map((r) => r.seq)).toEqual([1, 6, 7]);
      expect(seqs(upload.committed)).toEqual([2, 3, 4, 5, 8, 9, 10, 11, 12]);
    });
  });

  it('a pen at the last sequence number, 2^32 − 1, is read to its end and acknowledged', async () => {
    const dock = makeDock({ pens: [{ records: 5, firstSeq: 0xffff_ffff - 4 }] });
    const events = recordEvents(dock);
    const upload = await dockOnce(dock, { batchSize: 2 });
    expect(upload.error).toBeUndefined();
    expect(seqs(upload.committed)).toEqual(range(0xffff_ffff - 4, 0xffff_ffff));
    expect(acks(events).at(-1)).toBe(0xffff_ffff);
    expect(events.filter((e) => e.type === 'request' && e.request.type === 'readRecords')).toHaveLength(3);
    expect(() => makeDock({ pens: [{ records: 6, firstSeq: 0xffff_ffff - 4 }] })).toThrow(/4294967295/);
  });

  it('a single-slot dock without dock info: NAK 01 read as one slot; a slot above the count is NAK 04', async () => {
    const plain = makeDock({ pens: [{ records: 3 }], dockInfo: false });
    const pair = createMemoryPair();
    const sim = await runSimulator({ transport: pair.device, dock: plain });
    const link = new DockLink(pair.host, { replyTimeoutMs: 200 });
    await link.open();
    try {
      expect(await link.dockInfo()).toEqual({ slotCount: 1, occupiedSlots: [1], occupancyKnown: false });
      const result = await runPenSession({ link, commit: async () => undefined });
      expect(result.recordsAcknowledged).toBe(3);
      const above = await runPenSession({ link, slot: 4, commit: async () => undefined }).catch(
        (e: unknown) => e,
      );
      expect(isDriverError(above, 'device.slotEmpty')).toBe(true);
    } finally {
      await link.close();
      await sim.stop();
    }
    expect(() => makeDock({ pens: [{}, {}], dockInfo: false })).toThrow(/single-slot/);
  });

  it('a critical battery refuses the read with NAK 06: device.batteryCritical, nothing acknowledged', async () => {
    const dock = makeDock({ pens: [{ records: 10, battery: 2 }] });
    const upload = await dockOnce(dock);
    expect(isDriverError(upload.error, 'device.batteryCritical')).toBe(true);
    expect(dock.pen(1)?.records).toHaveLength(10);
  });

  it('cancels through the AbortSignal after a commit, acknowledging nothing uncommitted', async () => {
    const dock = makeDock({ pens: [{ records: 400 }] });
    const controller = new AbortController();
    const progress: string[] = [];
    const upload = await dockOnce(dock, {
      batchSize: 100,
      signal: controller.signal,
      onProgress: (p) => progress.push(p.step),
      commit: async (records) => {
        if ((records[0]?.seq ?? 0) > 100) controller.abort();
      },
    });
    expect(isDriverError(upload.error, 'device.aborted')).toBe(true);
    expect(dock.pen(1)?.records[0]?.seq).toBe(101);
    expect(progress[progress.length - 1]).toBe('close');
  });

  it('multi-slot dock: dock info, then one session per occupied slot over one link', async () => {
    const dock = makeDock({
      pens: [{ records: 120, serial: 'PEN-A' }, null, { records: 80, serial: 'PEN-C' }],
      slots: 3,
    });
    const pair = createMemoryPair();
    const sim = await runSimulator({ transport: pair.device, dock });
    const link = new DockLink(pair.host, { replyTimeoutMs: 200 });
    await link.open();
    try {
      const info = await link.dockInfo();
      expect(info).toEqual({ slotCount: 3, occupiedSlots: [1, 3], occupancyKnown: true });
      const bySerial = new Map<string, number[]>();
      const results = await Promise.all(
        info.occupiedSlots.map((slot) =>
          runPenSession({
            link,
            slot,
            batchSize: 50,
            commit: async (records, _raw, context) => {
              bySerial.set(context.identity.serial, [
                ...(bySerial.get(context.identity.serial) ?? []),
                ...records.map((r) => r.seq),
              ]);
            },
          }),
        ),
      );
      expect(results.map((r) => [r.slot, r.identity.serial, r.recordsAcknowledged])).toEqual([
        [1, 'PEN-A', 120],
        [3, 'PEN-C', 80],
      ]);
      expect(bySerial.get('PEN-A')).toEqual(range(1, 120));
      expect(bySerial.get('PEN-C')).toEqual(range(1, 80));
      const empty = await runPenSession({ link, slot: 2, commit: async () => undefined }).catch(
        (e: unknown) => e,
      );
      expect(isDriverError(empty, 'device.slotEmpty')).toBe(true);
    } finally {
      await link.close();
      await sim.stop();
    }
  });
});
