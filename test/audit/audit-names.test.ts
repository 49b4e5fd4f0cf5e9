// The core writes only detail keys the audit view can name, and hands the view the names of the
// people its ids stand for.
import { describe, expect, it } from 'vitest';
import { auditDetailKeys } from '../../src/shared/domain/audit.ts';
import { ok } from '../helpers/core.ts';
import { day, useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('audit log', () => {
  it('writes only named detail keys, and names the people', async () => {
    day(office.t.core.database.sqlite);
    await ok(office.admin, 'settings.update', { idleLockSeconds: 900, attestOpenProblems: 'forbid' });
    await ok(office.admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
    });
    await ok(office.admin, 'settings.update', { attestOpenProblems: 'confirm' });
    await ok(office.admin, 'attestations.create', {
      month: '2026-05',
      acceptProblems: { unmatched: 1, unknownStaff: 0, unknownTag: 0 },
    });
    await ok(office.admin, 'billing.export', { month: '2026-05', format: 'csv' });
    const entries = await ok(office.admin, 'audit.list', { limit: 100 });
    const keys = new Set(entries.flatMap((e) => Object.keys(e.details)));
    expect([...keys].filter((k) => !(auditDetailKeys as readonly string[]).includes(k))).toEqual([]);
    const plan = entries.find((e) => e.action === 'plans.create')!;
    expect(plan.names['r-1']).toEqual({ name: 'Karin Karlsson', masked: false });
  });
});
