// An attested month is locked against corrections until an administrator reopens it.
import { describe, expect, it } from 'vitest';
import { failure, ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('attestations', () => {
  it('locks an attested month against corrections until an admin reopens it', async () => {
    const ids = day(office.t.core.database.sqlite);
    const attestation = await ok(office.admin, 'attestations.create', { month: '2026-05' });
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
});
