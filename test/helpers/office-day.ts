// The office's test day: a fresh core with an admin who holds every role, the people, homes and
// orders of seed.ts, and one morning of registrations to pair.
import { afterEach, beforeEach } from 'vitest';
import { ok, startTestCore, withAdmin, type TestCore } from './core.ts';
import { at, seedPeople, seedRegistration } from './seed.ts';

export interface OfficeCore {
  readonly t: TestCore;
  readonly admin: ReturnType<TestCore['core']['connect']>;
}

/** Registers the hooks: a new core before each test, closed after it. */
export function useOfficeCore(): OfficeCore {
  let t: TestCore | undefined;
  let admin: ReturnType<TestCore['core']['connect']> | undefined;
  beforeEach(async () => {
    t = await startTestCore({ watchDevices: false });
    admin = t.core.connect();
    const session = await withAdmin(admin);
    await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
    seedPeople(t.core.database.sqlite);
  });
  afterEach(async () => {
    await t?.cleanup();
  });
  return {
    get t() {
      return t!;
    },
    get admin() {
      return admin!;
    },
  };
}

export function day(sqlite: TestCore['core']['database']['sqlite']) {
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
