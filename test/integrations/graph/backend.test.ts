import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CalendarEvent } from '../../../integrations/calendar/backend.ts';
import { createGraphBackend, type GraphSettings } from '../../../integrations/graph/client.ts';
import { msalTokenSource } from '../../../integrations/entra/token.ts';
import { PLAN_ID_PROPERTY_ID, encodeCreate } from '../../../integrations/graph/encoder.ts';
import { startGraphFake, type GraphFake } from '../../../integrations/graph/fake.ts';
import { httpsRequest } from '../../../integrations/http/request.ts';

const TENANT = 'omsorg.onmicrosoft.com';
const ANNA = 'anna.berg@omsorg.example';
const BO = 'bo.lind@omsorg.example';

const fakes: GraphFake[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const f of fakes.splice(0)) await f.close();
});

async function graph(extra: Partial<Parameters<typeof startGraphFake>[0]> = {}): Promise<GraphFake> {
  const f = await startGraphFake({
    tenant: TENANT,
    clientId: 'app-1',
    clientSecret: 's3cret',
    users: { [ANNA]: { displayName: 'Anna Berg' }, [BO]: { displayName: 'Bo Lind' } },
    denied: [BO],
    ...extra,
  });
  fakes.push(f);
  return f;
}

function settings(f: GraphFake, extra: Partial<GraphSettings> = {}): GraphSettings {
  return {
    graphUrl: f.url,
    tenant: TENANT,
    clientId: 'app-1',
    clientSecret: 's3cret',
    authorityHost: f.tokens.url,
    // One CA for both fakes: they share the loopback certificate.
    ca: f.ca,
    timeoutMs: 5000,
    ...extra,
  };
}

const t0 = Date.UTC(2026, 2, 29, 6, 30); // the morning Sweden moves to summer time
const visit = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  key: 'plan-4711',
  mailbox: ANNA,
  subject: 'Besök: Ängby 12',
  body: 'Morgonbesök, dusch och frukost.\nRing på hos grannen om ingen öppnar.',
  start: t0,
  end: t0 + 45 * 60_000,
  timeZone: 'Europe/Stockholm',
  location: 'Ängbyvägen 12, Bromma',
  ...over,
});

