// The rules inside the core, on an injected clock: the day-before run for tomorrow's visits (sent
// once, only with consent and a number, missed when the PC was off), a late change told in the
// plan's own transaction, and a protected recipient's name in no template at all.
import { describe, expect, it } from 'vitest';
import { smsAdapter } from '../../src/main/integrations/adapters.ts';
import { smsJob } from '../../src/main/integrations/kinds.ts';
import { NoticeData } from '../../src/main/notices/data.ts';
import { NoticeService } from '../../src/main/notices/service.ts';
import { defaultRules } from '../../src/main/notices/templates.ts';
import { PlanData } from '../../src/main/plans/data.ts';
import { RecipientData } from '../../src/main/recipients/data.ts';
import { SettingsData } from '../../src/main/settings/data.ts';
import { StaffData } from '../../src/main/staff/data.ts';
import type { NoticeRules } from '../../src/shared/api/index.ts';
import { languages } from '../../src/shared/errors/index.ts';
import { failure, ok } from '../helpers/core.ts';
import { useOfficeCore } from '../helpers/office-day.ts';
import { at } from '../helpers/seed.ts';

const office = useOfficeCore();

function service(now: { t: number }) {
  const { core } = office.t;
  const sqlite = core.database.sqlite;
  return new NoticeService({
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
}

/** Every SMS and email payload the queue holds: what would reach people. */
function payloads(): {
  kind: string;
  key: string;
  payload: { to: unknown; text: string; subject?: string; notAfter?: number };
}[] {
  return (
    office.t.core.database.sqlite
      .prepare('select kind, idempotency_key as key, payload from jobs order by id')
      .all() as { kind: string; key: string; payload: string }[]
  ).map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
}

async function consent(id: string, phone: string, language: 'sv' | 'fi' | 'en' = 'sv') {
  return ok(office.admin, 'recipients.contact.save', { id, language, phone, email: null, consent: true });
}

/** The protected recipient r-2: only a user with the right may record their contact; the rule still works. */
function consentProtected(phone = '+46709998877') {
  new RecipientData(office.t.core.database.sqlite).setContact('r-2', {
    language: 'sv',
    phone,
    email: null,
    consentBy: 'anna',
    consentAt: '2026-05-01T00:00:00.000Z',
  });
}

async function plan(recipientId: string, date: string, start: string, end: string, staffIds = ['s-anna']) {
  return ok(office.admin, 'plans.save', {
    recipientId,
    orderId: null,
    staffIds,
    date,
    start,
    end,
    // A visit "two hours from now" run late in the evening ends after midnight.
    overnight: end < start,
    tasks: [],
  });
}

function rules(patch: (r: NoticeRules) => void): NoticeRules {
  const r = structuredClone(defaultRules);
  patch(r);
  return r;
}

describe('the day-before reminder in the core', () => {
  it('queues one SMS per consenting recipient of tomorrow, with no name for a protected identity, once', async () => {
    const now = { t: Date.parse(at('2026-05-11', '16:05')) };
    const s = service(now);
    s.saveRules(rules((r) => (r.dayBefore.enabled = true)));
    await consent('r-1', '070-123 45 67');
    consentProtected();
    await plan('r-1', '2026-05-12', '09:00', '09:30');
    await plan('r-2', '2026-05-12', '10:00', '10:30');
    await plan('r-3', '2026-05-12', '11:00', '11:30'); // no consent: nothing
    await plan('r-1', '2026-05-13', '09:00', '09:30'); // the day after: not yet
    s.runDayBefore();
    s.runDayBefore();
    const sms = payloads().filter((p) => p.kind === 'sms.send');
    expect(sms).toHaveLength(2);
    expect(sms[0]!.payload).toMatchObject({
      to: '+46701234567',
      text: 'Hej Karin Karlsson! Påminnelse: hemtjänsten kommer tisdag 12 maj kl. 09:00. Hälsningar Omsorg Norr AB',
      notAfter: Date.parse(at('2026-05-11', '21:00')),
    });
    expect(sms[1]!.payload.to).toBe('+46709998877');
    expect(sms[1]!.payload.text).toBe(
      'Hej! Påminnelse: hemtjänsten kommer tisdag 12 maj kl. 10:00. Hälsningar Omsorg Norr AB',
    );
    for (const p of sms)
      for (const secret of ['Skyddad', 'Hemlig', '19121212', 'Storgatan'])
        expect(p.payload.text).not.toContain(secret);
  });

  it('writes in the recipient’s language', async () => {
    const now = { t: Date.parse(at('2026-05-11', '18:00')) };
    const s = service(now);
    s.saveRules(rules((r) => (r.dayBefore.enabled = true)));
    await consent('r-1', '+358 40 123 4567', 'fi');
    await plan('r-1', '2026-05-12', '08:15', '08:45');
    s.runDayBefore();
    expect(payloads()[0]!.payload.text).toBe(
      'Hei Karin Karlsson! Muistutus: kotihoito tulee tiistai 12. toukokuuta klo 08.15. Terveisin Omsorg Norr AB',
    );
  });

  it('records the reminders as missed when the PC was off from 16:00 until after 21:00, and sends nothing', async () => {
    const now = { t: Date.parse(at('2026-05-11', '12:00')) };
    const s = service(now);
    s.saveRules(rules((r) => (r.dayBefore.enabled = true)));
    await consent('r-1', '0701234567');
    const p = await plan('r-1', '2026-05-12', '09:00', '09:30');
    now.t = Date.parse(at('2026-05-11', '21:40')); // the PC starts
    s.runDayBefore();
    now.t = Date.parse(at('2026-05-12', '07:00'));
    s.runDayBefore();
    expect(payloads()).toEqual([]);
    const seen = await s.forPlan(p.id);
    expect(seen).toEqual([
      expect.objectContaining({ rule: 'dayBefore', state: 'missed', audience: 'recipient' }),
    ]);
  });

  it('refuses a send time in the quiet hours and a template with a placeholder it does not fill', () => {
    const s = service({ t: Date.parse(at('2026-05-11', '12:00')) });
    expect(() => s.saveRules(rules((r) => (r.dayBefore.sendAt = '21:30')))).toThrow(/quiet hours/);
    expect(() => s.saveRules(rules((r) => (r.dayBefore.sms.sv = 'Hej {personnummer}')))).toThrow(
      /does not fill/,
    );
    expect(() => s.saveRules(rules((r) => (r.dayBefore.sms.fi = 'x'.repeat(1000))))).toThrow(/parts/);
  });
});

describe('a late change', () => {
  it('tells the recipient and the staff in the plan’s transaction, once per edit, never naming a protected recipient', async () => {
    const { core } = office.t;
    const now = { t: Date.now() };
    const s = service(now);
    s.saveRules(rules((r) => (r.lateChange.enabled = true)));
    await ok(office.admin, 'notices.staff.save', { id: 's-anna', phone: '0701112233', email: null });
    await ok(office.admin, 'notices.staff.save', { id: 's-bo', phone: null, email: 'bo@omsorg.example' });
    consentProtected();
    // The core's own rule service is the one the plan's transaction calls; its rules are the same rows.
    const soon = new Date(Date.now() + 3 * 3600_000);
    const date = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
    }).format(soon);
    const hhmm = (d: Date) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Stockholm',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d);
    const startT = hhmm(soon);
    const endT = hhmm(new Date(soon.getTime() + 30 * 60_000));
    const created = await plan('r-2', date, startT, endT, ['s-anna', 's-bo']);
    expect(payloads()).toEqual([]); // a new plan is not a change
    await ok(office.admin, 'plans.cancel', { id: created.id });
    const jobs = payloads();
    const texts = jobs.map((j) => j.payload.text + (j.payload.subject ?? ''));
    // Recipient SMS (maybe held to 08:00 if now is night), Anna by SMS; Bo has only email and the rule says SMS.
    expect(jobs.map((j) => j.kind).sort()).toEqual(['sms.send', 'sms.send']);
    expect(jobs.find((j) => j.payload.to === '+46709998877')!.payload.text).toMatch(
      /^Hej! Hemtjänstens besök .* är inställt\./,
    );
    expect(jobs.find((j) => j.payload.to === '+46701112233')!.payload.text).toMatch(/^Ändrat besök/);
    for (const t of texts)
      for (const secret of ['Skyddad', 'Hemlig', '19121212']) expect(t).not.toContain(secret);
    const seen = await ok(office.admin, 'notices.forPlan', { planId: created.id });
    expect(seen.map((n) => n.audience).sort()).toEqual(['recipient', 'staff']);
    expect(core.integrations.queue.list({}).every((j) => j.key.startsWith('lateChange:'))).toBe(true);
  });

  it('sends nothing without consent, or with the rule off', async () => {
    const s = service({ t: Date.now() });
    s.saveRules(rules((r) => (r.lateChange.enabled = false)));
    consentProtected();
    const soon = new Date(Date.now() + 2 * 3600_000);
    const date = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
    }).format(soon);
    const hh = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      hour: '2-digit',
      minute: '2-digit',
    });
    const p = await plan('r-2', date, hh.format(soon), hh.format(new Date(soon.getTime() + 1800_000)));
    await ok(office.admin, 'plans.cancel', { id: p.id });
    expect(payloads()).toEqual([]);
  });
});

