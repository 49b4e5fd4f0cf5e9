import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procedures, roles, type ProcedureName } from '../../src/shared/api/index.ts';
import { ADMIN, failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(async () => {
  await t.cleanup();
});

describe('first-run setup', () => {
  it('creates the first admin once and logs them in', async () => {
    const client = t.core.connect();
    expect((await ok(client, 'app.info', {})).setupNeeded).toBe(true);
    const session = await withAdmin(client);
    expect(session.user.roles).toEqual(['admin']);
    expect((await ok(client, 'app.info', {})).setupNeeded).toBe(false);
    const other = t.core.connect();
    expect(await failure(other, 'auth.setup', { ...ADMIN, username: 'eve' })).toBe('auth.setupDone');
  });

  it('refuses a short password and creates nothing', async () => {
    const client = t.core.connect();
    expect(await failure(client, 'auth.setup', { ...ADMIN, password: 'kort' })).toBe('auth.weakPassword');
    expect((await ok(client, 'app.info', {})).setupNeeded).toBe(true);
  });
});

describe('login', () => {
  it('logs in with the right password, refuses the wrong one, and throttles guessing', async () => {
    await withAdmin(t.core.connect());
    const client = t.core.connect();
    expect(await failure(client, 'auth.login', { username: 'anna', password: 'wrong-password' })).toBe(
      'auth.badCredentials',
    );
    expect(await failure(client, 'auth.login', { username: 'nobody', password: 'wrong-password' })).toBe(
      'auth.badCredentials',
    );
    const session = await ok(client, 'auth.login', { username: 'ANNA', password: ADMIN.password });
    expect(session.user.username).toBe('anna');
    for (let i = 0; i < 5; i++)
      await failure(client, 'auth.login', { username: 'anna', password: 'nope-nope-nope' });
    expect(await failure(client, 'auth.login', { username: 'anna', password: ADMIN.password })).toBe(
      'auth.tooManyAttempts',
    );
  });

  it('keeps each client its own session', async () => {
    const a = t.core.connect();
    await withAdmin(a);
    const b = t.core.connect();
    expect(await ok(b, 'auth.session', {})).toBeNull();
    expect(await failure(b, 'users.list', {})).toBe('auth.required');
  });

  it('logs out', async () => {
    const client = t.core.connect();
    await withAdmin(client);
    await ok(client, 'auth.logout', {});
    expect(await ok(client, 'auth.session', {})).toBeNull();
    expect(await failure(client, 'users.list', {})).toBe('auth.required');
  });
});

describe('roles are enforced in the core', () => {
  it('refuses every admin procedure to a coordinator, with or without valid input', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    await ok(admin, 'users.create', {
      username: 'cecilia',
      displayName: 'Cecilia',
      password: 'tillfälligt-lösen',
      roles: ['coordinator'],
    });
    const coordinator = t.core.connect();
    await ok(coordinator, 'auth.login', { username: 'cecilia', password: 'tillfälligt-lösen' });
    const adminOnly = (Object.keys(procedures) as ProcedureName[]).filter((n) => {
      const access = procedures[n].access;
      return Array.isArray(access) && !access.includes('coordinator');
    });
    expect(adminOnly.length).toBeGreaterThan(4);
    const valid: Partial<Record<ProcedureName, unknown>> = {
      'users.create': { username: 'mallory', displayName: 'M', password: 'abcdefghijkl', roles: ['admin'] },
      'users.update': { id: 1, roles: ['office'] },
      'users.resetPassword': { id: 1, password: 'abcdefghijkl' },
      'settings.update': { idleLockSeconds: 60 },
    };
    for (const name of adminOnly) {
      expect(await failure(coordinator, name, valid[name] ?? {}), name).toBe('auth.forbidden');
    }
    // Nothing changed: still one admin, still the original roles.
    const users = await ok(admin, 'users.list', {});
    expect(users.find((u) => u.username === 'anna')?.roles).toEqual(['admin']);
    expect(users.some((u) => u.username === 'mallory')).toBe(false);
  });

  it('applies a role change to an open session at once', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    const created = await ok(admin, 'users.create', {
      username: 'olle',
      displayName: 'Olle',
      password: 'tillfälligt-lösen',
      roles: ['office', 'admin'],
    });
    const olle = t.core.connect();
    await ok(olle, 'auth.login', { username: 'olle', password: 'tillfälligt-lösen' });
    await ok(olle, 'auth.changePassword', {
      currentPassword: 'tillfälligt-lösen',
      newPassword: 'olles-eget-lösen',
    });
    await ok(olle, 'users.list', {});
    await ok(admin, 'users.update', { id: created.id, roles: ['office'] });
    expect(await failure(olle, 'users.list', {})).toBe('auth.forbidden');
    await ok(admin, 'users.update', { id: created.id, active: false });
    expect(await failure(olle, 'auth.activity', {})).toBe('auth.required');
  });

  it('never removes the last active admin', async () => {
    const admin = t.core.connect();
    const session = await withAdmin(admin);
    expect(await failure(admin, 'users.update', { id: session.user.id, roles: ['office'] })).toBe(
      'users.lastAdmin',
    );
    expect(await failure(admin, 'users.update', { id: session.user.id, active: false })).toBe(
      'users.lastAdmin',
    );
  });
});