describe('the Graph calendar backend', () => {
  it('creates, moves and deletes an item of ours, with no attendees and our property', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    const created = await b.upsert(visit(), null);
    expect(created).toMatchObject({ ok: true });
    const ref = (created as { ref: { id: string } }).ref;
    let [e] = f.events(ANNA);
    expect(f.events(ANNA)).toHaveLength(1);
    expect(e).toMatchObject({
      id: ref.id,
      subject: 'Besök: Ängby 12',
      body: visit().body,
      start: t0,
      end: t0 + 45 * 60_000,
      location: 'Ängbyvägen 12, Bromma',
      showAs: 'busy',
      isReminderOn: false,
      attendees: [],
      props: { [PLAN_ID_PROPERTY_ID]: 'plan-4711' },
    });
    expect(e!.transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Looked up first, then created: a create that failed after sending would have been found.
    expect(f.count('GET', "ep/value eq 'plan-4711'")).toBe(1);

    const moved = await b.upsert(
      visit({ start: t0 + 3600_000, end: t0 + 5400_000, location: undefined }),
      ref,
    );
    expect(moved).toEqual({ ok: true, ref });
    [e] = f.events(ANNA);
    expect(e).toMatchObject({ id: ref.id, start: t0 + 3600_000, end: t0 + 5400_000, location: '' });
    expect(f.count('POST')).toBe(1);
    expect(f.count('PATCH')).toBe(1);

    expect(await b.remove(ANNA, 'plan-4711', ref)).toEqual({ ok: true });
    expect(f.events(ANNA)).toEqual([]);
    // Gone already is success.
    expect(await b.remove(ANNA, 'plan-4711', ref)).toEqual({ ok: true });
    expect(await b.remove(ANNA, 'plan-4711', null)).toEqual({ ok: true });
  });

  it('finds an item by the property when the ref is not known, and updates it instead of doubling it', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    await b.upsert(visit(), null);
    const again = await b.upsert(visit({ key: 'plan-4711', subject: 'Besök: Ängby 12 (ändrat)' }), null);
    expect(again).toMatchObject({ ok: true });
    expect(f.events(ANNA)).toHaveLength(1);
    expect(f.events(ANNA)[0]!.subject).toBe('Besök: Ängby 12 (ändrat)');
    // A key with a quote in it is escaped in the filter, not cut short.
    await b.upsert(visit({ key: "plan-o'neil" }), null);
    expect(f.events(ANNA)).toHaveLength(2);
    expect(await b.remove(ANNA, "plan-o'neil", null)).toEqual({ ok: true });
    expect(f.events(ANNA).map((e) => e.props[PLAN_ID_PROPERTY_ID])).toEqual(['plan-4711']);
  });

  it('retries a create whose answer was lost after Graph made the item, and never doubles it', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    f.script({ afterCreate: 'drop' });
    expect(await b.upsert(visit(), null)).toEqual({ ok: false, status: 'retry', code: 'calendar.timeout' });
    expect(f.events(ANNA)).toHaveLength(1);
    f.script({ afterCreate: 500 });
    expect(await b.upsert(visit({ key: 'plan-4712' }), null)).toMatchObject({ ok: false, status: 'retry' });
    expect(f.events(ANNA)).toHaveLength(2);

    const retried = await b.upsert(visit(), null);
    expect(retried).toEqual({ ok: true, ref: { id: f.events(ANNA)[0]!.id } });
    expect(await b.upsert(visit({ key: 'plan-4712' }), null)).toMatchObject({ ok: true });
    expect(f.events(ANNA)).toHaveLength(2);
    expect(f.count('POST')).toBe(2); // the retries found their items and patched them
  });

  it('lets Graph deduplicate a repeated create by its transactionId', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    const body = JSON.stringify(encodeCreate(visit()));
    const token = await msalTokenSource({
      authorityHost: f.tokens.url,
      tenant: TENANT,
      clientId: 'app-1',
      clientSecret: 's3cret',
      scope: `${new URL(f.url).origin}/.default`,
      ca: f.ca,
    }).token();
    const post = () =>
      httpsRequest({
        url: `${f.url}/users/${encodeURIComponent(ANNA)}/events`,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        ca: f.ca,
        timeoutMs: 5000,
      });
    const [a1, a2] = [await post(), await post()];
    expect(a1.ok && a2.ok && JSON.parse(a1.body).id === JSON.parse(a2.body).id).toBe(true);
    expect(f.events(ANNA)).toHaveLength(1);
    // Another visit's create is another transaction.
    expect(await b.upsert(visit({ key: 'plan-9' }), null)).toMatchObject({ ok: true });
    expect(f.events(ANNA)).toHaveLength(2);
  });

  it('honours Retry-After on 429 and 503, and retries 504', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    f.script({ status: 429, retryAfterSeconds: 7 });
    expect(await b.upsert(visit(), null)).toEqual({
      ok: false,
      status: 'retry',
      code: 'calendar.serverBusy',
      retryAfterMs: 7000,
    });
    f.script({ status: 503, retryAfterSeconds: 2, method: 'POST' });
    expect(await b.upsert(visit(), null)).toMatchObject({ status: 'retry', retryAfterMs: 2000 });
    f.script({ status: 504 });
    expect(await b.list(ANNA, t0, t0 + 86_400_000)).toEqual({
      ok: false,
      status: 'retry',
      code: 'calendar.serverBusy',
    });
    expect(f.events(ANNA)).toHaveLength(0);
    expect(await b.upsert(visit(), null)).toMatchObject({ ok: true });
    expect(f.events(ANNA)).toHaveLength(1);
  });

  it('caches the token and gets a new one before it expires, so Graph never refuses it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0);
    const f = await graph({ tokenExpiresInSeconds: 330 }); // MSAL renews 300 s before expiry
    const b = createGraphBackend(settings(f));
    expect(await b.check(ANNA)).toEqual({ ok: true, displayName: 'Anna Berg' });
    vi.setSystemTime(t0 + 20_000);
    expect(await b.list(ANNA, t0, t0 + 86_400_000)).toMatchObject({ ok: true });
    expect(f.tokens.requests).toBe(1);
    const first = f.tokens.issued[0]!;

    vi.setSystemTime(t0 + 40_000); // inside the renewal window, still valid
    expect(await b.list(ANNA, t0, t0 + 86_400_000)).toMatchObject({ ok: true });
    expect(f.tokens.requests).toBe(2);
    vi.setSystemTime(t0 + 340_000); // the first token has expired; the second is still good
    expect(await b.upsert(visit(), null)).toMatchObject({ ok: true });
    expect(f.requests.filter((r) => r.status === 401)).toEqual([]);

    // The fake does refuse an expired token: the test above could fail.
    const stale = await httpsRequest({
      url: `${f.url}/users/${encodeURIComponent(ANNA)}`,
      method: 'GET',
      headers: { authorization: `Bearer ${first}` },
      ca: f.ca,
      timeoutMs: 5000,
    });
    expect(stale.ok && stale.status).toBe(401);
    expect(stale.ok && JSON.parse(stale.body).error.code).toBe('InvalidAuthenticationToken');
  });

  it('gets a fresh token once after a 401, and pauses when Graph still refuses', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    expect(await b.upsert(visit(), null)).toMatchObject({ ok: true });
    f.tokens.revokeAll(); // e.g. the app's secret was rotated and old tokens revoked
    expect(await b.upsert(visit({ subject: 'Flyttat' }), null)).toMatchObject({ ok: true });
    expect(f.tokens.requests).toBe(2);
    expect(f.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(f.events(ANNA)[0]!.subject).toBe('Flyttat');

    f.script({ status: 401 }, { status: 401 });
    expect(await b.list(ANNA, t0, t0 + 1)).toEqual({
      ok: false,
      status: 'pause',
      code: 'calendar.authFailed',
    });
    expect(f.tokens.requests).toBe(3); // one re-acquire, not a loop
  });

  it('pauses with tokenFailed when Entra refuses the app, and with tlsFailed on an untrusted certificate', async () => {
    const f = await graph();
    expect(await createGraphBackend(settings(f, { clientSecret: 'wrong' })).upsert(visit(), null)).toEqual({
      ok: false,
      status: 'pause',
      code: 'calendar.tokenFailed',
    });
    expect(f.requests).toHaveLength(0);
    const { ca: _ca, ...untrusted } = settings(f);
    expect(await createGraphBackend(untrusted).check(ANNA)).toMatchObject({
      status: 'pause',
      code: 'calendar.tokenFailed',
    });
    expect(
      await createGraphBackend(settings(f, { graphUrl: 'http://127.0.0.1:1/v1.0' })).check(ANNA),
    ).toEqual({
      ok: false,
      status: 'pause',
      code: 'calendar.insecureUrl',
    });
  });

  it('lists only our items, across pages', async () => {
    const f = await graph({ pageSize: 3 });
    const b = createGraphBackend(settings(f));
    for (let i = 0; i < 7; i++)
      await b.upsert(
        visit({ key: `plan-${i}`, start: t0 + i * 3600_000, end: t0 + i * 3600_000 + 1800_000 }),
        null,
      );
    f.addOwn(ANNA, { subject: 'Tandläkare', start: t0 + 1800_000, end: t0 + 2400_000 });
    f.addOwn(ANNA, { subject: 'Lunch', start: t0 + 4 * 3600_000, end: t0 + 5 * 3600_000 });
    // Outside the window: not listed.
    await b.upsert(visit({ key: 'plan-late', start: t0 + 86_400_000, end: t0 + 86_400_000 + 60_000 }), null);

    const r = await b.list(ANNA, t0, t0 + 86_400_000);
    expect(r.ok).toBe(true);
    const items = (r as { items: { key: string; start: number; body: string; ref: { id: string } }[] }).items;
    expect(items.map((i) => i.key)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `plan-${i}`));
    expect(items[2]).toMatchObject({ start: t0 + 2 * 3600_000, body: visit().body });
    expect(f.count('GET', 'calendarView')).toBe(3); // 9 items in the window, 3 a page
  });

  it('says exactly what failed: unknown mailbox, denied mailbox, bad address', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    const nobody = 'nobody@omsorg.example';
    expect(await b.check(nobody)).toEqual({
      ok: false,
      status: 'permanent',
      code: 'calendar.mailboxNotFound',
      params: { mailbox: nobody },
    });
    expect(await b.upsert(visit({ mailbox: nobody }), null)).toMatchObject({
      status: 'permanent',
      code: 'calendar.mailboxNotFound',
    });
    expect(await b.upsert(visit({ mailbox: BO }), null)).toEqual({
      ok: false,
      status: 'pause',
      code: 'calendar.accessDenied',
      params: { mailbox: BO },
    });
    expect(await b.check(BO)).toMatchObject({ status: 'pause', code: 'calendar.accessDenied' });
    expect(await b.upsert(visit({ mailbox: 'anna.berg' }), null)).toMatchObject({
      status: 'permanent',
      code: 'calendar.addressInvalid',
    });
  });

  it('makes an item deleted in Outlook again, and puts an item edited in Outlook back', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    const first = (await b.upsert(visit(), null)) as { ok: true; ref: { id: string } };
    f.editInOutlook(ANNA, first.ref.id, { subject: 'Flyttad av mig', start: t0 - 3600_000 });
    expect(await b.upsert(visit(), first.ref)).toEqual({ ok: true, ref: first.ref });
    expect(f.events(ANNA)[0]).toMatchObject({ subject: 'Besök: Ängby 12', start: t0 });

    f.deleteInOutlook(ANNA, first.ref.id);
    const again = await b.upsert(visit(), first.ref);
    expect(again).toMatchObject({ ok: true });
    const ref = (again as { ref: { id: string } }).ref;
    expect(ref.id).not.toBe(first.ref.id);
    expect(f.events(ANNA)).toEqual([expect.objectContaining({ id: ref.id, subject: 'Besök: Ängby 12' })]);
  });

  it('encodes the UPN as one path segment', async () => {
    const guest = 'eva_extern.example#EXT#@omsorg.onmicrosoft.com';
    const f = await graph({ users: { [guest]: { displayName: 'Eva Extern' } } });
    const b = createGraphBackend(settings(f));
    expect(await b.upsert(visit({ mailbox: guest }), null)).toMatchObject({ ok: true });
    expect(f.events(guest)).toHaveLength(1);
    expect(await b.check(guest)).toEqual({ ok: true, displayName: 'Eva Extern' });
  });

  it('pauses with tlsFailed when the Graph address does not speak TLS, and retries a silent server', async () => {
    const f = await graph();
    // A plain HTTP listener where TLS was expected (a proxy, a wrong port), and one that never answers.
    const plain = http.createServer((_req, res) => res.end('hello'));
    // Takes the connection and says nothing, not even the TLS handshake's answer.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((sock) => void sockets.push(sock));
    const servers = [plain, silent];
    try {
      for (const s of servers) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const port = (s: net.Server) => (s.address() as AddressInfo).port;
      const b = createGraphBackend(settings(f, { graphUrl: `https://127.0.0.1:${port(plain)}/v1.0` }));
      expect(await b.check(ANNA)).toEqual({ ok: false, status: 'pause', code: 'calendar.tlsFailed' });
      const slow = createGraphBackend(
        settings(f, { graphUrl: `https://127.0.0.1:${port(silent)}/v1.0`, timeoutMs: 300 }),
      );
      expect(await slow.upsert(visit(), null)).toEqual({
        ok: false,
        status: 'retry',
        code: 'calendar.timeout',
      });
    } finally {
      plain.closeAllConnections();
      for (const sock of sockets) sock.destroy();
      for (const s of servers) await new Promise((r) => s.close(r));
    }
  });

  it('retries when Graph cannot be reached', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    expect(await b.check(ANNA)).toMatchObject({ ok: true });
    const url = f.url;
    await f.close();
    fakes.pop();
    const r = await b.list(ANNA, t0, t0 + 1);
    // The token is cached, so it is Graph itself that is not there.
    expect(r).toEqual({
      ok: false,
      status: 'retry',
      code: 'calendar.connectionFailed',
      params: { host: new URL(url).host },
    });
  });
});

