// The email rules through the core's queue to the SMTP fake: a new or changed order, a missed
// visit after a docking, docking or sync failing too long. Each event is one email however often
// the rule sees it; the message arrives as UTF-8 with its subject; 452 retries, 550 is final.
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpFake, type SmtpFake } from '../../integrations/smtp/fake.ts';
import { NoticeData } from '../../src/main/notices/data.ts';
import { missedAfterDocking, withOrderNotices, withPlanNotices } from '../../src/main/notices/hooks.ts';
import { FailureSpells, syncFailingSince } from '../../src/main/notices/rules.ts';
import { NoticeService } from '../../src/main/notices/service.ts';
import { defaultRules } from '../../src/main/notices/templates.ts';
import { OrderData } from '../../src/main/orders/data.ts';
import { PlanData } from '../../src/main/plans/data.ts';
import { RecipientData } from '../../src/main/recipients/data.ts';
import type { Deviation, PairingResult } from '../../src/main/registrations/pairing.ts';
import { SettingsData } from '../../src/main/settings/data.ts';
import { StaffData } from '../../src/main/staff/data.ts';
import { ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';

const office = useOfficeCore();
let smtp: SmtpFake;
beforeEach(async () => {
  smtp = await startSmtpFake({ users: { u: 'p' } });
});
afterEach(() => smtp.close());

async function setUp(now = { t: Date.now() }) {
  const { core } = office.t;
  await ok(office.admin, 'notices.smtp.save', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    authType: 'password',
    user: 'u',
    password: 'p',
    from: 'aviseringar@omsorg.example',
    ca: smtp.ca,
  });
  const to = ['samordnare@omsorg.example'];
  await ok(office.admin, 'notices.rules.save', {
    ...defaultRules,
    orderChanged: { ...defaultRules.orderChanged, enabled: true, to },
    missedVisit: { ...defaultRules.missedVisit, enabled: true, to },
    failing: { ...defaultRules.failing, enabled: true, afterMinutes: 30, to: ['admin@omsorg.example'] },
  });
  const sqlite = core.database.sqlite;
  const service = new NoticeService({
    sqlite,
    queue: core.integrations.queue,
    data: new NoticeData(sqlite),
    settings: new SettingsData(sqlite),
    channels: core.integrations.settings,
    secrets: core.integrations.secrets,
    recipients: new RecipientData(sqlite),
    staff: new StaffData(sqlite),
    plans: new PlanData(sqlite),
    timeZone: () => 'Europe/Stockholm',
    defaultLanguage: () => 'sv',
    providerName: () => 'Omsorg Norr AB',
    now: () => now.t,
  });
  return { core, sqlite, service };
}

async function received(n: number) {
  await expect.poll(() => smtp.received.length, { timeout: 10_000 }).toBe(n);
  return Promise.all(smtp.received.map((m) => simpleParser(m)));
}

const order = (validTo: string | null) => ({
  id: 'o-9',
  recipientId: 'r-1',
  validFrom: '2026-06-01',
  validTo,
  services: [{ code: 'PO', name: 'Personlig omvårdnad', grantedMinutesPerMonth: 600 }],
});

describe('emails to coordinators and admins', () => {
  it('an order that comes down new is one email, a repeat of it none; a protected recipient is never named', async () => {
    const { core, sqlite, service } = await setUp();
    const rows = withOrderNotices(new OrderData(sqlite), service);
    const now = new Date().toISOString();
    sqlite.transaction(() => rows.upsertFromServer(order(null), now))();
    sqlite.transaction(() => rows.upsertFromServer(order(null), now))(); // a full resync hands it down again
    expect(core.integrations.queue.list({ channel: 'email' })).toHaveLength(1);
    const [mail] = await received(1);
    expect(mail!.subject).toBe('Ny eller ändrad beställning från kommunen');
    expect(mail!.text).toContain('Öppna CareDock → Beställningar');
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('samordnare@omsorg.example');
    expect(mail!.text).not.toContain('Karin');
    sqlite.transaction(() => rows.upsertFromServer(order('2026-12-31'), now))(); // changed
    await received(2);
    // A burst of orders while the email waits is one email (the channel paused holds it waiting).
    core.integrations.queue.pause('email', 'test');
    sqlite.transaction(() => {
      rows.upsertFromServer({ ...order(null), id: 'o-10' }, now);
      rows.upsertFromServer({ ...order(null), id: 'o-11' }, now);
    })();
    expect(core.integrations.queue.list({ channel: 'email', state: 'waiting' })).toHaveLength(1);
    core.integrations.queue.resume('email', 'test');
    await received(3);
    sqlite.transaction(() => rows.upsertFromServer({ ...order(null), id: 'o-10' }, now))(); // resync
    expect(core.integrations.queue.list({ channel: 'email' })).toHaveLength(3);
  });

  it('a missed visit is one email however many dockings reveal it; 452 retries and 550 is final', async () => {
    const { core, service } = await setUp();
    smtp.script({ at: 'rcpt', code: 452, text: '4.2.2 Mailbox full' });
    service.missedVisits([{ planId: 'p-1', start: Date.parse('2026-05-12T07:00:00Z') }]);
    service.missedVisits([{ planId: 'p-1', start: Date.parse('2026-05-12T07:00:00Z') }]);
    // The 452 is retried: seen waiting for its retry, or — full jitter can draw a wait of almost
    // nothing — already sent on its second attempt. Never dead, never a second email.
    await expect
      .poll(() => core.integrations.queue.list({ channel: 'email' }).map((j) => [j.state, j.attempts]))
      .toSatisfy((jobs: unknown[]) => ['[["retry",1]]', '[["done",2]]'].includes(JSON.stringify(jobs)));
    expect(
      core.integrations.queue.list({ channel: 'email' })[0]!.lastErrorCode ?? 'smtp.temporaryFailure',
    ).toBe('smtp.temporaryFailure');
    smtp.script({ at: 'rcpt', code: 550, text: '5.1.1 no such user' });
    service.missedVisits([{ planId: 'p-2', start: Date.parse('2026-05-12T08:00:00Z') }]);
    await expect
      .poll(
        () =>
          core.integrations.queue.list({ channel: 'email' }).find((j) => j.key === 'missedVisit:p-2')?.state,
      )
      .toBe('dead');
    expect(
      core.integrations.queue.list({ channel: 'email' }).find((j) => j.key === 'missedVisit:p-2')!
        .lastErrorCode,
    ).toBe('smtp.rejected');
  });

  it('docking or sync failing longer than the set time is one email per spell', async () => {
    const now = { t: Date.parse('2026-05-12T10:00:00Z') };
    const { service } = await setUp(now);
    service.failing('sync', now.t - 10 * 60_000); // 10 minutes: not yet
    service.failing('sync', now.t - 45 * 60_000);
    service.failing('sync', now.t - 45 * 60_000);
    const [mail] = await received(1);
    expect(mail!.subject).toBe('Synkroniseringen med kommunen fungerar inte');
    expect(mail!.text).toContain('misslyckats sedan 12 maj 11:15');
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('admin@omsorg.example');
  });
});

