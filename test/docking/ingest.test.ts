// What ingest stores from a pen's batch, in-process: the time as the pen kept it and as corrected,
// which records a clock correction touches, the review flags each on its own, who carried the pen
// at the time, the pen's high-water mark and the signal that wakes sync. The pty and crash tests
// cover the same path through the bundled command; these pin the rules themselves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PenRecord, RejectedRecord } from '../../drivers/protocol/pen-dock-v1/record.ts';
import {
  addCounts,
  ingestStores,
  noCounts,
  planClock,
  RegistrationIngest,
  type ClockPlan,
} from '../../src/main/docking/ingest.ts';
import { startTestCore, type TestCore } from '../helpers/core.ts';

const PEN = 'P-ING-1';
const TAG = '04A1B2C3';
const BLANK_TAG = '04FFFF01';
const STRANGER_TAG = '04DEAD99';
/** 2026-06-01T08:00:00Z in the pen's Unix seconds. */
const T0 = Date.parse('2026-06-01T08:00:00Z') / 1000;
const NO_CORRECTION: ClockPlan = { offsetMs: 0, correctAll: false, correctResetRecords: false };

let t: TestCore;
let ingest: RegistrationIngest;
let session = 0;

beforeEach(async () => {
  t = await startTestCore({ watchDevices: false });
  const sqlite = t.core.database.sqlite;
  ingest = new RegistrationIngest(ingestStores(sqlite));
  sqlite
    .prepare(`insert into pens (serial, model, firmware, battery_percent) values (?, 'CD-P1', '1.0', 80)`)
    .run(PEN);
  sqlite.prepare(`insert into recipients (id, name) values ('rec-1', 'Greta')`).run();
  sqlite.prepare(`insert into tags (uid, recipient_id) values (?, 'rec-1'), (?, null)`).run(TAG, BLANK_TAG);
  sqlite.prepare(`insert into staff (id, name) values ('st-anna', 'Anna'), ('st-bo', 'Bo')`).run();
});
afterEach(async () => {
  await t.cleanup();
});

function assign(staffId: string, from: string, to: string | null): void {
  t.core.database.sqlite
    .prepare(`insert into pen_assignments (pen_serial, staff_id, valid_from, valid_to) values (?, ?, ?, ?)`)
    .run(PEN, staffId, from, to);
}

function record(seq: number, penTime: number, extra: Partial<PenRecord> = {}): PenRecord {
  return {
    seq,
    tagUid: TAG,
    penTime,
    kind: 'arrive',
    taskCode: 0,
    lowBattery: false,
    clockReset: false,
    ...extra,
  };
}

function newSession(): string {
  const id = `00000000-0000-7000-8000-${String(++session).padStart(12, '0')}`;
  t.core.database.sqlite
    .prepare(
      `insert into dock_sessions (id, pen_serial, dock, started_at, status) values (?, ?, 'test', ?, 'running')`,
    )
    .run(id, PEN, new Date().toISOString());
  return id;
}

function dock(records: PenRecord[], clock = NO_CORRECTION, rejected: RejectedRecord[] = []) {
  const id = newSession();
  return ingest
    .prepareSession(PEN)
    .commit(id, records, rejected, new Uint8Array([1, 2, 3]), clock, Date.now());
}

interface Row {
  sequence: number;
  penTime: string;
  correctedTime: string;
  flags: string[];
  staffId: string | null;
  recipientId: string | null;
  taskCode: number | null;
}