describe('a recipient’s contact and consent', () => {
  it('records who gave consent and when, needs a number or address, and keeps it when saved again', async () => {
    const first = await consent('r-1', '+46 (0)70-123 45 67');
    expect(first).toMatchObject({ phone: '+46701234567', consent: { by: 'anna' }, masked: false });
    const again = await consent('r-1', '0701234567');
    expect(again.consent).toEqual(first.consent);
    expect(
      await failure(office.admin, 'recipients.contact.save', {
        id: 'r-1',
        language: null,
        phone: null,
        email: null,
        consent: true,
      }),
    ).toBe('notices.consentNeedsContact');
    expect(
      await failure(office.admin, 'recipients.contact.save', {
        id: 'r-1',
        language: null,
        phone: '+44 7700 900123',
        email: null,
        consent: true,
      }),
    ).toBe('sms.countryNotSupported');
    const off = await ok(office.admin, 'recipients.contact.save', {
      id: 'r-1',
      language: null,
      phone: null,
      email: null,
      consent: false,
    });
    expect(off.consent).toBeNull();
  });

  it('hides and protects a protected recipient’s contact from a user without the right', async () => {
    consentProtected();
    expect(await ok(office.admin, 'recipients.contact.get', { id: 'r-2' })).toEqual({
      id: 'r-2',
      masked: true,
      language: null,
      phone: null,
      email: null,
      consent: null,
    });
    expect(
      await failure(office.admin, 'recipients.contact.save', {
        id: 'r-2',
        language: null,
        phone: '0701234567',
        email: null,
        consent: true,
      }),
    ).toBe('notices.contactProtected');
  });
});

