// Up and down against the real server: batches, per-item answers, quarantine of a poison item
// while the rest flows, pulled rows with tombstones, cursor expiry → full resync without losing
// local work, reconciliation after the server lost items, and the clock offset.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteEntity, purgeTombstones, putEntity } from '../../src/server/sync/entities.ts';
import { uuidv7 } from '../../src/main/ids.ts';
import { ok, withAdmin } from '../helpers/core.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  addRegistrations,
  install,
  outboxStates,
  startWorld,
  workstation,
  type World,
} from './helpers/world.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const serverIds = async (ids: string[]): Promise<number> => {
  const r = await world.fx.server.ctx.database.db.execute(
    sql`select count(*)::int as n from pushed_items where id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]?.n);
};

describe('push', () => {
  it('sends 1,234 registrations in batches, quarantines a poison item while the rest flows, and retries it once fixed', async () => {
    const tc = await workstation();
    try {
      await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      const db = tc.core.database.sqlite;
      const good = addRegistrations(db, 1233);
      // A tag UID the server cannot take ("ZZ" is not hex): a poison item.
      const [poison] = addRegistrations(db, 1, () => ({ tagUid: 'ZZ' }));
      const more = addRegistrations(db, 10);
      const r = await tc.core.sync.runOnce();
      expect(r).toEqual({ accepted: 1243, duplicate: 0, rejected: 1, pulled: 0 });
      expect(outboxStates(db)).toEqual({ sent: 1243, quarantined: 1 });
      expect(await serverIds([...good, ...more])).toBe(1243);

      const client = tc.core.connect();
      await withAdmin(client);
      const list = await ok(client, 'sync.quarantine.list', {});
      expect(list.items).toEqual([
        expect.objectContaining({
          kind: 'registration',
          itemId: poison,
          code: 'sync.invalidItem',
          attempts: 1,
        }),
      ]);
      expect(tc.core.sync.status()).toMatchObject({ waiting: 0, quarantined: 1 });

      // Sending it again is idempotent for the rest; the fixed item goes through on retry.
      db.prepare('update registrations set tag_uid = ? where id = ?').run('04AABBCCDD', poison);
      expect(await ok(client, 'sync.quarantine.retry', { ids: [list.items[0]!.outboxId] })).toEqual({
        retried: 1,
      });
      expect(await ok(client, 'sync.now', {})).toMatchObject({ accepted: 1, rejected: 0 });
      expect(outboxStates(db)).toEqual({ sent: 1244 });

      // The same items once more (e.g. a crash after the server committed): duplicates, not doubles.
      db.prepare(`update outbox set state = 'pending' where id <= 100`).run();
      expect(await tc.core.sync.runOnce()).toMatchObject({ accepted: 0, duplicate: 100 });
    } finally {
      await tc.cleanup();
    }
  });

  it('converts the local form to the wire form (tag UID case, task code, corrected time)', async () => {
    const tc = await workstation();
    try {
      await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      const [plain] = addRegistrations(tc.core.database.sqlite, 1, () => ({ taskCode: 117, kind: 'task' }));
      const [skewed] = addRegistrations(tc.core.database.sqlite, 1, () => ({
        penTime: '2026-03-02T08:00:00.000Z',
        correctedTime: '2026-03-02T08:20:00.000Z',
        flags: '["clockCorrected"]',
      }));
      await tc.core.sync.runOnce();
      const r = await world.fx.server.ctx.database.db.execute(
        sql`select id::text, payload from pushed_items where id = any(${`{${plain},${skewed}}`}::uuid[])`,
      );
      const rows = (r as unknown as { rows: { id: string; payload: Record<string, unknown> }[] }).rows;
      const byId = Object.fromEntries(rows.map((x) => [x.id, x.payload]));
      expect(byId[plain!]).toMatchObject({
        taskCode: '117',
        correctedTime: null,
        tagUid: expect.stringMatching(/^[0-9a-f]+$/),
      });
      expect(byId[skewed!]).toMatchObject({
        correctedTime: '2026-03-02T08:20:00.000Z',
        flags: ['clockCorrected'],
      });
    } finally {
      await tc.cleanup();
    }
  });
});

describe('pull', () => {
  it('applies rows and tombstones, resyncs on an expired cursor, and keeps local unsent work', async () => {
    const tc = await workstation();
    const db = world.fx.server.ctx.database.db;
    const P = PROVIDER_A;
    try {
      await install(world, tc, MUNICIPALITY_A, P);
      const local = tc.core.database.sqlite;
      await putEntity(db, P, 'recipient', {
        id: 'r-1',
        displayName: 'Astrid Larsson',
        personalIdentityNumber: '19380412-1238',
        protectedIdentity: false,
        address: 'Storgatan 1',
      });
      await putEntity(db, P, 'recipient', {
        id: 'r-2',
        displayName: 'Bo Ek',
        personalIdentityNumber: null,
        protectedIdentity: true,
        address: null,
      });
      await putEntity(db, P, 'order', {
        id: 'o-1',
        recipientId: 'r-1',
        services: [
          { code: 'DUSCH', name: 'Dusch', grantedMinutesPerMonth: 240 },
          { code: 'INK', name: 'Inköp', grantedMinutesPerMonth: 120 },
        ],
        validFrom: '2026-01-01',
        validTo: null,
      });
      await putEntity(db, P, 'tag', { id: '04a1b2c3d4', recipientId: 'r-1', label: 'Ytterdörr' });
      await putEntity(db, P, 'staff', { id: 'staff-9', name: 'Sara Nilsson', active: true });
      const planId = '0195f0a0-0000-7000-8000-000000000001';
      const plan = {
        id: planId,
        recipientId: 'r-1',
        orderId: 'o-1',
        staffIds: ['staff-9'],
        plannedStart: '2026-03-02T08:00:00Z',
        plannedEnd: '2026-03-02T08:30:00Z',
        tasks: ['DUSCH'],
        status: 'planned' as const,
        editedAt: '2026-03-01T10:00:00Z',
        editedBy: 'planner@a',
      };
      await putEntity(db, P, 'plan', plan);
      expect((await tc.core.sync.runOnce()).pulled).toBe(6);
      expect(
        local.prepare(`select id, name, personal_id as pid, source from recipients order by id`).all(),
      ).toEqual([
        { id: 'r-1', name: 'Astrid Larsson', pid: '19380412-1238', source: 'server' },
        { id: 'r-2', name: 'Bo Ek', pid: null, source: 'server' },
      ]);
      expect(
        local.prepare(`select code, granted_minutes_per_month as m from order_services order by code`).all(),
      ).toEqual([
        { code: 'DUSCH', m: 240 },
        { code: 'INK', m: 120 },
      ]);
      expect(local.prepare(`select uid, recipient_id as r, label from tags`).all()).toEqual([
        { uid: '04A1B2C3D4', r: 'r-1', label: 'Ytterdörr' },
      ]);
      expect(
        local.prepare(`select staff_ids as s, source from visit_plans where id = ?`).get(planId),
      ).toEqual({
        s: '["staff-9"]',
        source: 'server',
      });

      // Changes and a tombstone, in order; an order's services replaced, not merged.
      await putEntity(db, P, 'order', {
        id: 'o-1',
        recipientId: 'r-1',
        services: [{ code: 'DUSCH', name: 'Dusch', grantedMinutesPerMonth: 300 }],
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      });
      await deleteEntity(db, P, 'tag', '04a1b2c3d4');
      expect((await tc.core.sync.runOnce()).pulled).toBe(2);
      expect(local.prepare(`select code, granted_minutes_per_month as m from order_services`).all()).toEqual([
        { code: 'DUSCH', m: 300 },
      ]);
      expect(local.prepare(`select count(*) as n from tags`).get()).toEqual({ n: 0 });

      // This PC edits the plan (unsent: the server is unreachable for a while) and queues
      // registrations; meanwhile the server deletes r-2 and purges the tombstone, so this PC's
      // cursor expires.
      const editId = uuidv7();
      const { id: _planRowId, ...planFields } = plan;
      const payload = {
        type: 'visitPlan',
        id: editId,
        planId,
        ...planFields,
        tasks: ['DUSCH', 'INK'],
        editedAt: '2026-03-01T12:00:00.000Z',
        editedBy: 'anna',
      };
      local.transaction(() => {
        local
          .prepare(
            `update visit_plans set tasks = ?, edited_at = ?, edited_by = ?, source = 'local' where id = ?`,
          )
          .run('["DUSCH","INK"]', payload.editedAt, 'anna', planId);
        local
          .prepare(`insert into visit_plan_edits (id, plan_id, payload, edited_at) values (?, ?, ?, ?)`)
          .run(editId, planId, JSON.stringify(payload), payload.editedAt);
        local.prepare(`insert into outbox (kind, item_id) values ('visitPlan', ?)`).run(editId);
      })();
      const queued = addRegistrations(local, 20);
      await deleteEntity(db, P, 'recipient', 'r-2');
      await putEntity(db, P, 'staff', { id: 'staff-10', name: 'Ny Person', active: true });
      await putEntity(db, P, 'plan', { ...plan, editedAt: '2026-03-01T11:00:00Z', tasks: [] }); // older than ours
      // Pull first, so the local edit is still unsent when the resync runs.
      const pendingBefore = outboxStates(local).pending;
      await purgeTombstones(db, new Date(Date.now() + 60_000));
      tc.core.database.sqlite
        .prepare(`update outbox set next_attempt_at = '2999-01-01T00:00:00Z' where state = 'pending'`)
        .run();
      const r = await tc.core.sync.runOnce();
      expect(r.accepted).toBe(0);
      expect(outboxStates(local).pending).toBe(pendingBefore); // outbox untouched by the resync
      expect(local.prepare(`select id from recipients order by id`).all()).toEqual([{ id: 'r-1' }]); // r-2 swept
      expect(local.prepare(`select name from staff where id = 'staff-10'`).get()).toEqual({
        name: 'Ny Person',
      });
      expect(local.prepare(`select tasks, source from visit_plans where id = ?`).get(planId)).toEqual({
        tasks: '["DUSCH","INK"]',
        source: 'local',
      });
      expect(tc.core.sync.status().error).toBeNull();

      // Once sent, the local edit wins on the server too and comes back down as the server's.
      local.prepare(`update outbox set next_attempt_at = null`).run();
      const sent = await tc.core.sync.runOnce();
      expect(sent.accepted).toBe(queued.length + 1);
      await tc.core.sync.runOnce();
      expect(local.prepare(`select tasks, source from visit_plans where id = ?`).get(planId)).toEqual({
        tasks: '["DUSCH","INK"]',
        source: 'server',
      });
    } finally {
      await tc.cleanup();
    }
  });
});

describe('reconciliation and clock', () => {
  it('re-enqueues what the server lost and sends it again', async () => {
    const tc = await workstation();
    try {
      await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      const ids = addRegistrations(tc.core.database.sqlite, 300);
      await tc.core.sync.runOnce();
      // The server is restored from a backup that lacks 17 of them.
      const lost = ids.filter((_, i) => i % 17 === 0);
      await world.fx.server.ctx.database.db.execute(
        sql`delete from pushed_items where id = any(${`{${lost.join(',')}}`}::uuid[])`,
      );
      const client = tc.core.connect();
      await withAdmin(client);
      const r = await ok(client, 'sync.reconcile', {});
      expect(r.reEnqueued).toBe(lost.length);
      expect(r.daysDiffering).toBeGreaterThan(0);
      expect(tc.core.sync.status().waiting).toBe(lost.length);
      expect(await tc.core.sync.runOnce()).toMatchObject({ accepted: lost.length, duplicate: 0 });
      expect(await serverIds(ids)).toBe(ids.length);
      expect(await ok(client, 'sync.reconcile', {})).toMatchObject({ daysDiffering: 0, reEnqueued: 0 });
    } finally {
      await tc.cleanup();
    }
  });

  it('estimates the server clock offset, shows the skew, and never refuses for it', async () => {
    const skewed = await startWorld(
      { engine: 'pglite', dataDir: null },
      () => new Date(Date.now() - 10 * 60_000),
    );
    const tc = await workstation();
    try {
      await install(skewed, tc, MUNICIPALITY_A, PROVIDER_A);
      addRegistrations(tc.core.database.sqlite, 5);
      expect(await tc.core.sync.runOnce()).toMatchObject({ accepted: 5 });
      const s = tc.core.sync.status();
      expect(Math.abs((s.serverOffsetMs ?? 0) + 600_000)).toBeLessThan(2_000);
      expect(s.clockSkewed).toBe(true);
    } finally {
      await tc.cleanup();
      await skewed.close();
    }
  });
});