function rows(): Row[] {
  return (
    t.core.database.sqlite
      .prepare(
        `select sequence, pen_time as penTime, corrected_time as correctedTime, flags, staff_id as staffId,
                recipient_id as recipientId, task_code as taskCode
           from registrations where pen_serial = ? order by sequence`,
      )
      .all(PEN) as (Omit<Row, 'flags'> & { flags: string })[]
  ).map((r) => ({ ...r, flags: JSON.parse(r.flags) as string[] }));
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('the clock plan measured at identify', () => {
  it('a pen an hour fast is corrected by an hour back, all its records', () => {
    expect(planClock({ offsetSeconds: 3600, drifted: true, reset: false })).toEqual({
      offsetMs: -3_600_000,
      correctAll: true,
      correctResetRecords: false,
    });
  });

  it('a reset pen that drifted corrects only the records made since the reset', () => {
    expect(planClock({ offsetSeconds: -86_400, drifted: true, reset: true })).toEqual({
      offsetMs: 86_400_000,
      correctAll: false,
      correctResetRecords: true,
    });
  });

  it('a clock within the tolerance corrects nothing, reset or not', () => {
    for (const reset of [false, true])
      expect(planClock({ offsetSeconds: 120, drifted: false, reset })).toMatchObject({
        correctAll: false,
        correctResetRecords: false,
      });
  });
});

describe('the times stored', () => {
  beforeEach(() => assign('st-anna', '1970-01-01T00:00:00.000Z', null));

  it('keeps the pen time in seconds as it was, and moves the corrected time by the offset', () => {
    const counts = dock(
      [record(1, T0), record(2, T0 + 90)],
      planClock({ offsetSeconds: 3600, drifted: true, reset: false }),
    );
    expect(rows().map((r) => [r.penTime, r.correctedTime, r.flags])).toEqual([
      [iso(T0), iso(T0 - 3600), ['clockCorrected']],
      [iso(T0 + 90), iso(T0 + 90 - 3600), ['clockCorrected']],
    ]);
    expect(counts).toMatchObject({ inserted: 2, corrected: 2, resetUncorrected: 0, flagged: 2 });
  });

  it('an uncorrected record has its pen time as its corrected time', () => {
    dock([record(1, T0)]);
    expect(rows()[0]).toMatchObject({
      penTime: '2026-06-01T08:00:00.000Z',
      correctedTime: '2026-06-01T08:00:00.000Z',
    });
  });

  it('a reset clock corrects only the records the pen marked, and counts the others', () => {
    // The clock was reset to 1970 before records 2 and 3; record 1 was made on good time.
    const plan = planClock({ offsetSeconds: -(T0 - 1000), drifted: true, reset: true });
    const counts = dock(
      [record(1, T0 - 600), record(2, 100, { clockReset: true }), record(3, 160, { clockReset: true })],
      plan,
    );
    expect(rows().map((r) => [r.correctedTime, r.flags])).toEqual([
      [iso(T0 - 600), []],
      [iso(T0 - 900), ['clockReset', 'clockCorrected']],
      [iso(T0 - 840), ['clockReset', 'clockCorrected']],
    ]);
    expect(counts).toMatchObject({ corrected: 2, resetUncorrected: 0, flagged: 2 });
  });

  it('a pen that says "reset" but keeps good time: its marked records are left and counted as such', () => {
    const counts = dock(
      [record(1, T0, { clockReset: true }), record(2, T0 + 60)],
      planClock({ offsetSeconds: 30, drifted: false, reset: true }),
    );
    expect(rows().map((r) => [r.correctedTime, r.flags])).toEqual([
      [iso(T0), ['clockReset']],
      [iso(T0 + 60), []],
    ]);
    expect(counts).toMatchObject({ inserted: 2, corrected: 0, resetUncorrected: 1, flagged: 1 });
  });
});

describe('a clock that runs backwards', () => {
  beforeEach(() => assign('st-anna', '1970-01-01T00:00:00.000Z', null));

  it('a record more than a minute before the previous one is flagged, a minute or less is not', () => {
    const counts = dock([record(1, T0), record(2, T0 - 60), record(3, T0 - 60 - 61), record(4, T0)]);
    expect(rows().map((r) => r.flags)).toEqual([[], [], ['timeBackwards'], []]);
    expect(counts).toMatchObject({ backwards: 1, flagged: 1 });
  });

  it('compares with the last record stored from an earlier docking', () => {
    dock([record(1, T0)]);
    const counts = dock([record(2, T0 - 3600)]);
    expect(rows()[1]!.flags).toEqual(['timeBackwards']);
    expect(counts.backwards).toBe(1);
  });

  it('a record marked as made on a reset clock is neither compared nor the next one’s baseline', () => {
    dock([record(1, T0), record(2, 50, { clockReset: true }), record(3, T0 + 30)]);
    expect(rows().map((r) => r.flags)).toEqual([[], ['clockReset'], []]);
  });
});

describe('review flags, each on its own', () => {
  it('a tag CareDock does not know is unknownTag; a pen nobody carried is noStaff', () => {
    assign('st-anna', '2026-06-01T00:00:00.000Z', null);
    const counts = dock([record(1, T0, { tagUid: STRANGER_TAG }), record(2, T0 + 60)]);
    expect(counts).toMatchObject({ inserted: 2, flagged: 1 });
    const [stranger, known] = rows();
    expect(stranger).toMatchObject({ flags: ['unknownTag'], recipientId: null, staffId: 'st-anna' });
    expect(known).toMatchObject({ flags: [], recipientId: 'rec-1', staffId: 'st-anna' });
  });

  it('a known tag with nobody on it yet is not unknown; without an assignment it is noStaff', () => {
    const counts = dock([record(1, T0, { tagUid: BLANK_TAG })]);
    expect(rows()[0]).toMatchObject({ flags: ['noStaff'], recipientId: null, staffId: null });
    expect(counts).toMatchObject({ inserted: 1, flagged: 1 });
  });

  it('a low battery is noted but is no reason for review', () => {
    assign('st-anna', '2026-06-01T00:00:00.000Z', null);
    const counts = dock([record(1, T0, { lowBattery: true })]);
    expect(rows()[0]!.flags).toEqual(['lowBattery']);
    expect(counts).toMatchObject({ inserted: 1, flagged: 0 });
  });

  it('the same unknown tag twice in a batch is unknown both times', () => {
    assign('st-anna', '2026-06-01T00:00:00.000Z', null);
    dock([record(1, T0, { tagUid: STRANGER_TAG }), record(2, T0 + 60, { tagUid: STRANGER_TAG })]);
    expect(rows().map((r) => r.flags)).toEqual([['unknownTag'], ['unknownTag']]);
  });
});

describe('who carried the pen', () => {
  beforeEach(() => {
    assign('st-anna', '2026-06-01T06:00:00.000Z', '2026-06-01T12:00:00.000Z');
    assign('st-bo', '2026-06-01T12:00:00.000Z', null);
  });

  it('attributes each record to the assignment in force at its time, the end excluded', () => {
    dock([
      record(1, Date.parse('2026-06-01T05:59:59Z') / 1000),
      record(2, Date.parse('2026-06-01T06:00:00Z') / 1000),
      record(3, Date.parse('2026-06-01T11:59:59Z') / 1000),
      record(4, Date.parse('2026-06-01T12:00:00Z') / 1000),
      record(5, Date.parse('2026-06-03T12:00:00Z') / 1000),
    ]);
    expect(rows().map((r) => [r.staffId, r.flags])).toEqual([
      [null, ['noStaff']],
      ['st-anna', []],
      ['st-anna', []],
      ['st-bo', []],
      ['st-bo', []],
    ]);
  });

  it('an assignment ends at its end: a record then, before the next one begins, has nobody', () => {
    t.core.database.sqlite.prepare(`delete from pen_assignments`).run();
    assign('st-anna', '2026-06-01T06:00:00.000Z', '2026-06-01T12:00:00.000Z');
    assign('st-bo', '2026-06-01T13:00:00.000Z', null);
    dock([
      record(1, Date.parse('2026-06-01T11:59:59Z') / 1000),
      record(2, Date.parse('2026-06-01T12:00:00Z') / 1000),
      record(3, Date.parse('2026-06-01T13:00:00Z') / 1000),
    ]);
    expect(rows().map((r) => r.staffId)).toEqual(['st-anna', null, 'st-bo']);
  });

  it('by the corrected time, not the pen’s own', () => {
    // Pen time 12:30, but the pen ran an hour fast: made at 11:30, when Anna carried it.
    dock(
      [record(1, Date.parse('2026-06-01T12:30:00Z') / 1000)],
      planClock({ offsetSeconds: 3600, drifted: true, reset: false }),
    );
    expect(rows()[0]).toMatchObject({ staffId: 'st-anna', correctedTime: '2026-06-01T11:30:00.000Z' });
  });

  it('a later assignment that overlaps an open one wins for the time they share', () => {
    assign('st-anna', '2026-06-02T00:00:00.000Z', null);
    dock([record(1, Date.parse('2026-06-02T08:00:00Z') / 1000)]);
    expect(rows()[0]!.staffId).toBe('st-anna');
  });
});

describe('what a commit records', () => {
  it('a task keeps its code; arrive and depart have none', () => {
    dock([
      record(1, T0),
      record(2, T0 + 60, { kind: 'task', taskCode: 512 }),
      record(3, T0 + 120, { kind: 'depart' }),
    ]);
    expect(rows().map((r) => r.taskCode)).toEqual([null, 512, null]);
  });

  it('raises the pen’s high-water mark to the highest sequence, quarantined ones included, never lowers it', () => {
    expect(ingest.highestSeq(PEN)).toBe(0);
    dock([record(3, T0), record(7, T0 + 60), record(5, T0 + 120)]);
    expect(ingest.highestSeq(PEN)).toBe(7);
    const bad: RejectedRecord = {
      seq: 9,
      fault: 'kind',
      detail: 'unknown record kind 9',
      bytes: new Uint8Array([0, 0, 0, 9]),
    };
    const counts = dock([record(8, T0 + 180)], NO_CORRECTION, [bad]);
    expect(counts).toMatchObject({ inserted: 1, quarantined: 1, duplicates: 0 });
    expect(ingest.highestSeq(PEN)).toBe(9);
    dock([record(2, T0 - 60)]);
    expect(ingest.highestSeq(PEN)).toBe(9);
  });

  it('counts a re-read record and a re-read quarantined one as duplicates', () => {
    const bad: RejectedRecord = { seq: 4, fault: 'kind', detail: 'x', bytes: new Uint8Array([0, 0, 0, 4]) };
    dock([record(1, T0), record(2, T0 + 60)], NO_CORRECTION, [bad]);
    const again = dock([record(1, T0), record(2, T0 + 60), record(3, T0 + 120)], NO_CORRECTION, [bad]);
    expect(again).toEqual({ ...noCounts(), inserted: 1, duplicates: 3, flagged: 1 });
    expect(rows()).toHaveLength(3);
  });

  it('adds each new registration to the outbox, once', () => {
    const outbox = () =>
      t.core.database.sqlite.prepare(`select count(*) from outbox where kind = 'registration'`).pluck().get();
    dock([record(1, T0), record(2, T0 + 60)]);
    dock([record(2, T0 + 60)]);
    expect(outbox()).toBe(2);
  });

  it('wakes sync after a commit that stored something, and only then', () => {
    let wakes = 0;
    ingest.onInserted(() => wakes++);
    dock([record(1, T0)]);
    expect(wakes).toBe(1);
    dock([record(1, T0)]);
    expect(wakes).toBe(1);
    dock([]);
    expect(wakes).toBe(1);
    dock([record(2, T0 + 60), record(3, T0 + 120)]);
    expect(wakes).toBe(2);
  });

  it('sums a session’s batches field by field', () => {
    const total = noCounts();
    addCounts(total, {
      inserted: 2,
      duplicates: 1,
      flagged: 1,
      corrected: 1,
      resetUncorrected: 0,
      backwards: 0,
      quarantined: 1,
    });
    addCounts(total, {
      inserted: 3,
      duplicates: 0,
      flagged: 2,
      corrected: 0,
      resetUncorrected: 1,
      backwards: 1,
      quarantined: 0,
    });
    expect(total).toEqual({
      inserted: 5,
      duplicates: 1,
      flagged: 3,
      corrected: 1,
      resetUncorrected: 1,
      backwards: 1,
      quarantined: 1,
    });
  });
});
