import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, failure, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { at, seedPeople, seedRegistration } from '../helpers/seed.ts';

let t: TestCore;
let admin: ReturnType<TestCore['core']['connect']>;
beforeEach(async () => {
  t = await startTestCore({ watchDevices: false });
  admin = t.core.connect();
  const session = await withAdmin(admin);
  await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
  seedPeople(t.core.database.sqlite);
});
afterEach(async () => {
  await t.cleanup();
});

function day(sqlite = t.core.database.sqlite) {
  // One morning: Anna visits r-1 properly, forgets to arrive at r-3, Bo visits r-2 (protected).
  const ids = {
    a1: seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:00'),
      kind: 'arrive',
    }),
    d1: seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:45'),
      kind: 'depart',
    }),
    d3: seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-3',
      tagUid: 'CCCCCCCC',
      time: at('2026-05-12', '10:30'),
      kind: 'depart',
    }),
    a2: seedRegistration(sqlite, {
      staffId: 's-bo',
      recipientId: 'r-2',
      tagUid: 'BBBBBBBB',
      time: at('2026-05-12', '09:00'),
      kind: 'arrive',
    }),
    d2: seedRegistration(sqlite, {
      staffId: 's-bo',
      recipientId: 'r-2',
      tagUid: 'BBBBBBBB',
      time: at('2026-05-12', '09:30'),
      kind: 'depart',
    }),
  };
  return ids;
}

