// The whole path on a real core: Admin saves EWS settings (Basic over TLS, the fake's CA), a
// performer's calendar address, a visit planned — and the item appears in the EWS fake, valid
// against the schema; moved, it moves; the connection test names a missing mailbox. And the same
// with an app token from Entra ID instead of a password.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTokenFake } from '../../integrations/entra/token-fake.ts';
import { startEwsFake, type EwsFake } from '../../integrations/ews/fake.ts';
import { localDate, zonedInstant } from '../../src/shared/domain/time.ts';
import { failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { seedPeople } from '../helpers/seed.ts';

const TZ = 'Europe/Stockholm';
const ANNA = 'anna@omsorg.example';
let t: TestCore;
let fake: EwsFake;
let admin: ReturnType<TestCore['core']['connect']>;

beforeEach(async () => {
  fake = await startEwsFake({
    mailboxes: { [ANNA]: 'Anna Undersköterska' },
    auth: { type: 'basic', user: 'svc-caredock', password: 'lösen-ews' },
  });
  t = await startTestCore({ watchDevices: false });
  admin = t.core.connect();
  const session = await withAdmin(admin);
  await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
  seedPeople(t.core.database.sqlite);
});
afterEach(async () => {
  await t.cleanup();
  expect(fake.invalid).toEqual([]);
  await fake.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

it('writes a planned visit to the performer’s calendar through EWS and moves it with the plan', async () => {
  await ok(admin, 'calendar.save', {
    backend: 'ews',
    url: fake.url,
    authType: 'basic',
    user: 'svc-caredock',
    password: 'lösen-ews',
    privacy: 'standard',
    ca: fake.ca,
  });
  expect(await failure(admin, 'calendar.test', { mailbox: 'okand@omsorg.example' })).toBe(
    'calendar.mailboxNotFound',
  );
  expect(await ok(admin, 'calendar.test', { mailbox: ANNA })).toEqual({ displayName: 'Anna Undersköterska' });
  await ok(admin, 'calendar.staff.save', { id: 's-anna', address: ANNA });
  const date = localDate(Date.now() + 86_400_000, TZ);
  const input = {
    recipientId: 'r-1',
    orderId: null,
    staffIds: ['s-anna'],
    date,
    start: '08:00',
    end: '08:30',
    tasks: [],
  };
  const plan = await ok(admin, 'plans.save', input);
  await until(() => fake.items(ANNA).length === 1);
  expect(fake.items(ANNA)[0]).toMatchObject({
    key: plan.id,
    start: zonedInstant(date, '08:00', TZ),
    subject: 'Besök 08:00–08:30 K.K.',
  });
  await ok(admin, 'plans.save', { ...input, id: plan.id, start: '10:00', end: '10:45' });
  await until(() => fake.items(ANNA)[0]?.start === zonedInstant(date, '10:00', TZ));
  expect(fake.items(ANNA)).toHaveLength(1);
  // The password never comes back.
  expect(JSON.stringify(await ok(admin, 'calendar.get', {}))).not.toContain('lösen-ews');
});

it('signs in to EWS with an app token from Entra ID (hybrid modern authentication)', async () => {
  const tokens = await startTokenFake({
    tenant: 'omsorg.example',
    clientId: 'ews-app',
    clientSecret: 'app-hemlighet',
  });
  const bearer = await startEwsFake({
    mailboxes: { [ANNA]: 'Anna Undersköterska' },
    auth: { type: 'bearer', token: (given) => tokens.issued.includes(given) },
  });
  try {
    await ok(admin, 'calendar.save', {
      backend: 'ews',
      url: bearer.url,
      authType: 'oauth2',
      tenant: 'omsorg.example',
      clientId: 'ews-app',
      clientSecret: 'app-hemlighet',
      authorityHost: tokens.url,
      privacy: 'minimal',
      ca: bearer.ca,
    });
    expect(await ok(admin, 'calendar.test', { mailbox: ANNA })).toEqual({
      displayName: 'Anna Undersköterska',
    });
    expect(tokens.issued.length).toBeGreaterThan(0);
    await ok(admin, 'calendar.staff.save', { id: 's-anna', address: ANNA });
    const date = localDate(Date.now() + 86_400_000, TZ);
    await ok(admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: null,
      staffIds: ['s-anna'],
      date,
      start: '08:00',
      end: '08:30',
      tasks: [],
    });
    await until(() => bearer.items(ANNA).length === 1);
    expect(bearer.items(ANNA)[0]!.subject).toBe('Besök');
    expect(bearer.requests.every((r) => r.auth === 'bearer')).toBe(true);
  } finally {
    expect(bearer.invalid).toEqual([]);
    await bearer.close();
    await tokens.close();
  }
});
