// What the core makes of a pen's records and state (docs/protocol/pen-dock-v1.md §5.2–§5.4, §6.1,
// §7): flags and messages that say what happened, quarantine, busy and battery retries, a dock
// without dock info. The simulator produces each case; the messages are rendered in all three
// languages as the person at the desk would see them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatedDock, runSimulator } from '../../drivers/simulator/run.ts';
import type { SimulatorConfig } from '../../drivers/simulator/options.ts';
import type { VirtualDock } from '../../drivers/simulator/virtual-dock.ts';
import { createMemoryPair } from '../../drivers/transports/memory.ts';
import { ingestStores, RegistrationIngest } from '../../src/main/docking/ingest.ts';
import { dockOnce } from '../../src/main/docking/manager.ts';
import type { PenOutcome } from '../../src/main/docking/read-pen.ts';
import { DockingData } from '../../src/main/docking/data.ts';
import { simulatedDock } from '../../src/main/docking/sources.ts';
import type { DockingState, SlotView } from '../../src/shared/api/index.ts';
import { formatMessage, languages } from '../../src/shared/errors/index.ts';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ watchDevices: false, dockPollMs: 50 });
});
afterEach(async () => {
  await t.cleanup();
});

interface Row {
  sequence: number;
  penTime: string;
  correctedTime: string;
  flags: string[];
}

function rows(pen: string): Row[] {
  return (
    t.core.database.sqlite
      .prepare(
        `select sequence, pen_time as penTime, corrected_time as correctedTime, flags from registrations
          where pen_serial = ? order by sequence`,
      )
      .all(pen) as (Omit<Row, 'flags'> & { flags: string })[]
  ).map((r) => ({ ...r, flags: JSON.parse(r.flags) as string[] }));
}

/** Every message the slot shows, in every language; none may keep a placeholder or show a '?'. */
function shown(view: SlotView): string[] {
  const bodies = [...view.notices, ...(view.error ? [view.error] : [])];
  const texts = bodies.flatMap((b) => languages.map((lang) => formatMessage(b.code, b.params, lang)));
  for (const text of texts) {
    expect(text, text).not.toMatch(/\{\w+\}/);
    expect(text, text).not.toMatch(/\s\?\s|\(\?|\?\)/);
  }
  return texts;
}

const codes = (view: SlotView): string[] => view.notices.map((n) => n.code);

/** One docking through the core's own path (the CLI's), on a dock that keeps its pens' state. */
async function dock(virtual: VirtualDock): Promise<PenOutcome> {
  const pair = createMemoryPair();
  const sim = await runSimulator({ transport: pair.device, dock: virtual });
  const sqlite = t.core.database.sqlite;
  try {
    const [outcome] = await dockOnce(
      {
        ingest: new RegistrationIngest(ingestStores(sqlite)),
        sessions: new DockingData(sqlite),
        seePen: (id) => t.core.staff.seePen(id),
        staffNameOf: () => null,
        batchSize: 20,
      },
      pair.host,
      'test dock',
      new AbortController().signal,
    );
    if (!outcome) throw new Error('no slot was read');
    shown(outcome.view);
    return outcome;
  } finally {
    await sim.stop();
  }
}

function makeDock(config: SimulatorConfig): VirtualDock {
  return createSimulatedDock(config);
}