describe('registrations and corrections', () => {
  it('lists a day unmatched first, explains deviations, and fixes one with a correction', async () => {
    const ids = day();
    const list = await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(list.total).toBe(5);
    expect(list.unmatched).toBe(1);
    expect(list.rows[0]).toMatchObject({ id: ids.d3, deviations: ['unmatchedDepart'] });
    expect(list.rows.find((r) => r.id === ids.a2)?.recipient).toEqual({ id: 'r-2', name: '', masked: true });

    // The departure at r-3 had no arrival: register the missed arrival by hand.
    await ok(admin, 'corrections.create', {
      correctsId: null,
      reason: 'Glömde registrera ankomst',
      changes: {
        time: { date: '2026-05-12', time: '10:00' },
        kind: 'arrive',
        staffId: 's-anna',
        recipientId: 'r-3',
      },
    });
    const after = await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(after.unmatched).toBe(0);
    expect(after.total).toBe(6);
    const visits = await ok(admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits.visits.map((v) => v.minutes).sort()).toEqual([30, 30, 45]);

    // Moving a departure is a new record; the original stays, marked corrected.
    await ok(admin, 'corrections.create', {
      correctsId: ids.d1,
      reason: 'Fel tid på pennan',
      changes: { time: { date: '2026-05-12', time: '08:50' } },
    });
    const moved = await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    const d1 = moved.rows.find((r) => r.id === ids.d1)!;
    expect(d1.corrected).toBe(true);
    expect(d1.penTime).toBe(at('2026-05-12', '08:45'));
    expect(d1.time).toBe(at('2026-05-12', '08:50'));
    expect(await ok(admin, 'corrections.forRegistration', { registrationId: ids.d1 })).toHaveLength(1);
    const pending = t.core.database.sqlite
      .prepare("select kind, count(*) as n from outbox where state = 'pending' group by kind order by kind")
      .all();
    expect(pending).toEqual([
      { kind: 'correction', n: 2 },
      { kind: 'registration', n: 6 },
    ]);
  });

  it('pairs again when a plan, a correction or a registration changes, whatever else was written', async () => {
    const ids = day();
    const a1Deviations = async () =>
      (await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' })).rows.find(
        (r) => r.id === ids.a1,
      )!.deviations;
    expect(await a1Deviations()).toEqual(['unplanned']);
    // Writes pairing does not read (an audit entry, a language) keep what was paired.
    await ok(admin, 'recipients.get', { id: 'r-1' });
    expect(await a1Deviations()).toEqual(['unplanned']);

    const plan = {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      tasks: [],
    };
    const saved = await ok(admin, 'plans.save', plan);
    expect(await a1Deviations()).toEqual([]);
    await ok(admin, 'plans.save', { ...plan, id: saved.id, start: '15:00', end: '15:30' });
    expect(await a1Deviations()).toEqual(['unplanned']);
    await ok(admin, 'plans.save', { ...plan, id: saved.id });
    expect(await a1Deviations()).toEqual([]);
    await ok(admin, 'plans.cancel', { id: saved.id });
    expect(await a1Deviations()).toEqual(['unplanned']);
    // Removed outright (as sync does with a plan the server no longer has).
    const again = await ok(admin, 'plans.save', plan);
    expect(await a1Deviations()).toEqual([]);
    t.core.database.sqlite.prepare('delete from visit_plans where id = ?').run(again.id);
    expect(await a1Deviations()).toEqual(['unplanned']);

    await ok(admin, 'corrections.create', {
      correctsId: ids.a1,
      reason: 'Fel brukare',
      changes: { recipientId: 'r-3' },
    });
    expect(await a1Deviations()).toEqual(['unmatchedArrive']);
    // A docked registration: the arrival at r-3 now has its departure.
    const d = seedRegistration(t.core.database.sqlite, {
      staffId: 's-anna',
      recipientId: 'r-3',
      tagUid: 'CCCCCCCC',
      time: at('2026-05-12', '08:30'),
      kind: 'depart',
    });
    expect(await a1Deviations()).toEqual(['unplanned']);
    // The app never changes a stored registration, but if anything did, pairing would notice.
    t.core.database.sqlite.prepare("update registrations set kind = 'arrive' where id = ?").run(d);
    expect(await a1Deviations()).toEqual(['unmatchedArrive']);
  });

  it('keeps a voided registration in the list, struck through, and out of pairing', async () => {
    const ids = day();
    await ok(admin, 'corrections.create', {
      correctsId: ids.d3,
      reason: 'Fel tagg',
      changes: { void: true },
    });
    const list = await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(list.total).toBe(5);
    expect(list.unmatched).toBe(0);
    expect(list.rows.filter((r) => r.voided).map((r) => r.id)).toEqual([ids.d3]);
    expect(list.rows.find((r) => r.id === ids.d3)).toMatchObject({ corrected: true, deviations: [] });
  });

  it('lists the task codes registered inside each visit, and none outside it', async () => {
    const ids = day();
    const sqlite = t.core.database.sqlite;
    const task = (time: string, code: number) => {
      const id = seedRegistration(sqlite, {
        staffId: 's-anna',
        recipientId: 'r-1',
        tagUid: 'AAAAAAAA',
        time: at('2026-05-12', time),
        kind: 'task',
      });
      sqlite.prepare('update registrations set task_code = ? where id = ?').run(code, id);
    };
    task('08:10', 7);
    task('08:20', 12);
    task('09:10', 99); // after Anna left r-1: outside any visit
    const { visits } = await ok(admin, 'visits.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(visits.find((v) => v.id === `v:${ids.a1}`)?.taskCodes).toEqual([7, 12]);
    expect(visits.find((v) => v.id === `v:${ids.a2}`)?.taskCodes).toEqual([]);
  });

  it('locks an attested month against corrections until an admin reopens it', async () => {
    const ids = day();
    const attestation = await ok(admin, 'attestations.create', { month: '2026-05' });
    expect(attestation.registrationCount).toBe(5);
    expect(await failure(admin, 'attestations.create', { month: '2026-05' })).toBe('attest.already');
    expect(
      await failure(admin, 'corrections.create', {
        correctsId: ids.d1,
        reason: 'sen ändring',
        changes: { void: true },
      }),
    ).toBe('attest.locked');
    const rows = await ok(admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(rows.rows.every((r) => r.attested)).toBe(true);
    await ok(admin, 'attestations.reopen', { id: attestation.id, reason: 'Kommunen begärde rättelse' });
    await ok(admin, 'corrections.create', {
      correctsId: ids.d1,
      reason: 'sen ändring',
      changes: { void: true },
    });
    const actions = (await ok(admin, 'audit.list', { limit: 50 })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['attestations.create', 'attestations.reopen', 'corrections.create']),
    );
  });
});

describe('protected identity', () => {
  it('masks a protected recipient without the right and logs every opening', async () => {
    const masked = await ok(admin, 'recipients.get', { id: 'r-2' });
    expect(masked).toMatchObject({ masked: true, name: '', address: null, personalId: null });
    const me = (await ok(admin, 'users.list', {}))[0]!;
    await ok(admin, 'users.update', { id: me.id, seeProtected: true });
    expect(await ok(admin, 'recipients.get', { id: 'r-2' })).toMatchObject({
      masked: false,
      name: 'Skyddad Person',
      address: 'Hemlig väg 2',
    });
    const opened = (await ok(admin, 'audit.list', { limit: 50 })).filter(
      (a) => a.action === 'recipients.open',
    );
    expect(opened).toHaveLength(2);
    expect(JSON.stringify(opened)).not.toContain('19121212');
  });
});

describe('planning', () => {
  it('saves a plan with warnings for overlap, validity and granted time', async () => {
    const first = await ok(admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      tasks: ['PO'],
    });
    expect(first.warnings).toEqual([]);
    const clash = await ok(admin, 'plans.save', {
      recipientId: 'r-2',
      orderId: 'o-2',
      staffIds: ['s-anna', 's-bo'],
      date: '2026-05-12',
      start: '08:30',
      end: '09:00',
      tasks: [],
    });
    expect(clash.warnings.map((w) => w.code)).toContain('plan.overlap');
    const outside = await ok(admin, 'plans.save', {
      recipientId: 'r-3',
      orderId: 'o-3',
      staffIds: ['s-bo'],
      date: '2026-06-02',
      start: '08:00',
      end: '08:30',
      tasks: [],
    });
    expect(outside.warnings.map((w) => w.code)).toContain('plan.outsideOrder');
    const big = await ok(admin, 'plans.save', {
      recipientId: 'r-3',
      orderId: 'o-3',
      staffIds: ['s-bo'],
      date: '2026-05-20',
      start: '08:00',
      end: '14:00',
      tasks: [],
    });
    expect(big.warnings.map((w) => w.code)).toContain('plan.overGranted');
    // Moving the clash away clears its warning; the edit goes to the outbox, the plan stays one row.
    const moved = await ok(admin, 'plans.save', {
      id: clash.id,
      recipientId: 'r-2',
      orderId: 'o-2',
      staffIds: ['s-bo'],
      date: '2026-05-12',
      start: '11:00',
      end: '11:30',
      tasks: [],
    });
    expect(moved.warnings).toEqual([]);
    const listed = await ok(admin, 'plans.list', { from: '2026-05-11', to: '2026-05-17' });
    expect(listed.plans.map((p) => p.recipient.id).sort()).toEqual(['r-1', 'r-2']);
    expect(
      t.core.database.sqlite.prepare("select count(*) from outbox where kind = 'visitPlan'").pluck().get(),
    ).toBe(5);
  });

  it('generates recurring visits from an order inside its validity, across the DST change', async () => {
    const result = await ok(admin, 'plans.generate', {
      orderId: 'o-1',
      from: '2026-03-23',
      to: '2026-04-05',
      weekdays: [1, 3, 5],
      start: '07:30',
      minutes: 30,
      staffIds: ['s-anna'],
      tasks: ['PO'],
    });
    expect(result.created).toBe(6);
    const { plans } = await ok(admin, 'plans.list', { from: '2026-03-23', to: '2026-04-05' });
    const local = plans.map((p) =>
      new Date(p.start).toLocaleTimeString('sv-SE', {
        timeZone: 'Europe/Stockholm',
        hour: '2-digit',
        minute: '2-digit',
      }),
    );
    expect(new Set(local)).toEqual(new Set(['07:30']));
    const summary = await ok(admin, 'plans.summary', { month: '2026-03' });
    expect(summary.find((s) => s.recipient.id === 'r-1')).toMatchObject({
      grantedMinutes: 720,
      plannedMinutes: 120,
    });
  });
});

