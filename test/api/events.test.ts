// Live events reach only clients that could read the same state with a call: logged in,
// unlocked, holding a role the matching procedure allows.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CoreClient } from '../../src/main/core.ts';
import type { EventMessage } from '../../src/shared/api/index.ts';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ watchDevices: false });
});
afterEach(async () => {
  await t.cleanup();
});

function listen(client: CoreClient): string[] {
  const seen: string[] = [];
  client.subscribe((m: EventMessage) => seen.push(m.event));
  return seen;
}

async function userClient(admin: CoreClient, username: string, roles: ('office' | 'coordinator')[]) {
  await ok(admin, 'users.create', { username, displayName: username, password: 'tillfälligt-lösen', roles });
  const client = t.core.connect();
  await ok(client, 'auth.login', { username, password: 'tillfälligt-lösen' });
  return client;
}

it('sends docking and sync events only to unlocked, logged-in clients allowed to see them', async () => {
  const admin = t.core.connect();
  await withAdmin(admin);
  const stranger = t.core.connect();
  const initial = await userClient(admin, 'ny', ['office']);
  const coordinator = await userClient(admin, 'cecilia', ['coordinator']);
  await ok(coordinator, 'auth.changePassword', {
    currentPassword: 'tillfälligt-lösen',
    newPassword: 'cecilias-eget-lösen',
  });
  const locked = await userClient(admin, 'lena', ['office']);
  await ok(locked, 'auth.changePassword', {
    currentPassword: 'tillfälligt-lösen',
    newPassword: 'lenas-eget-lösen',
  });
  await ok(locked, 'auth.lock', {});
  const office = await userClient(admin, 'olle', ['office']);
  await ok(office, 'auth.changePassword', {
    currentPassword: 'tillfälligt-lösen',
    newPassword: 'olles-eget-lösen',
  });

  const seen = {
    admin: listen(admin),
    stranger: listen(stranger),
    initial: listen(initial),
    coordinator: listen(coordinator),
    locked: listen(locked),
    office: listen(office),
  };
  // A sync status change and a docking change, each broadcast to everyone connected.
  await ok(admin, 'sync.setSourceAddress', { address: null });
  const docked = new Promise<void>((resolve) =>
    admin.subscribe((m) => {
      if (m.event === 'docking.changed') resolve();
    }),
  );
  await ok(admin, 'docking.attachSimulator', { pens: 1, records: 0 });
  await docked;

  const streams = (events: string[]) => [...new Set(events.filter((e) => e !== 'session.changed'))].sort();
  expect(streams(seen.admin)).toEqual(['docking.changed', 'sync.changed']);
  expect(streams(seen.office)).toEqual(['docking.changed', 'sync.changed']);
  // sync.status is for any session; docking.state is not for a coordinator.
  expect(streams(seen.coordinator)).toEqual(['sync.changed']);
  expect(streams(seen.stranger)).toEqual([]);
  expect(streams(seen.locked)).toEqual([]);
  // An initial password opens nothing but the password change, live events included.
  expect(streams(seen.initial)).toEqual([]);

  // Unlocked again, the stream resumes; logged out, it stops.
  await ok(locked, 'auth.unlock', { password: 'lenas-eget-lösen' });
  await ok(admin, 'sync.setSourceAddress', { address: null });
  expect(streams(seen.locked)).toEqual(['sync.changed']);
  await ok(office, 'auth.logout', {});
  const before = seen.office.length;
  await ok(admin, 'sync.setSourceAddress', { address: null });
  expect(seen.office.slice(before).filter((e) => e !== 'session.changed')).toEqual([]);
});

it('stops a client’s stream when an administrator takes its role away', async () => {
  const admin = t.core.connect();
  await withAdmin(admin);
  const office = await userClient(admin, 'olle', ['office']);
  await ok(office, 'auth.changePassword', {
    currentPassword: 'tillfälligt-lösen',
    newPassword: 'olles-eget-lösen',
  });
  const seen = listen(office);
  const users = await ok(admin, 'users.list', {});
  await ok(admin, 'users.update', { id: users.find((u) => u.username === 'olle')!.id, active: false });
  await ok(admin, 'sync.setSourceAddress', { address: null });
  expect(seen.filter((e) => e === 'sync.changed')).toEqual([]);
});