describe('clock rules (spec §5.2)', () => {
  it('a pen an hour fast: corrected and flagged; after CareDock set it back, the next shift is not "reset"', async () => {
    const virtual = makeDock({ pens: [{ serial: 'FAST-1', records: 30, clockOffsetSeconds: 3600 }] });
    const first = await dock(virtual);
    expect(first.error).toBeNull();
    expect(codes(first.view)).toEqual(['device.clockCorrected', 'device.clockSet']);
    expect(first.view.notices[0]?.params).toEqual({ pen: 'FAST-1', n: 30, minutes: 60 });
    const before = rows('FAST-1');
    expect(before.every((r) => r.flags.includes('clockCorrected') && !r.flags.includes('clockReset'))).toBe(
      true,
    );
    expect(Date.parse(before[0]!.penTime) - Date.parse(before[0]!.correctedTime)).toBe(3_600_000);

    // CareDock set the clock back an hour; the records of the next shift are earlier by the pen's
    // own clock than the last one it delivered, and nothing is wrong with them.
    virtual.pen(1)!.makeRecords(6, Math.floor(Date.now() / 1000));
    const second = await dock(virtual);
    expect(second.error).toBeNull();
    expect(second.counts.inserted).toBe(6);
    const next = rows('FAST-1').slice(30);
    expect(Date.parse(next[0]!.penTime)).toBeLessThan(Date.parse(before[29]!.penTime) - 60_000);
    expect(next.map((r) => r.flags.filter((f) => f.startsWith('clock') || f === 'timeBackwards'))).toEqual(
      next.map(() => []),
    );
    expect(codes(second.view)).toEqual([]);
  });

  it('times that run backwards with no reset flag are flagged timeBackwards, not clockReset', async () => {
    const virtual = makeDock({ pens: [{ serial: 'BACK-1', records: 12 }] });
    const pen = virtual.pen(1)!;
    pen.records[7]!.penTime -= 3 * 3600;
    const outcome = await dock(virtual);
    const flagged = rows('BACK-1').filter((r) => r.flags.includes('timeBackwards'));
    expect(flagged.map((r) => r.sequence)).toEqual([8]);
    expect(rows('BACK-1').some((r) => r.flags.includes('clockReset'))).toBe(false);
    expect(codes(outcome.view)).toEqual(['device.timeBackwards']);
    expect(outcome.view.notices[0]?.params).toEqual({ pen: 'BACK-1', n: 1 });
    expect(outcome.counts.flagged).toBe(12); // no staff, no tags: all on review anyway
  });

  it('a clock that was reset: the records made since are corrected, the message says so', async () => {
    const virtual = makeDock({ pens: [{ serial: 'RESET-1', records: 40, clockReset: true }] });
    const outcome = await dock(virtual);
    const all = rows('RESET-1');
    const reset = all.filter((r) => r.flags.includes('clockReset'));
    expect(reset.length).toBeGreaterThan(0);
    expect(reset.every((r) => r.flags.includes('clockCorrected'))).toBe(true);
    expect(reset.every((r) => Math.abs(Date.parse(r.correctedTime) - Date.now()) < 3 * 3600_000)).toBe(true);
    // Made before the reset, with good time: left as they were.
    expect(
      all.filter((r) => !r.flags.includes('clockReset')).every((r) => r.penTime === r.correctedTime),
    ).toBe(true);
    expect(codes(outcome.view)).toEqual(['device.clockReset', 'device.clockSet']);
    expect(outcome.view.notices[0]?.params).toEqual({ pen: 'RESET-1', n: reset.length });
  });

  it('a pen that says "reset" but whose clock is right: nothing corrected, and it is told so', async () => {
    const virtual = makeDock({ pens: [{ serial: 'KEPT-1', records: 40, clockResetKept: true }] });
    const outcome = await dock(virtual);
    const all = rows('KEPT-1');
    expect(all.some((r) => r.flags.includes('clockCorrected'))).toBe(false);
    expect(all.every((r) => r.penTime === r.correctedTime)).toBe(true);
    const marked = all.filter((r) => r.flags.includes('clockReset'));
    expect(marked.length).toBeGreaterThan(0);
    expect(codes(outcome.view)).toEqual([
      'device.clockResetClockRight',
      'device.clockResetRecords',
      'device.clockSet',
    ]);
    expect(outcome.view.notices[1]?.params).toEqual({ pen: 'KEPT-1', n: marked.length });
    const [sv] = shown(outcome.view);
    expect(sv).toBe(
      'Pennan KEPT-1 anger att dess klocka har nollställts, men klockan går rätt. Inga tider har ändrats.',
    );
    expect(shown(outcome.view).join(' ')).not.toMatch(/rättats|corrected and flagged|korjattu ja/);
  });
});

