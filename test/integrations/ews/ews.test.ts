// The EWS backend against the local EWS fake: every request body valid against Microsoft's
// schemas, an item created, moved and deleted as the performer; a lost create answer never
// doubles; Exchange's own throttling, conflicts and refusals mapped to what the queue does; an
// item deleted in Outlook made again; each way of signing in; only our items listed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../integrations/calendar/backend.ts';
import { createEwsBackend } from '../../../integrations/ews/client.ts';
import {
  encodeCalendarView,
  encodeCreate,
  encodeDelete,
  encodeFindByKey,
  encodeGetCalendarFolder,
  encodeGetItems,
  encodeResolveNames,
  encodeUpdate,
} from '../../../integrations/ews/encoder.ts';
import { startEwsFake, type EwsFake, type EwsFakeOptions } from '../../../integrations/ews/fake.ts';

const ANNA = 'anna@omsorg.example';
const t0 = Date.parse('2026-12-03T07:00:00.000Z');
const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  key: 'plan-1',
  mailbox: ANNA,
  subject: 'Besök 08:00–08:30 K.K. Västerås',
  body: 'Planerat i CareDock. <&>"\' åäö',
  start: t0,
  end: t0 + 1_800_000,
  timeZone: 'Europe/Stockholm',
  location: 'Västerås',
  ...over,
});

