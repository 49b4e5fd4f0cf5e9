// What attesting a month locks and what it asks first: a month with nothing open is attested
// at once; each open problem must be confirmed by its own count; an attest for one recipient
// locks only that recipient, and only in its month; the errors and the audit log name the month,
// the attest and the problems; sync is woken so the attest goes up soon.
import { describe, expect, it, vi } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';
import { at, seedRegistration } from '../helpers/seed.ts';

const office = useOfficeCore();

async function refused(name: string, input: unknown) {
  const envelope = await office.admin.call(name, input);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
}

/** A full visit by Anna at r-1 on a date: nothing open. */
function visit(date: string) {
  const sqlite = office.t.core.database.sqlite;
  const arrive = seedRegistration(sqlite, {
    staffId: 's-anna',
    recipientId: 'r-1',
    tagUid: 'AAAAAAAA',
    time: at(date, '08:00'),
    kind: 'arrive',
  });
  const depart = seedRegistration(sqlite, {
    staffId: 's-anna',
    recipientId: 'r-1',
    tagUid: 'AAAAAAAA',
    time: at(date, '09:00'),
    kind: 'depart',
  });
  return { arrive, depart };
}

const auditOf = async (action: string) =>
  (await ok(office.admin, 'audit.list', { limit: 50 })).filter((a) => a.action === action);

describe('attesting a month', () => {
  it('with nothing open needs no confirmation, names no problems, and wakes sync', async () => {
    visit('2026-06-03');
    const woken = vi.spyOn(office.t.core.sync, 'outboxChanged');
    const preview = await ok(office.admin, 'attestations.preview', { month: '2026-06' });
    expect(preview.problems).toEqual({ unmatched: 0, unknownStaff: 0, unknownTag: 0 });
    const made = await ok(office.admin, 'attestations.create', { month: '2026-06' });
    expect(made.openProblems).toBeNull();
    expect(woken).toHaveBeenCalled();
    expect((await ok(office.admin, 'attestations.list', {})).map((a) => [a.id, a.openProblems])).toEqual([
      [made.id, null],
    ]);
    const [entry] = await auditOf('attestations.create');
    expect(entry).toMatchObject({ subject: '2026-06' });
    expect(entry!.details).toEqual({ recipientId: null, registrations: 2, version: 1 });
  });

  it('with open problems needs a confirmation that names each count as it is', async () => {
    day(office.t.core.database.sqlite);
    seedRegistration(office.t.core.database.sqlite, {
      staffId: null,
      recipientId: null,
      tagUid: 'DEADBEEF',
      time: at('2026-05-13', '08:00'),
      kind: 'arrive',
      pen: 'PEN-9',
    });
    const problems = { unmatched: 2, unknownStaff: 1, unknownTag: 1 };
    expect((await ok(office.admin, 'attestations.preview', { month: '2026-05' })).problems).toEqual(problems);
    for (const wrong of [
      { ...problems, unmatched: 1 },
      { ...problems, unknownStaff: 0 },
      { ...problems, unknownTag: 0 },
    ]) {
      expect(await refused('attestations.create', { month: '2026-05', acceptProblems: wrong })).toEqual({
        code: 'attest.openProblems',
        params: { month: '2026-05', ...problems },
      });
    }
    const made = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: problems,
    });
    expect(made.openProblems).toEqual(problems);
    const [entry] = await auditOf('attestations.create');
    expect(entry!.details).toEqual({ recipientId: null, registrations: 6, version: 1, ...problems });
  });

  it('a registration of a tag with no home is a problem to confirm, even when its staff is known', async () => {
    visit('2026-07-02');
    seedRegistration(office.t.core.database.sqlite, {
      staffId: 's-anna',
      recipientId: null,
      tagUid: 'DEADBEEF',
      time: at('2026-07-03', '08:00'),
      kind: 'arrive',
    });
    const { problems } = await ok(office.admin, 'attestations.preview', { month: '2026-07' });
    expect(problems).toEqual({ unmatched: 1, unknownStaff: 0, unknownTag: 1 });
    expect(await failure(office.admin, 'attestations.create', { month: '2026-07' })).toBe(
      'attest.openProblems',
    );
  });

  it('a registration of a pen with no staff is a problem to confirm, even at a known home', async () => {
    visit('2026-08-04');
    seedRegistration(office.t.core.database.sqlite, {
      staffId: null,
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-08-05', '08:00'),
      kind: 'arrive',
      pen: 'PEN-9',
    });
    const { problems } = await ok(office.admin, 'attestations.preview', { month: '2026-08' });
    expect(problems).toEqual({ unmatched: 1, unknownStaff: 1, unknownTag: 0 });
    expect(await failure(office.admin, 'attestations.create', { month: '2026-08' })).toBe(
      'attest.openProblems',
    );
  });

  it('twice is refused, naming the month', async () => {
    visit('2026-06-03');
    await ok(office.admin, 'attestations.create', { month: '2026-06' });
    expect(await refused('attestations.create', { month: '2026-06' })).toEqual({
      code: 'attest.already',
      params: { month: '2026-06' },
    });
  });
});

describe('what an attest locks', () => {
  it('an attest for one recipient locks that recipient’s registrations in its month, and nothing else', async () => {
    const ids = day(office.t.core.database.sqlite);
    const june = visit('2026-06-03');
    await ok(office.admin, 'attestations.create', { month: '2026-05', recipientId: 'r-1' });
    const correct = (correctsId: string) => ({ correctsId, reason: 'sen ändring', changes: { void: true } });
    expect(await refused('corrections.create', correct(ids.d1))).toEqual({
      code: 'attest.locked',
      params: { month: '2026-05' },
    });
    // Another recipient in the same month, and the same recipient in the next month, stay open.
    await ok(office.admin, 'corrections.create', correct(ids.d3));
    await ok(office.admin, 'corrections.create', correct(june.depart));
    const rows = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    const attested = Object.fromEntries(rows.rows.map((r) => [r.id, r.attested]));
    expect(attested[ids.a1]).toBe(true);
    expect(attested[ids.d1]).toBe(true);
    expect(attested[ids.d3]).toBe(false);
    expect(attested[ids.a2]).toBe(false);
  });
});

describe('reopening an attest', () => {
  it('is refused for an attest that does not exist, and for one already reopened', async () => {
    visit('2026-06-03');
    const made = await ok(office.admin, 'attestations.create', { month: '2026-06' });
    expect(
      await failure(office.admin, 'attestations.reopen', {
        id: '0190a3c2-7b1e-7d4f-8a6b-3f2e1d0c9b8a',
        reason: 'fel',
      }),
    ).toBe('workflow.notFound');
    await ok(office.admin, 'attestations.reopen', { id: made.id, reason: 'Kommunen begärde rättelse' });
    expect(await failure(office.admin, 'attestations.reopen', { id: made.id, reason: 'igen' })).toBe(
      'attest.notLocked',
    );
    const reopens = await auditOf('attestations.reopen');
    expect(reopens).toHaveLength(1);
    expect(reopens[0]).toMatchObject({
      subject: '2026-06',
      details: { attestation: made.id, recipientId: null, version: 1 },
    });
  });
});