describe('records that break the rules are quarantined (spec §5.3)', () => {
  it('stores the rest, keeps the bad one with its bytes, acknowledges all, and says so', async () => {
    const virtual = makeDock({
      pens: [{ serial: 'BAD-1', records: 50, badRecords: [{ seq: 17, fault: 'uidLength' }] }],
    });
    const outcome = await dock(virtual);
    expect(outcome.error).toBeNull();
    expect(outcome.counts).toMatchObject({ inserted: 49, quarantined: 1 });
    expect(outcome.view.result).toMatchObject({ new: 49, quarantined: 1 });
    expect(virtual.pen(1)!.records).toEqual([]);
    expect(rows('BAD-1').map((r) => r.sequence)).not.toContain(17);
    expect(codes(outcome.view)).toEqual(['device.recordsQuarantined']);
    expect(outcome.view.notices[0]?.params).toEqual({ pen: 'BAD-1', n: 1 });

    const admin = t.core.connect();
    await withAdmin(admin);
    const { records, total } = await ok(admin, 'docking.quarantine', { limit: 10 });
    expect(total).toBe(1);
    expect(records[0]).toMatchObject({ penSerial: 'BAD-1', sequence: 17, fault: 'uidLength' });
    // The record's own bytes: its seq first, its UID length byte broken to 5.
    expect(records[0]!.bytesHex.slice(0, 8)).toBe('00000011');
    expect(records[0]!.bytesHex.slice(24, 26)).toBe('05');
    const [history] = await ok(admin, 'docking.history', { limit: 1 });
    expect(history).toMatchObject({ penSerial: 'BAD-1', status: 'done', newCount: 49, quarantinedCount: 1 });
    // Nothing of it goes to the municipality: it is not a registration.
    const outbox = t.core.database.sqlite.prepare(`select count(*) from outbox`).pluck().get();
    expect(outbox).toBe(49);

    // The pen's next docking is not stopped by it: the pen forgot it, once it was stored here.
    const again = await dock(virtual);
    expect(again.error).toBeNull();
    expect(codes(again.view)).toEqual(['device.noNewRecords']);
  });

  it('read again after a break before the acknowledge, it is stored once', async () => {
    const virtual = makeDock({
      pens: [{ serial: 'BAD-2', records: 30, badRecords: [{ seq: 5, fault: 'kind' }] }],
      faults: { disconnectAfterRecords: 5 },
    });
    // The link is pulled right after the lone read of 5: its commit may or may not have run.
    const first = await dock(virtual);
    expect(first.error?.code).toBe('device.disconnectedMidRead');
    const second = await dock(virtual);
    expect(second.error).toBeNull();
    const quarantined = t.core.database.sqlite
      .prepare(`select count(*) from quarantined_records where pen_serial = 'BAD-2'`)
      .pluck()
      .get();
    expect(quarantined).toBe(1);
    expect(rows('BAD-2')).toHaveLength(29);
  });
});

