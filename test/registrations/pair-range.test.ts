import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/main/ids.ts';
import {
  defaultRules,
  effectiveRegistrations,
  pair,
  pairingOrder,
  type CorrectionChanges,
  type StoredRegistration,
} from '../../src/main/registrations/pairing.ts';
import { pairingRead } from '../../src/main/registrations/data.ts';
import {
  pairingSources,
  pairRange,
  rangeBounds,
  registrationList,
} from '../../src/main/registrations/paired.ts';
import { startTestCore, type TestCore } from '../helpers/core.ts';
import { at, TZ } from '../helpers/seed.ts';

// pairRange reads only what pairing needs, with the instant and the keys computed by SQLite and
// only corrected rows read whole. This checks it against the plain way: every column of every
// row, corrections applied by effectiveRegistrations, then pair.

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore({ watchDevices: false });
});
afterAll(async () => {
  await t.cleanup();
});

// The day of the DST change in the autumn, so the range is 25 hours long.
const day = '2026-10-25';
const dayStart = Date.parse(at(day, '00:00'));

const arbDay = fc.record({
  registrations: fc.array(
    fc.record({
      // From the evening before to the morning after, to the millisecond; ties are likely.
      offsetMs: fc.oneof(
        fc.integer({ min: -14 * 3600_000, max: 38 * 3600_000 }),
        fc.constantFrom(0, 3 * 3600_000, 3 * 3600_000 + 1, 25 * 3600_000 - 1),
      ),
      kind: fc.constantFrom('arrive' as const, 'depart' as const, 'task' as const),
      staffId: fc.constantFrom('s-1', 's-2', null),
      recipientId: fc.constantFrom('r-1', 'r-2', null),
      pen: fc.constantFrom('PEN-A', 'PEN-B'),
    }),
    { maxLength: 60 },
  ),
  corrections: fc.array(
    fc.record({
      target: fc.nat(),
      manual: fc.boolean(),
      changes: fc.record(
        {
          correctedTime: fc.integer({ min: -14 * 3600_000, max: 38 * 3600_000 }),
          kind: fc.constantFrom('arrive' as const, 'depart' as const, 'task' as const),
          staffId: fc.constantFrom('s-1', 's-2', null),
          recipientId: fc.constantFrom('r-1', 'r-2', null),
          void: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    }),
    { maxLength: 12 },
  ),
});

type Day = typeof arbDay extends fc.Arbitrary<infer T> ? T : never;

function seed(d: Day): void {
  const sqlite = t.core.database.sqlite;
  sqlite.exec('delete from corrections; delete from registrations; delete from visit_plans;');
  const insert = sqlite.prepare(
    `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, null, ?)`,
  );
  const ids: string[] = [];
  d.registrations.forEach((r, i) => {
    const id = uuidv7();
    ids.push(id);
    const time = new Date(dayStart + r.offsetMs).toISOString();
    insert.run(
      id,
      r.pen,
      i + 1,
      'TAG-' + (i % 3),
      time,
      time,
      r.kind,
      r.kind === 'task' ? 7 : null,
      r.staffId,
      r.recipientId,
      time,
    );
  });
  const correct = sqlite.prepare(
    "insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (?, ?, 'test', ?, ?, 'u')",
  );
  const manualIds: string[] = [];
  d.corrections.forEach((c, i) => {
    const changes: CorrectionChanges = {
      ...c.changes,
      correctedTime:
        c.changes.correctedTime === undefined
          ? undefined
          : new Date(dayStart + c.changes.correctedTime).toISOString(),
    };
    const id = uuidv7();
    const targets = [...ids, ...manualIds];
    const correctsId = c.manual || targets.length === 0 ? null : targets[c.target % targets.length]!;
    if (correctsId === null) {
      // A manual registration names at least when and what.
      changes.correctedTime ??= new Date(dayStart + 8 * 3600_000 + i * 60_000).toISOString();
      changes.kind ??= 'arrive';
      manualIds.push(id);
    }
    correct.run(id, correctsId, JSON.stringify(changes), new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString());
  });
  sqlite
    .prepare(
      `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by)
       values ('p-1', 'r-1', null, '["s-1"]', ?, ?, '[]', 'planned', ?, 'u')`,
    )
    .run(at(day, '08:00'), at(day, '09:00'), at(day, '00:00'));
}

function reference(start: number, end: number) {
  const sqlite = t.core.database.sqlite;
  const margin = defaultRules.maxVisitMs;
  const stored = (
    sqlite.prepare('select * from registrations').all() as {
      id: string;
      staff_id: string | null;
      pen_serial: string;
      recipient_id: string | null;
      tag_uid: string;
      corrected_time: string;
      kind: StoredRegistration['kind'];
      task_code: number | null;
    }[]
  )
    .map<StoredRegistration>((r) => ({
      id: r.id,
      staffId: r.staff_id,
      penSerial: r.pen_serial,
      recipientId: r.recipient_id,
      tagUid: r.tag_uid,
      time: Date.parse(r.corrected_time),
      kind: r.kind,
      taskCode: r.task_code,
    }))
    .filter((r) => r.time >= start - margin && r.time < end + margin);
  const corrections = (
    sqlite.prepare('select id, corrects_id, changes, created_at from corrections').all() as {
      id: string;
      corrects_id: string | null;
      changes: string;
      created_at: string;
    }[]
  ).map((c) => ({
    id: c.id,
    correctsId: c.corrects_id,
    changes: JSON.parse(c.changes) as CorrectionChanges,
    createdAt: c.created_at,
  }));
  const effective = effectiveRegistrations(stored, corrections)
    .filter((r) => r.time >= start - margin && r.time < end + margin)
    .sort(pairingOrder);
  const plans = [
    {
      id: 'p-1',
      homeKey: 'r-1',
      staffKeys: ['s-1'],
      start: Date.parse(at(day, '08:00')),
      end: Date.parse(at(day, '09:00')),
    },
  ];
  return { effective, result: pair(effective, plans) };
}

describe('pairRange', () => {
  it('reads a day from the pairing index alone, already in pairing order', () => {
    const plan = (
      t.core.database.sqlite.prepare(`explain query plan ${pairingRead}`).all('a', 'b') as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan).toEqual([
      'SEARCH registrations USING COVERING INDEX registrations_pairing (corrected_time>? AND corrected_time<?)',
    ]);
  });

  it('pairs exactly what the plain read of every column pairs', () => {
    const { start, end } = rangeBounds({ from: day, to: day }, TZ);
    expect(end - start).toBe(25 * 3600_000);
    fc.assert(
      fc.property(arbDay, (d) => {
        seed(d);
        const fast = pairRange(pairingSources(t.core.database.sqlite), start, end);
        const plain = reference(start, end);
        expect(fast.registrations).toEqual(plain.effective);
        expect(fast.result.visits).toEqual(plain.result.visits);
        expect(fast.result.deviations).toEqual(plain.result.deviations);
        // Every registration of the day is listed once, voided ones included.
        const list = registrationList(fast, start, end, { onlyDeviations: false });
        const inDay = plain.effective.filter((r) => r.time >= start && r.time < end).length;
        const voidedInDay = fast.voided.filter((r) => r.time >= start && r.time < end).length;
        expect(new Set(list.entries).size).toBe(inDay + voidedInDay);
        expect(list.entries.length).toBe(inDay + voidedInDay);
      }),
      { numRuns: 60 },
    );
  });
});
