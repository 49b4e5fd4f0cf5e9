// An input refusal says what is wrong in the person's language, never the schema's English.
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/shared/errors/index.ts';
import { ADMIN, ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();

describe('input refusals', () => {
  it('names a too long text by its limit', async () => {
    const me = await ok(office.admin, 'auth.session', {});
    const answer = await office.admin.call('users.update', { id: me!.user.id, displayName: 'x'.repeat(121) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'input.tooLong', params: { max: 120 } } });
    if (answer.ok) return;
    const text = formatMessage(answer.error.code, answer.error.params, 'sv');
    expect(text).toBe('En text är för lång: högst 120 tecken. Korta den och försök igen.');
    expect(text).not.toMatch(/displayName|Too big/);
  });

  it('refuses a serial port path that is no port, naming what would be one', async () => {
    const answer = await office.admin.call('serialDocks.add', { path: 'COM😀', label: 'Docka' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'devices.serialPathInvalid' } });
    await ok(office.admin, 'serialDocks.add', { path: 'COM3', label: 'Docka' });
  });

  it("refuses the administrator's own password as someone else's initial password", async () => {
    const answer = await office.admin.call('users.create', {
      username: 'ny.person',
      displayName: 'Ny Person',
      password: ADMIN.password,
      roles: ['office'],
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth.passwordIsYours' } });
    await ok(office.admin, 'users.create', {
      username: 'ny.person',
      displayName: 'Ny Person',
      password: 'ett-annat-langt-losen',
      roles: ['office'],
    });
  });
});

describe('configured ports', () => {
  it("shows each port's state: a device file found or not, a network dock, a turned-off port", async () => {
    await ok(office.admin, 'serialDocks.add', { path: '/dev/null', label: 'Finns' });
    await ok(office.admin, 'serialDocks.add', { path: '/dev/ttyCAREDOCK9', label: 'Saknas' });
    await ok(office.admin, 'serialDocks.add', { path: 'tcp://127.0.0.1:7001', label: 'Nät' });
    const states = Object.fromEntries(
      (await ok(office.admin, 'serialDocks.list', {})).map((p) => [p.path, p.state]),
    );
    expect(states).toEqual({
      '/dev/null': 'found',
      '/dev/ttyCAREDOCK9': 'notFound',
      'tcp://127.0.0.1:7001': 'network',
    });
  });
});