describe('the pen itself', () => {
  it('a model CareDock does not know is read, and the office is told which', async () => {
    const outcome = await dock(makeDock({ pens: [{ serial: 'NEW-1', records: 5, model: 'ACME Pen 3' }] }));
    expect(outcome.error).toBeNull();
    expect(outcome.counts.inserted).toBe(5);
    expect(outcome.view.notices).toEqual([
      { code: 'device.unfamiliarModel', params: { pen: 'NEW-1', model: 'ACME Pen 3' } },
    ]);
  });

  it('a refused model names the pen and the model, and nothing is read', async () => {
    const outcome = await dock(makeDock({ pens: [{ serial: 'OLD-1', records: 5, model: 'CDP-050' }] }));
    expect(outcome.error?.code).toBe('device.unknownModel');
    expect(outcome.view.error?.params).toMatchObject({ pen: 'OLD-1', model: 'CDP-050' });
    expect(rows('OLD-1')).toEqual([]);
    expect(shown(outcome.view)[0]).toContain('OLD-1 är en CDP-050');
  });

  it('a pen that reaches 2^32 − 1 is read to its end and reported as used up, at every docking', async () => {
    const virtual = makeDock({ pens: [{ serial: 'END-1', records: 3, firstSeq: 0xffff_ffff - 2 }] });
    const first = await dock(virtual);
    expect(first.error).toBeNull();
    expect(rows('END-1').map((r) => r.sequence)).toEqual([0xffff_fffd, 0xffff_fffe, 0xffff_ffff]);
    expect(codes(first.view)).toEqual(['device.sequenceExhausted']);
    const again = await dock(virtual);
    expect(codes(again.view)).toEqual(['device.noNewRecords', 'device.sequenceExhausted']);
  });

  it('a critical battery: an error without the pen in it, and the history keeps its parameters', async () => {
    const outcome = await dock(makeDock({ pens: [{ serial: 'LOW-1', records: 5, battery: 2 }] }));
    expect(outcome.error?.code).toBe('device.batteryCritical');
    expect(outcome.view.error).toMatchObject({
      code: 'device.batteryCritical',
      params: { port: 'test dock', slot: 1 },
    });
    expect(outcome.view.error?.params).not.toHaveProperty('pen');
    const admin = t.core.connect();
    await withAdmin(admin);
    const [history] = await ok(admin, 'docking.history', { limit: 1 });
    expect(history?.error).toEqual(outcome.view.error);
  });
});

describe('the docking manager', () => {
  function waitFor(done: (s: DockingState) => boolean, timeoutMs = 30_000): Promise<DockingState> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no such state in ${timeoutMs} ms: ${JSON.stringify(t.core.docking.state())}`));
      }, timeoutMs);
      const check = (s: DockingState) => {
        if (!done(s)) return;
        clearTimeout(timer);
        stop();
        resolve(s);
      };
      const stop = t.core.docking.onChange(check);
      check(t.core.docking.state());
    });
  }
  const slotOf = (s: DockingState) => s.docks[0]?.slots[0];

  it('reads a pen that was busy at the next poll, and shows "busy" meanwhile', async () => {
    const seen: string[] = [];
    t.core.docking.onChange((s) => {
      const code = slotOf(s)?.error?.code;
      if (code && !seen.includes(code)) seen.push(code);
    });
    // 11 busy answers end the first session (the link asks again 10 times); the next one reads.
    t.core.docking.addManual(simulatedDock({ pens: [{ serial: 'BUSY-1', records: 25, busy: 13 }] }));
    const state = await waitFor((s) => slotOf(s)?.state === 'done');
    expect(seen).toEqual(['device.penBusy']);
    expect(slotOf(state)?.result).toMatchObject({ new: 25 });
    expect(rows('BUSY-1')).toHaveLength(25);
  }, 40_000);

  it('a single-slot dock without dock info: read, and read again when the pen comes back', async () => {
    t.core.docking.addManual(
      simulatedDock({
        pens: [{ serial: 'ONE-1', records: 10, clockOffsetSeconds: -1800, shiftAfterClockSet: 4 }],
        dockInfo: false,
        liftedMs: 400,
      }),
    );
    const first = await waitFor((s) => slotOf(s)?.state === 'done');
    expect(first.docks[0]?.slotCount).toBe(1);
    expect(slotOf(first)?.result).toMatchObject({ new: 10 });
    // Lifted out after its clock was set (identify: NAK 04), back with a new shift's four.
    const second = await waitFor((s) => slotOf(s)?.state === 'done' && slotOf(s)?.result?.new === 4);
    expect(codes(slotOf(second)!)).toEqual([]);
    expect(rows('ONE-1')).toHaveLength(14);
    expect(
      rows('ONE-1')
        .slice(10)
        .some((r) => r.flags.includes('timeBackwards')),
    ).toBe(false);
  });
});
