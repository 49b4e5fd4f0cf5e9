// Admin → Integrations through the API: only an admin reaches it; a dead job retried is waiting
// again; a discard keeps its reason in the audit log; a paused channel runs nothing while the
// other channels go on.
import { afterEach, describe, expect, it } from 'vitest';
import { emailJob, smsJob } from '../../src/main/integrations/kinds.ts';
import type { CoreClient } from '../../src/main/core.ts';
import { jobHandlers } from '../../src/main/jobs/app.ts';
import { CHANNEL_FAILING_ALERT_MS } from '../../src/shared/api/index.ts';
import { noteKind, openTestQueue } from './helpers.ts';
import { failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

let tc: TestCore | undefined;
afterEach(async () => {
  await tc?.cleanup();
  tc = undefined;
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function enqueueSms(t: TestCore, key: string, to = '123'): string {
  const { sqlite } = t.core.database;
  return sqlite.transaction(() =>
    t.core.integrations.queue.enqueue(sqlite, smsJob, { to, text: 'Hej' }, { key }),
  )().id;
}

async function officeClient(t: TestCore, admin: CoreClient): Promise<CoreClient> {
  await ok(admin, 'users.create', {
    username: 'olle',
    displayName: 'Olle',
    password: 'tillfälligt-lösen',
    roles: ['office'],
  });
  const olle = t.core.connect();
  await ok(olle, 'auth.login', { username: 'olle', password: 'tillfälligt-lösen' });
  await ok(olle, 'auth.changePassword', {
    currentPassword: 'tillfälligt-lösen',
    newPassword: 'olles-eget-lösen',
  });
  return olle;
}

describe('jobs.* procedures', () => {
  it('refuses every admin procedure to an office user; health is for everyone logged in', async () => {
    tc = await startTestCore();
    const admin = tc.core.connect();
    await withAdmin(admin);
    const olle = await officeClient(tc, admin);
    const id = enqueueSms(tc, 'role:1');
    for (const [name, input] of [
      ['jobs.channels', {}],
      ['jobs.list', {}],
      ['jobs.retry', { id }],
      ['jobs.markSent', { id }],
      ['jobs.discard', { id, reason: 'fel nummer' }],
      ['jobs.pause', { channel: 'sms' }],
      ['jobs.resume', { channel: 'sms' }],
    ] as const)
      expect(await failure(olle, name, input), name).toBe('auth.forbidden');
    expect(await ok(olle, 'jobs.health', {})).toEqual({ failing: [] });
    expect(await failure(admin, 'jobs.pause', { channel: 'fax' })).toBe('jobs.channelUnknown');
  });

  it('retries a dead SMS to waiting, and discards it with the reason audited', async () => {
    tc = await startTestCore();
    const t = tc;
    const admin = t.core.connect();
    await withAdmin(admin);
    t.core.integrations.settings.setSms({
      provider: 'tellustalk',
      url: 'https://127.0.0.1:9/',
      account: 'konto',
      sender: 'Omsorg',
      country: 'SE',
    });
    // A number no country has: the adapter refuses it for good, without the network.
    const id = enqueueSms(t, 'dead:1');
    const state = async () =>
      (await ok(admin, 'jobs.list', { channel: 'sms' })).jobs.find((j) => j.id === id);
    await until(async () => (await state())?.state === 'dead');
    expect((await state())?.lastErrorCode).toBe('sms.numberInvalid');

    const retried = await ok(admin, 'jobs.retry', { id });
    expect(retried).toMatchObject({ id, state: 'waiting', attempts: 0 });
    await until(async () => (await state())?.state === 'dead');

    expect(await failure(admin, 'jobs.discard', { id, reason: '  ' })).toBe('input.tooShort');
    const discarded = await ok(admin, 'jobs.discard', { id, reason: 'Fel nummer hos brukaren' });
    expect(discarded).toMatchObject({ state: 'dead', discardReason: 'Fel nummer hos brukaren' });
    const audit = await ok(admin, 'audit.list', { limit: 20 });
    const entry = audit.find((e) => e.action === 'jobs.discard');
    expect(entry).toMatchObject({
      actor: 'anna',
      subject: `sms.send#${id}`,
      details: { reason: 'Fel nummer hos brukaren', from: 'dead' },
    });
    expect(audit.some((e) => e.action === 'jobs.retry' && e.subject === `sms.send#${id}`)).toBe(true);
  });

  it('pausing SMS stops its runner while email goes on; resuming runs what waited', async () => {
    tc = await startTestCore();
    const t = tc;
    const admin = t.core.connect();
    await withAdmin(admin);
    await ok(admin, 'jobs.pause', { channel: 'sms' });
    const sms = enqueueSms(t, 'paused:1');
    const { sqlite } = t.core.database;
    const email = sqlite.transaction(() =>
      t.core.integrations.queue.enqueue(
        sqlite,
        emailJob,
        { to: ['kontor@example.se'], subject: 'Test', text: 'Hej' },
        { key: 'email:1' },
      ),
    )().id;
    const job = async (id: string) => (await ok(admin, 'jobs.list', {})).jobs.find((j) => j.id === id)!;
    // Email is attempted (not configured yet: it pauses itself with the admin's message).
    await until(async () => (await job(email)).lastErrorCode === 'smtp.notConfigured');
    await new Promise((r) => setTimeout(r, 500));
    expect(await job(sms)).toMatchObject({ state: 'waiting', attempts: 0, lastErrorCode: null });
    const channels = (await ok(admin, 'jobs.channels', {})).channels;
    expect(channels.find((c) => c.channel === 'sms')).toMatchObject({ paused: true, pausedBy: 'admin' });
    expect(channels.find((c) => c.channel === 'email')).toMatchObject({ paused: true, pausedBy: 'auto' });
    expect(channels.map((c) => c.channel)).toEqual(expect.arrayContaining(['email', 'sms', 'sync']));

    await ok(admin, 'jobs.resume', { channel: 'sms' });
    // Not configured either: attempted now, and paused by itself.
    await until(async () => (await job(sms)).lastErrorCode === 'sms.notConfigured');
    const audit = await ok(admin, 'audit.list', { limit: 20 });
    expect(audit.filter((e) => e.action.startsWith('jobs.channel.')).map((e) => e.action)).toEqual([
      'jobs.channel.resume',
      'jobs.channel.pause',
    ]);
  });
});

describe('a parked SMS', () => {
  it('is decided by an admin: marked sent, or sent again; both audited', async () => {
    tc = await startTestCore();
    const t = tc;
    const admin = t.core.connect();
    await withAdmin(admin);
    await ok(admin, 'jobs.pause', { channel: 'sms' });
    const first = enqueueSms(t, 'parked:1', '+46701234567');
    const second = enqueueSms(t, 'parked:2', '+46701234568');
    // As a crash after the gateway may have taken them leaves them: parked, send mark kept.
    t.core.database.sqlite
      .prepare(
        `update jobs set state = 'parked', send_started_at = 1, last_error_code = 'jobs.unknownOutcome'`,
      )
      .run();
    expect(await ok(admin, 'jobs.markSent', { id: first })).toMatchObject({ id: first, state: 'done' });
    expect(await failure(admin, 'jobs.markSent', { id: first })).toBe('jobs.wrongState');
    expect(await ok(admin, 'jobs.retry', { id: second })).toMatchObject({ id: second, state: 'waiting' });
    const audit = await ok(admin, 'audit.list', { limit: 20 });
    expect(audit.filter((e) => e.action === 'jobs.markSent' || e.action === 'jobs.retry')).toEqual([
      expect.objectContaining({
        action: 'jobs.retry',
        subject: `sms.send#${second}`,
        details: { from: 'parked' },
      }),
      expect.objectContaining({ action: 'jobs.markSent', subject: `sms.send#${first}` }),
    ]);
  });
});

describe('jobs.health', () => {
  it('names a channel only once it has failed for longer than the alert time', () => {
    const t = openTestQueue();
    try {
      t.db.sqlite.transaction(() => t.queue.enqueue(t.db.sqlite, noteKind, { text: 'a' }, { key: 'h:1' }))();
      const [job] = t.queue.claim('notes', 1);
      t.queue.settle('notes', [
        { job: job!, outcome: { status: 'retry', code: 'jobs.adapterFailed', params: { channel: 'notes' } } },
      ]);
      const since = new Date(t.clock.now).toISOString();
      const health = (after: number) =>
        jobHandlers(t.queue, () => t.clock.now + after)['jobs.health']({}, {} as never);
      expect(health(CHANNEL_FAILING_ALERT_MS - 1000)).toEqual({ failing: [] });
      expect(health(CHANNEL_FAILING_ALERT_MS + 1000)).toEqual({ failing: [{ channel: 'notes', since }] });
    } finally {
      t.close();
    }
  });
});