describe('every template with a protected recipient', () => {
  it('renders no name in any language of any rule', () => {
    const s = service({ t: Date.parse(at('2026-05-11', '12:00')) });
    const all = [
      defaultRules.dayBefore.sms,
      defaultRules.lateChange.sms,
      defaultRules.lateChange.cancelledSms,
      defaultRules.lateChange.staffText,
      defaultRules.orderChanged.email,
      defaultRules.missedVisit.email,
      defaultRules.failing.email,
    ];
    for (const t of all)
      for (const language of languages) {
        const shown = s.preview({ template: t[language], language, channel: 'sms', protectedIdentity: true });
        expect(shown.text).not.toContain('Anna Andersson');
        expect(shown.text).not.toMatch(/\{\w+\}/);
        expect(shown.text).not.toMatch(/ [,.!]|^\s|\s$/);
        const open = s.preview({ template: t[language], language, channel: 'sms', protectedIdentity: false });
        expect(open.segments.segments).toBeGreaterThan(0);
      }
  });
});

describe('a queued SMS past its time', () => {
  it('is never sent late: after notAfter (21:00 for a reminder, the visit’s start for a change) it is refused for good', async () => {
    const { core } = office.t;
    const adapter = smsAdapter(core.integrations.settings, core.integrations.secrets, () => false);
    const job = {
      id: 1,
      token: 1,
      kind: smsJob,
      attempt: 2,
      needsResolve: false,
      leaseUntil: Date.now() + 60_000,
      coalesceKey: null,
      payload: { to: '+46701234567', text: 'Påminnelse', notAfter: Date.now() - 1 },
    };
    expect(await adapter.send(job, new AbortController().signal)).toEqual({
      status: 'permanent',
      code: 'sms.expired',
    });
  });
});

describe('a reminder and a change to its visit', () => {
  it('a reminder still waiting is withdrawn when the visit is cancelled, and follows the visit when it moves', async () => {
    const { core } = office.t;
    core.integrations.queue.pause('sms', 'test'); // the reminders wait
    const now = { t: Date.parse(at('2026-05-11', '17:00')) };
    const s = service(now);
    s.saveRules(rules((r) => (r.dayBefore.enabled = true)));
    await consent('r-1', '0701234567');
    const moved = await plan('r-1', '2026-05-12', '09:00', '09:30');
    const cancelled = await plan('r-1', '2026-05-12', '13:00', '13:30');
    s.runDayBefore();
    expect(core.integrations.queue.list({ channel: 'sms', state: 'waiting' })).toHaveLength(2);
    await ok(office.admin, 'plans.cancel', { id: cancelled.id });
    await ok(office.admin, 'plans.save', {
      id: moved.id,
      recipientId: 'r-1',
      orderId: null,
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '10:00',
      end: '10:30',
      tasks: [],
    });
    s.runDayBefore();
    const jobs = core.integrations.queue.list({ channel: 'sms' });
    expect(jobs.filter((j) => j.state === 'dead').map((j) => j.lastErrorCode)).toEqual([
      'jobs.discarded',
      'jobs.discarded',
    ]);
    const waiting = jobs.filter((j) => j.state === 'waiting');
    expect(waiting).toHaveLength(1);
    expect(payloads().find((p) => p.key === waiting[0]!.key)!.payload.text).toContain('kl. 10:00');
  });
});