describe('batched upserts', () => {
  it('writes a day of visits in $batch requests of up to 20, finding and updating what exists', async () => {
    const f = await graph({ pageSize: 50 });
    const b = createGraphBackend(settings(f));
    const day = Array.from({ length: 25 }, (_, i) =>
      visit({ key: `plan-${i}`, start: t0 + i * 1800_000, end: t0 + i * 1800_000 + 1500_000 }),
    );
    // Two exist already: one we know the ref of, one only the property finds.
    const known = (await b.upsert(day[3]!, null)) as { ok: true; ref: { id: string } };
    await b.upsert(day[7]!, null);
    f.editInOutlook(ANNA, known.ref.id, { subject: 'Ändrat i Outlook' });
    const before = f.count('POST', '$batch');

    const results = await b.batchUpsert(
      day.map((event, i) => ({ event, known: i === 3 ? known.ref : null })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[3]).toEqual({ ok: true, ref: known.ref });
    expect(f.events(ANNA)).toHaveLength(25);
    expect(new Set(f.events(ANNA).map((e) => e.props[PLAN_ID_PROPERTY_ID])).size).toBe(25);
    expect(f.events(ANNA).find((e) => e.id === known.ref.id)!.subject).toBe('Besök: Ängby 12');
    // 24 look-ups in 2 batches, 25 writes in 2 batches; 23 creates, 2 updates.
    expect(f.count('POST', '$batch') - before).toBe(4);
    expect(f.count('POST', '(batch)')).toBe(23);
    expect(f.count('PATCH', '(batch)')).toBe(2);
    const ids = (results as { ref: { id: string } }[]).map((r) => r.ref.id);
    expect(new Set(ids).size).toBe(25);

    // Again with every ref known: only updates, one request each in 2 batches.
    const again = await b.batchUpsert(day.map((event, i) => ({ event, known: { id: ids[i]! } })));
    expect(again.every((r) => r.ok)).toBe(true);
    expect(f.count('POST', '(batch)')).toBe(23);
    expect(f.count('PATCH', '(batch)')).toBe(27);
  });

  it('answers each item for itself: a throttled one, one deleted in Outlook, one for an unknown mailbox', async () => {
    const f = await graph();
    const b = createGraphBackend(settings(f));
    const gone = (await b.upsert(visit({ key: 'plan-gone' }), null)) as { ok: true; ref: { id: string } };
    f.deleteInOutlook(ANNA, gone.ref.id);
    f.script({ inBatch: 429, retryAfterSeconds: 5 });
    const results = await b.batchUpsert([
      { event: visit({ key: 'plan-a' }), known: null },
      { event: visit({ key: 'plan-gone' }), known: gone.ref },
      { event: visit({ key: 'plan-x', mailbox: 'nobody@omsorg.example' }), known: null },
      { event: visit({ key: 'plan-bad', mailbox: 'not an address' }), known: null },
    ]);
    expect(results[0]).toEqual({
      ok: false,
      status: 'retry',
      code: 'calendar.serverBusy',
      retryAfterMs: 5000,
    });
    expect(results[1]).toMatchObject({ ok: true });
    expect((results[1] as { ref: { id: string } }).ref.id).not.toBe(gone.ref.id);
    expect(results[2]).toMatchObject({ ok: false, status: 'permanent', code: 'calendar.mailboxNotFound' });
    expect(results[3]).toMatchObject({ ok: false, status: 'permanent', code: 'calendar.addressInvalid' });
    expect(f.events(ANNA).map((e) => e.props[PLAN_ID_PROPERTY_ID])).toEqual(['plan-gone']);
  });
});