describe('accounts', () => {
  it('makes a new user change the initial password, then audits it all', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    await ok(admin, 'users.create', {
      username: 'oskar',
      displayName: 'Oskar',
      password: 'tillfälligt-lösen',
      roles: ['office'],
    });
    expect(
      await failure(admin, 'users.create', {
        username: 'oskar',
        displayName: 'O2',
        password: 'tillfälligt-lösen',
        roles: ['office'],
      }),
    ).toBe('users.usernameTaken');
    const oskar = t.core.connect();
    const first = await ok(oskar, 'auth.login', { username: 'oskar', password: 'tillfälligt-lösen' });
    expect(first.user.mustChangePassword).toBe(true);
    // The initial password opens the password change and nothing else, whatever the client asks.
    for (const [name, input] of [
      ['registrations.list', { from: '2026-05-01', to: '2026-05-01' }],
      ['docking.history', {}],
      ['docking.state', {}],
      ['sync.status', {}],
      ['staff.list', {}],
      ['corrections.create', { correctsId: null, reason: 'test', changes: { void: true } }],
    ] as const)
      expect(await failure(oskar, name, input), name).toBe('auth.mustChangePassword');
    // What the password screen needs still works.
    await ok(oskar, 'auth.activity', {});
    await ok(oskar, 'auth.setLanguage', { language: 'fi' });
    expect((await ok(oskar, 'auth.session', {}))?.user.mustChangePassword).toBe(true);
    expect(
      await failure(oskar, 'auth.changePassword', { currentPassword: 'fel', newPassword: 'mitt-eget-lösen' }),
    ).toBe('auth.passwordMismatch');
    const changed = await ok(oskar, 'auth.changePassword', {
      currentPassword: 'tillfälligt-lösen',
      newPassword: 'mitt-eget-lösen',
    });
    expect(changed.user.mustChangePassword).toBe(false);
    await ok(oskar, 'auth.logout', {});
    await ok(oskar, 'auth.login', { username: 'oskar', password: 'mitt-eget-lösen' });
    const actions = (await ok(admin, 'audit.list', { limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.setup',
        'users.create',
        'auth.login',
        'auth.passwordChanged',
        'auth.logout',
      ]),
    );
    const json = JSON.stringify(await ok(admin, 'audit.list', { limit: 50 }));
    expect(json).not.toContain('lösen');
  });

  it('rejects malformed input with a clear code and changes nothing', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    expect(
      await failure(admin, 'users.create', { username: 'x y', displayName: '', password: 'p', roles: [] }),
    ).toBe('input.invalid');
    expect(
      await failure(admin, 'users.create', {
        username: 'ok',
        displayName: 'Ok',
        password: 'abcdefghijkl',
        roles: ['superuser'],
      }),
    ).toBe('input.invalid');
    expect(await failure(admin, 'users.list', { extra: true })).toBe('input.unknownField');
    expect(await failure(admin, 'no.such.thing', {})).toBe('api.unknownProcedure');
    expect((await ok(admin, 'users.list', {})).length).toBe(1);
  });

  it('lists every role in the contract', () => {
    expect(roles).toEqual(['office', 'coordinator', 'admin']);
  });
});

describe('idle lock', () => {
  it('locks an idle session, refuses work while locked, and unlocks with the password', async () => {
    await t.cleanup();
    t = await startTestCore({ idleLockSecondsOverride: 1 });
    const client = t.core.connect();
    const events: unknown[] = [];
    client.subscribe((m) => events.push(m));
    await withAdmin(client);
    const locked = await new Promise<boolean>((resolve) => {
      const stop = client.subscribe((m) => {
        if (m.event === 'session.changed' && m.payload && (m.payload as { locked: boolean }).locked) {
          stop();
          resolve(true);
        }
      });
    });
    expect(locked).toBe(true);
    expect(await failure(client, 'users.list', {})).toBe('auth.locked');
    expect(await failure(client, 'auth.unlock', { password: 'wrong-password' })).toBe('auth.badCredentials');
    const session = await ok(client, 'auth.unlock', { password: ADMIN.password });
    expect(session.locked).toBe(false);
    await ok(client, 'users.list', {});
  });
});
