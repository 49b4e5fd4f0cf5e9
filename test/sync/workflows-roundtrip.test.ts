// The office and coordinator work through sync: orders the municipality publishes arrive in the coordinator's views, and
// a visit planned on one workstation goes up through the outbox and comes down on another of the
// same provider.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putEntity } from '../../src/server/sync/entities.ts';
import { ok, withAdmin } from '../helpers/core.ts';
import { MUNICIPALITY_A, PROVIDER_A, install, startWorld, workstation, type World } from './helpers/world.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('office work through sync', () => {
  it('imports orders as they arrive and round-trips a plan between two workstations', async () => {
    const db = world.fx.server.ctx.database.db;
    await putEntity(db, PROVIDER_A, 'recipient', {
      id: 'rt-1',
      displayName: 'Rut Test',
      personalIdentityNumber: null,
      protectedIdentity: false,
      address: null,
    });
    await putEntity(db, PROVIDER_A, 'staff', { id: 'st-1', name: 'Stina Test', active: true });
    await putEntity(db, PROVIDER_A, 'order', {
      id: 'ord-1',
      recipientId: 'rt-1',
      services: [{ code: 'PERS', name: 'Personlig omvårdnad', grantedMinutesPerMonth: 600 }],
      validFrom: '2026-01-01',
      validTo: null,
    });

    const a = await workstation();
    const b = await workstation();
    try {
      await install(world, a, MUNICIPALITY_A, PROVIDER_A);
      await install(world, b, MUNICIPALITY_A, PROVIDER_A);
      await a.core.sync.runOnce();
      const ca = a.core.connect();
      const sa = await withAdmin(ca);
      await ok(ca, 'users.update', { id: sa.user.id, roles: ['coordinator', 'admin'] });
      const orders = await ok(ca, 'orders.list', { recipientId: 'rt-1' });
      expect(orders).toEqual([
        expect.objectContaining({
          id: 'ord-1',
          validFrom: '2026-01-01',
          services: [expect.objectContaining({ code: 'PERS', grantedMinutesPerMonth: 600 })],
        }),
      ]);

      const plan = await ok(ca, 'plans.save', {
        recipientId: 'rt-1',
        orderId: 'ord-1',
        staffIds: ['st-1'],
        date: '2026-06-03',
        start: '08:00',
        end: '08:45',
        tasks: ['PERS'],
      });
      expect(plan.warnings).toEqual([]);
      const pushed = await a.core.sync.runOnce();
      expect(pushed.accepted).toBeGreaterThanOrEqual(1);

      await b.core.sync.runOnce();
      const cb = b.core.connect();
      const sb = await withAdmin(cb);
      await ok(cb, 'users.update', { id: sb.user.id, roles: ['coordinator', 'admin'] });
      const { plans } = await ok(cb, 'plans.list', { from: '2026-06-03', to: '2026-06-03' });
      expect(plans).toEqual([
        expect.objectContaining({
          id: plan.id,
          start: plan.start,
          end: plan.end,
          staffIds: ['st-1'],
          status: 'planned',
          // The services the plan took from its order come down with it.
          services: [expect.objectContaining({ code: 'PERS', minutes: 45 })],
        }),
      ]);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('sends each attest up with its version and the figures it attested', async () => {
    const a = await workstation();
    try {
      await install(world, a, MUNICIPALITY_A, PROVIDER_A);
      const ca = a.core.connect();
      const sa = await withAdmin(ca);
      await ok(ca, 'users.update', { id: sa.user.id, roles: ['office', 'admin'] });
      const problems = { unmatched: 0, unknownStaff: 0, unknownTag: 0 };
      const first = await ok(ca, 'attestations.create', { month: '2026-04', acceptProblems: problems });
      await ok(ca, 'attestations.reopen', { id: first.id, reason: 'Kommunen begärde rättelse' });
      const second = await ok(ca, 'attestations.create', { month: '2026-04', acceptProblems: problems });
      await a.core.sync.runOnce();

      const r = await world.fx.server.ctx.database.db.execute(
        sql`select id::text, payload from pushed_items where id = any(${`{${first.id},${second.id}}`}::uuid[])`,
      );
      const rows = (r as unknown as { rows: { id: string; payload: Record<string, unknown> }[] }).rows;
      const byId = Object.fromEntries(rows.map((x) => [x.id, x.payload]));
      const figures = { rows: expect.any(Array), weeks: expect.any(Array) };
      expect(byId[first.id]).toMatchObject({ type: 'attestation', version: 1, figures });
      expect(byId[second.id]).toMatchObject({ type: 'attestation', version: 2, figures });
    } finally {
      await a.cleanup();
    }
  });
});