describe('billing basis', () => {
  it('exports the same numbers as it shows, as Swedish spreadsheets read them, with no formula', async () => {
    day();
    await ok(admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '09:00',
      tasks: ['PO'],
    });
    const basis = await ok(admin, 'billing.basis', { month: '2026-05' });
    const r1po = basis.rows.find((r) => r.recipient.id === 'r-1' && r.serviceCode === 'PO')!;
    expect(r1po).toMatchObject({ grantedMinutes: 600, plannedMinutes: 60, performedMinutes: 45 });
    const r3 = basis.rows.find((r) => r.recipient.id === 'r-3')!;
    expect(r3.grantedMinutes).toBe(220); // 22 of 31 days valid
    expect(basis.weeks.reduce((s, w) => s + w.performedMinutes, 0)).toBe(75);

    const csv = await ok(admin, 'billing.export', { month: '2026-05', format: 'csv' });
    const bytes = Buffer.from(csv.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.toString('utf8').slice(1), { delimiter: ';', columns: true }) as Record<
      string,
      string
    >[];
    const row = records.find((r) => r['Brukar-ID'] === 'r-1' && r['Insatskod'] === 'PO')!;
    expect(row['Beviljad tid (h)']).toBe('10,00');
    expect(row['Planerad tid (h)']).toBe('1,00');
    expect(row['Utförd tid (h)']).toBe('0,75');
    const hostile = records.find((r) => r['Brukar-ID'] === 'r-3')!;
    expect(hostile['Brukare']!.startsWith("'=")).toBe(true);
    expect(records.find((r) => r['Brukar-ID'] === 'r-2')!['Brukare']).toBe('Skyddad identitet');

    const pdf = await ok(admin, 'billing.export', { month: '2026-05', format: 'pdf' });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('manual registrations', () => {
  it('are marked manual, not corrected', async () => {
    const created = await ok(admin, 'corrections.create', {
      correctsId: null,
      reason: 'Pennan glömd hemma',
      changes: {
        time: { date: '2026-05-13', time: '09:00' },
        kind: 'arrive',
        staffId: 's-bo',
        recipientId: 'r-1',
      },
    });
    const { rows } = await ok(admin, 'registrations.list', { from: '2026-05-13', to: '2026-05-13' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: created.correctsId,
      manual: true,
      corrected: false,
      penSerial: 'MANUAL',
      kind: 'arrive',
    });
    expect((await ok(admin, 'app.info', {})).timeZone).toBe('Europe/Stockholm');
  });
});
