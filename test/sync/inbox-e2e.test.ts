// The 1177 inbox end to end: a coordinator on the workstation moves tomorrow's visit → the edit
// syncs up → the server tells the recipient in their 1177 inbox, at the producer stub, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOfCareId } from '../../integrations/patientportal/contract-v1.ts';
import { validateDocBook } from '../../integrations/patientportal/index.ts';
import { localDate } from '../../src/shared/domain/time.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { sequencePendingChanges } from '../../src/server/sync/sequencer.ts';
import { ok, withAdmin } from '../helpers/core.ts';
import { personalIdFor } from '../helpers/exchange-files.ts';
import { addRecipients, configure, startPortal, until, type Portal } from '../server/inbox/world.ts';
import { MUNICIPALITY_A, PROVIDER_A, install, startWorld, workstation, type World } from './helpers/world.ts';

let world: World;
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ active: [1] });
  world = await startWorld({ engine: 'pglite', dataDir: null }, undefined, { inbox: {} });
  await configure(world.fx.server.ctx, portal.settings());
  await addRecipients(world.fx.server.ctx, [1]);
  const db = world.fx.server.ctx.database.db;
  await putEntity(db, PROVIDER_A, 'staff', { id: 'st-1', name: 'Stina Test', active: true });
  await sequencePendingChanges(db);
}, 60_000);
afterAll(async () => {
  await world?.close();
  await portal?.fake.close();
});

describe('the 1177 inbox end to end', () => {
  it('a visit moved tomorrow reaches the recipient’s inbox once', async () => {
    const ws = await workstation();
    try {
      await install(world, ws, MUNICIPALITY_A, PROVIDER_A);
      await ws.core.sync.runOnce();
      const c = ws.core.connect();
      const session = await withAdmin(c);
      await ok(c, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
      const tomorrow = localDate(Date.now() + 86_400_000, 'Europe/Stockholm');
      const visit = { recipientId: 'r-1', orderId: null, staffIds: ['st-1'], date: tomorrow, tasks: [] };
      const plan = await ok(c, 'plans.save', { ...visit, start: '10:00', end: '10:30' });
      await ws.core.sync.runOnce();
      await world.fx.server.inbox!.pass();
      // A new visit is nothing to tell.
      expect(portal.fake.requests).toEqual([]);

      await ok(c, 'plans.save', { ...visit, id: plan.id, start: '13:00', end: '13:30' });
      await ws.core.sync.runOnce();
      await ws.core.sync.runOnce();
      await world.fx.server.inbox!.pass();
      await until('the inbox message', () => portal.fake.inbox.length === 1);
      const m = portal.fake.inbox[0]!;
      expect(m.subjectOfCareId).toBe(subjectOfCareId(personalIdFor(1)));
      expect(m.description).toBe('Ändrad tid för ditt hemtjänstbesök');
      expect(m.messageText).toMatch(/kl\. 10:00–10:30 är flyttat till .+ kl\. 13:00–13:30\./);
      expect(validateDocBook(m.messageText)).toEqual({ ok: true });
      expect(portal.fake.invalid).toEqual([]);
      await world.fx.server.inbox!.pass();
      await new Promise((r) => setTimeout(r, 500));
      expect(portal.fake.inbox).toHaveLength(1);
    } finally {
      await ws.cleanup();
    }
  }, 60_000);
});