let fake: EwsFake | undefined;
afterEach(async () => {
  // No test may send a body Exchange's schema refuses.
  expect(fake?.invalid ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

async function setup(
  auth: EwsFakeOptions['auth'] = { type: 'basic', user: 'svc-caredock', password: 'lösen-1' },
  denied: string[] = [],
) {
  fake = await startEwsFake({
    mailboxes: { [ANNA]: 'Anna Andersson', 'bo@omsorg.example': 'Bo Berg' },
    denied,
    auth,
  });
  const clientAuth =
    auth.type === 'bearer'
      ? { type: 'bearer' as const, token: async () => String(auth.token) }
      : auth.type === 'ntlm'
        ? { type: 'ntlm' as const, user: auth.user, domain: auth.domain, password: auth.password }
        : { type: 'basic' as const, user: auth.user, password: auth.password };
  return createEwsBackend({ url: fake.url, auth: clientAuth, ca: fake.ca, timeoutMs: 5000 });
}

describe('the SOAP bodies', () => {
  it('each one validates against the EWS schema with xmllint', () => {
    const e = event();
    const ref = { id: 'AAMkX', changeKey: 'CK1' };
    const bodies = {
      create: encodeCreate(e),
      createNoLocation: encodeCreate(event({ location: undefined as unknown as string })),
      update: encodeUpdate(e, ref),
      updateNoLocation: encodeUpdate(event({ location: undefined as unknown as string }), ref),
      delete: encodeDelete(ANNA, ref),
      find: encodeFindByKey(ANNA, "plan-'1'"),
      view: encodeCalendarView(ANNA, t0, t0 + 86_400_000),
      get: encodeGetItems(ANNA, [ref]),
      folder: encodeGetCalendarFolder(ANNA),
      resolve: encodeResolveNames(ANNA),
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ews-xsd-'));
    const schema = path.resolve(import.meta.dirname, '../../specs/ews/messages.xsd');
    try {
      for (const [name, xml] of Object.entries(bodies)) {
        const child = /<soap:Body>([\s\S]*)<\/soap:Body>/
          .exec(xml)![1]!
          .replace(
            /^<(m:\w+)/,
            '<$1 xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"',
          );
        const file = path.join(dir, `${name}.xml`);
        writeFileSync(file, child);
        expect(
          () => execFileSync('xmllint', ['--noout', '--schema', schema, file], { stdio: 'pipe' }),
          name,
        ).not.toThrow();
      }
      // And the schema does refuse a wrong order: Start before Subject.
      const wrong = path.join(dir, 'wrong.xml');
      writeFileSync(
        wrong,
        '<m:CreateItem xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:Items><t:CalendarItem><t:Start>2026-12-03T07:00:00Z</t:Start><t:Subject>x</t:Subject></t:CalendarItem></m:Items></m:CreateItem>',
      );
      expect(() =>
        execFileSync('xmllint', ['--noout', '--schema', schema, wrong], { stdio: 'pipe' }),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('acts as the performer, sends no invitations and names the Windows time zone', () => {
    const xml = encodeCreate(event({ timeZone: 'Europe/Helsinki' }));
    expect(xml).toContain(`<t:SmtpAddress>${ANNA}</t:SmtpAddress>`);
    expect(xml).toContain('SendMeetingInvitations="SendToNone"');
    expect(xml).toContain('<t:StartTimeZone Id="FLE Standard Time"/>');
    expect(xml).toContain('&lt;&amp;&gt;&quot;&apos; åäö');
  });
});

describe('the EWS backend', () => {
  it('creates, moves and deletes an item in the performer’s calendar', async () => {
    const ews = await setup();
    const made = await ews.upsert(event(), null);
    expect(made.ok).toBe(true);
    expect(fake!.items(ANNA)).toHaveLength(1);
    expect(fake!.items(ANNA)[0]).toMatchObject({
      key: 'plan-1',
      start: t0,
      subject: 'Besök 08:00–08:30 K.K. Västerås',
      startTimeZone: 'W. Europe Standard Time',
    });
    expect(fake!.items(ANNA)[0]!.body).toBe('Planerat i CareDock. <&>"\' åäö');
    const ref = made.ok ? made.ref : null;
    const moved = await ews.upsert(event({ start: t0 + 3600_000, end: t0 + 5400_000 }), ref);
    expect(moved.ok).toBe(true);
    expect(fake!.items(ANNA).map((i) => i.start)).toEqual([t0 + 3600_000]);
    expect((await ews.remove(ANNA, 'plan-1', moved.ok ? moved.ref : null)).ok).toBe(true);
    expect(fake!.items(ANNA)).toEqual([]);
    // Gone already is done.
    expect((await ews.remove(ANNA, 'plan-1', ref)).ok).toBe(true);
    expect(fake!.requests.every((r) => r.mailbox === ANNA && r.auth === 'basic')).toBe(true);
  });

  it('finds the item a lost create answer made, instead of making a second', async () => {
    const ews = await setup();
    fake!.script({ type: 'dropAfterCreate' });
    const first = await ews.upsert(event(), null);
    expect(first).toMatchObject({ ok: false, status: 'retry', code: 'calendar.timeout' });
    expect(fake!.items(ANNA)).toHaveLength(1);
    const again = await ews.upsert(event({ subject: 'Besök' }), null);
    expect(again.ok).toBe(true);
    expect(fake!.items(ANNA).map((i) => i.subject)).toEqual(['Besök']);
  });

  it('waits as long as ErrorServerBusy asks', async () => {
    const ews = await setup();
    fake!.script({ type: 'serverBusy', backOffMs: 25_000 });
    expect(await ews.upsert(event(), null)).toMatchObject({
      ok: false,
      status: 'retry',
      code: 'calendar.serverBusy',
      retryAfterMs: 25_000,
    });
    expect(fake!.items(ANNA)).toEqual([]);
  });

  it('re-reads a changed item and writes it again after a conflict', async () => {
    const ews = await setup();
    const made = await ews.upsert(event(), null);
    fake!.script({ type: 'conflictOnUpdate' });
    const r = await ews.upsert(event({ subject: 'Besök' }), made.ok ? made.ref : null);
    expect(r.ok).toBe(true);
    expect(fake!.items(ANNA).map((i) => i.subject)).toEqual(['Besök']);
    expect(fake!.requests.map((q) => q.operation)).toContain('GetItem');
  });

  it('makes an item deleted in Outlook again, and puts back one moved there', async () => {
    const ews = await setup();
    const made = await ews.upsert(event(), null);
    const ref = made.ok ? made.ref : null;
    fake!.outlook.edit(ANNA, ref!.id, { start: t0 + 7 * 3600_000 });
    expect((await ews.upsert(event(), ref)).ok).toBe(true);
    expect(fake!.items(ANNA).map((i) => i.start)).toEqual([t0]);
    fake!.outlook.delete(ANNA, fake!.items(ANNA)[0]!.id);
    expect((await ews.upsert(event(), ref)).ok).toBe(true);
    expect(fake!.items(ANNA)).toHaveLength(1);
  });

  it('lists only items of ours, by the extended property', async () => {
    const ews = await setup();
    await ews.upsert(event(), null);
    await ews.upsert(event({ key: 'plan-2', start: t0 + 86_400_000, end: t0 + 88_000_000 }), null);
    fake!.outlook.addOwn(ANNA, { subject: 'Tandläkare', start: t0 + 3600_000, end: t0 + 7200_000 });
    const listed = await ews.list(ANNA, t0 - 3600_000, t0 + 2 * 86_400_000);
    expect(listed.ok && listed.items.map((i) => i.key).sort()).toEqual(['plan-1', 'plan-2']);
    const day = await ews.list(ANNA, t0 - 3600_000, t0 + 3600_000);
    expect(day.ok && day.items.map((i) => [i.key, i.start])).toEqual([['plan-1', t0]]);
  });

  it('says which mailbox does not exist, and that impersonation is refused', async () => {
    const ews = await setup(undefined, ['bo@omsorg.example']);
    expect(await ews.upsert(event({ mailbox: 'okand@omsorg.example' }), null)).toMatchObject({
      ok: false,
      status: 'permanent',
      code: 'calendar.mailboxNotFound',
      params: { mailbox: 'okand@omsorg.example' },
    });
    expect(await ews.check('bo@omsorg.example')).toMatchObject({
      ok: false,
      status: 'pause',
      code: 'calendar.accessDenied',
    });
    expect(await ews.check(ANNA)).toEqual({ ok: true, displayName: 'Anna Andersson' });
  });

  it('pauses on a refused sign-in, a certificate it cannot trust and plain http', async () => {
    fake = await startEwsFake({
      mailboxes: { [ANNA]: 'Anna' },
      auth: { type: 'basic', user: 'svc', password: 'rätt' },
    });
    const wrong = createEwsBackend({
      url: fake.url,
      auth: { type: 'basic', user: 'svc', password: 'fel' },
      ca: fake.ca,
    });
    expect(await wrong.check(ANNA)).toMatchObject({
      ok: false,
      status: 'pause',
      code: 'calendar.authFailed',
    });
    const untrusted = createEwsBackend({
      url: fake.url,
      auth: { type: 'basic', user: 'svc', password: 'rätt' },
    });
    expect(await untrusted.check(ANNA)).toMatchObject({
      ok: false,
      status: 'pause',
      code: 'calendar.tlsFailed',
    });
    const plain = createEwsBackend({
      url: fake.url.replace('https:', 'http:'),
      auth: { type: 'basic', user: 'svc', password: 'rätt' },
    });
    expect(await plain.check(ANNA)).toMatchObject({
      ok: false,
      status: 'pause',
      code: 'calendar.insecureUrl',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('signs in with NTLM (NTLMv2 checked against the password) and with a bearer token', async () => {
    const ntlm = await setup({
      type: 'ntlm',
      user: 'svc-caredock',
      domain: 'OMSORG',
      password: 'Sommar2026!',
    });
    expect((await ntlm.upsert(event(), null)).ok).toBe(true);
    expect(fake!.requests.every((r) => r.auth === 'ntlm')).toBe(true);
    await fake!.close();
    fake = await startEwsFake({
      mailboxes: { [ANNA]: 'Anna' },
      auth: { type: 'ntlm', user: 'svc-caredock', domain: 'OMSORG', password: 'Sommar2026!' },
    });
    const wrong = createEwsBackend({
      url: fake.url,
      auth: { type: 'ntlm', user: 'svc-caredock', domain: 'OMSORG', password: 'Vinter2026!' },
      ca: fake.ca,
    });
    expect(await wrong.check(ANNA)).toMatchObject({ ok: false, code: 'calendar.authFailed' });
    await fake.close();
    const bearer = await setup({ type: 'bearer', token: 'tok-123' });
    expect(await bearer.check(ANNA)).toMatchObject({ ok: true });
  });
});
