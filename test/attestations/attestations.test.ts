// An attested month is locked against corrections until an administrator reopens it.
import { describe, expect, it } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';
import { at, seedRegistration } from '../helpers/seed.ts';

const office = useOfficeCore();

describe('attestations', () => {
  it('locks an attested month against corrections until an admin reopens it', async () => {
    const ids = day(office.t.core.database.sqlite);
    const attestation = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: { unmatched: 1, unknownStaff: 0, unknownTag: 0 },
    });
    expect(attestation.registrationCount).toBe(5);
    expect(await failure(office.admin, 'attestations.create', { month: '2026-05' })).toBe('attest.already');
    expect(
      await failure(office.admin, 'corrections.create', {
        correctsId: ids.d1,
        reason: 'sen ändring',
        changes: { void: true },
      }),
    ).toBe('attest.locked');
    const rows = await ok(office.admin, 'registrations.list', { from: '2026-05-12', to: '2026-05-12' });
    expect(rows.rows.every((r) => r.attested)).toBe(true);
    await ok(office.admin, 'attestations.reopen', {
      id: attestation.id,
      reason: 'Kommunen begärde rättelse',
    });
    await ok(office.admin, 'corrections.create', {
      correctsId: ids.d1,
      reason: 'sen ändring',
      changes: { void: true },
    });
    const actions = (await ok(office.admin, 'audit.list', { limit: 50 })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['attestations.create', 'attestations.reopen', 'corrections.create']),
    );
  });

  it('names the open problems and attests only when the confirmation names exactly them', async () => {
    day(office.t.core.database.sqlite);
    seedRegistration(office.t.core.database.sqlite, {
      staffId: null,
      recipientId: null,
      tagUid: 'DEADBEEF',
      time: at('2026-05-13', '08:00'),
      kind: 'arrive',
      pen: 'PEN-9',
    });
    const preview = await ok(office.admin, 'attestations.preview', { month: '2026-05' });
    // The stray arrive is unmatched, of a pen with no staff and of a tag with no home.
    expect(preview.problems).toEqual({ unmatched: 2, unknownStaff: 1, unknownTag: 1 });
    expect(preview.forbidden).toBe(false);
    expect(await failure(office.admin, 'attestations.create', { month: '2026-05' })).toBe(
      'attest.openProblems',
    );
    expect(
      await failure(office.admin, 'attestations.create', {
        month: '2026-05',
        acceptProblems: { unmatched: 1, unknownStaff: 0, unknownTag: 0 },
      }),
    ).toBe('attest.openProblems');
    const list = await ok(office.admin, 'registrations.list', { from: '2026-05-01', to: '2026-05-31' });
    expect([list.unmatched, list.unknownStaff, list.unknownTag]).toEqual([2, 1, 1]);

    await ok(office.admin, 'settings.update', { attestOpenProblems: 'forbid' });
    expect((await ok(office.admin, 'attestations.preview', { month: '2026-05' })).forbidden).toBe(true);
    expect(
      await failure(office.admin, 'attestations.create', {
        month: '2026-05',
        acceptProblems: preview.problems,
      }),
    ).toBe('attest.problemsForbidden');

    await ok(office.admin, 'settings.update', { attestOpenProblems: 'confirm' });
    const made = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: preview.problems,
    });
    expect(made.openProblems).toEqual(preview.problems);
  });

  it('keeps the figures of the attest when registrations arrive later; a reopen and new attest make version 2', async () => {
    const sqlite = office.t.core.database.sqlite;
    day(sqlite);
    const accept = { unmatched: 1, unknownStaff: 0, unknownTag: 0 };
    const before = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    const first = await ok(office.admin, 'attestations.create', { month: '2026-05', acceptProblems: accept });
    expect(first.version).toBe(1);
    // A pen docked after the attest: a full visit at r-1 on the 20th.
    const late = [
      seedRegistration(sqlite, {
        staffId: 's-anna',
        recipientId: 'r-1',
        tagUid: 'AAAAAAAA',
        time: at('2026-05-20', '08:00'),
        kind: 'arrive',
      }),
      seedRegistration(sqlite, {
        staffId: 's-anna',
        recipientId: 'r-1',
        tagUid: 'AAAAAAAA',
        time: at('2026-05-20', '09:00'),
        kind: 'depart',
      }),
    ];
    const held = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    expect(held.rows).toEqual(before.rows);
    expect(held.weeks).toEqual(before.weeks);
    expect(held.attestation).toMatchObject({ id: first.id, version: 1, attestedBy: first.attestedBy });
    expect(held.lateRegistrations).toBe(2);
    const rows = await ok(office.admin, 'registrations.list', { from: '2026-05-20', to: '2026-05-20' });
    expect(rows.rows.map((r) => [r.id, r.attested, r.lateAfterAttest])).toEqual(
      late.map((id) => [id, true, true]),
    );
    expect((await ok(office.admin, 'attestations.list', {}))[0]!.lateRegistrations).toBe(2);
    const csv = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'csv' });
    expect(csv.filename).toBe('underlag-2026-05-v1.csv');

    await ok(office.admin, 'attestations.reopen', { id: first.id, reason: 'Sena registreringar' });
    const open = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    const r1 = (b: typeof open) => b.rows.find((r) => r.recipient.id === 'r-1' && r.serviceCode === 'PO')!;
    expect(r1(open).performedMinutes).toBe(r1(before).performedMinutes + 60);
    expect(open.attestation).toBeNull();

    const second = await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: accept,
    });
    expect(second.version).toBe(2);
    const now = await ok(office.admin, 'billing.basis', { month: '2026-05' });
    expect(r1(now).performedMinutes).toBe(r1(open).performedMinutes);
    expect(now.attestation?.version).toBe(2);
    expect(now.lateRegistrations).toBe(0);
    const csv2 = await ok(office.admin, 'billing.export', { month: '2026-05', format: 'csv' });
    expect(csv2.filename).toBe('underlag-2026-05-v2.csv');
    expect(Buffer.from(csv2.base64, 'base64').toString('utf8')).toContain(';2\r\n');
    const audit = await ok(office.admin, 'audit.list', { limit: 50 });
    expect(audit.filter((a) => a.action === 'attestations.create')).toHaveLength(2);
  });
});