describe('what counts as failing and as missed', () => {
  it('a failing spell starts at its first failing look and ends at a working one', () => {
    const s = new FailureSpells();
    expect(s.observe('docking', false, 1)).toBeNull();
    expect(s.observe('docking', true, 2)).toBe(2);
    expect(s.observe('docking', true, 9)).toBe(2);
    expect(s.observe('docking', false, 10)).toBeNull();
    expect(s.observe('docking', true, 11)).toBe(11);
    expect(syncFailingSince({ state: 'idle', lastSuccessAt: null, lastAttemptAt: null })).toBeNull();
    expect(
      syncFailingSince({
        state: 'error',
        lastSuccessAt: '2026-05-12T08:00:00.000Z',
        lastAttemptAt: '2026-05-12T09:00:00.000Z',
      }),
    ).toBe(Date.parse('2026-05-12T08:00:00.000Z'));
  });

  it('a visit is missed after a docking only for the staff who docked and once it has ended', () => {
    const dev = (planId: string, staffKey: string, at: number): Deviation =>
      ({
        kind: 'missed',
        staffKey,
        homeKey: 'r-1',
        registrationIds: [],
        visitIds: [],
        planId,
        at,
      }) as Deviation;
    const now = Date.parse('2026-05-12T12:00:00Z');
    const result = {
      visits: [],
      deviations: [
        dev('ended', 's-anna', now - 3 * 3600_000),
        dev('later', 's-anna', now + 3600_000),
        dev('bo', 's-bo', now - 3600_000),
      ],
    } as unknown as PairingResult;
    const ends: Record<string, number> = {
      ended: now - 2 * 3600_000,
      later: now + 2 * 3600_000,
      bo: now - 1800_000,
    };
    const bounds = (d: string) => ({
      start: Date.parse(`${d}T00:00:00Z`),
      end: Date.parse(`${d}T23:59:59Z`),
    });
    expect(
      missedAfterDocking(
        () => result,
        's-anna',
        now,
        'Europe/Stockholm',
        bounds,
        (id) => ends[id] ?? null,
      ),
    ).toEqual([{ planId: 'ended', start: now - 3 * 3600_000 }]);
    expect(
      missedAfterDocking(
        () => result,
        null,
        now,
        'Europe/Stockholm',
        bounds,
        () => 0,
      ),
    ).toEqual([]);
  });
});

describe('a plan that comes down changed', () => {
  it('is a late change like one made here; the same plan handed down again tells nobody', async () => {
    const { core, sqlite, service } = await setUp();
    await ok(office.admin, 'notices.rules.save', {
      ...defaultRules,
      lateChange: { ...defaultRules.lateChange, enabled: true, staffChannel: 'email' },
    });
    await ok(office.admin, 'notices.staff.save', { id: 's-anna', phone: null, email: 'anna@omsorg.example' });
    const rows = withPlanNotices(new PlanData(sqlite), service);
    const start = Date.now() + 4 * 3600_000;
    const plan = {
      id: '0190f0f0-0000-7000-8000-000000000001',
      recipientId: 'r-1',
      orderId: null,
      staffIds: ['s-anna'],
      plannedStart: new Date(start).toISOString(),
      plannedEnd: new Date(start + 1800_000).toISOString(),
      tasks: [],
      status: 'planned' as const,
      editedAt: new Date().toISOString(),
      editedBy: 'kommunen',
    };
    const now = new Date().toISOString();
    sqlite.transaction(() => rows.upsertFromServer(plan, now))();
    sqlite.transaction(() => rows.upsertFromServer(plan, now))();
    expect(core.integrations.queue.list({ channel: 'email' })).toHaveLength(0);
    const moved = {
      ...plan,
      plannedStart: new Date(start + 3600_000).toISOString(),
      plannedEnd: new Date(start + 5400_000).toISOString(),
      editedAt: new Date(Date.now() + 1000).toISOString(),
    };
    sqlite.transaction(() => rows.upsertFromServer(moved, now))();
    sqlite.transaction(() => rows.upsertFromServer(moved, now))();
    const [mail] = await received(1);
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('anna@omsorg.example');
    expect(mail!.subject).toMatch(/^Ändrat besök/);
  });
});
