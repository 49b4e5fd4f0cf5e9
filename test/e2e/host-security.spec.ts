// The headless host answers only a browser that came through the printed link, only on its own
// Host, and only to its own Origin.
import http from 'node:http';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import WebSocket from 'ws';
import { useHost } from './host.ts';

const host = useHost();

/** A raw request with headers a browser (or fetch) would not let us forge. */
function rawRequest(
  port: number,
  options: { method?: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Exchanges the token for the session cookie, as a browser does, and returns the cookie. */
async function sessionCookie(): Promise<string> {
  const link = new URL(await host().newLink());
  const res = await rawRequest(host().port, {
    path: link.pathname + link.search,
    headers: { host: link.host },
  });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/');
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  return setCookie.split(';')[0] ?? '';
}

test('a page opened without the token or its cookie is refused', async ({ page }) => {
  const response = await page.goto(host().origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Öppna länken som kommandot caredock serve skrev ut');
  await expect(page.locator('#app')).toHaveCount(0);

  const wrongToken = await page.goto(host().origin + '/?token=not-the-token');
  expect(wrongToken?.status()).toBe(403);

  // Our own Origin, but no cookie.
  const api = await page.request.post(host().origin + '/api/app.info', {
    data: {},
    headers: { origin: host().origin },
  });
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ ok: false, error: { code: 'host.notAuthorised', params: {} } });
});

test('the printed link opens the app and moves the token into an HttpOnly cookie', async ({ page }) => {
  await page.goto(host().url);
  await expect(page).toHaveURL(host().origin + '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen till CareDock' })).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  // HttpOnly: the page's own scripts cannot read it.
  expect(
    await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
  ).toBe('');
});

test('a link works once: opened again, in another browser, it explains how to get a new one', async ({
  browser,
}) => {
  const other = await browser.newContext();
  try {
    const page = await other.newPage();
    const response = await page.goto(host().url);
    expect(response?.status()).toBe(403);
    await expect(page.locator('body')).toContainText('Länken har redan använts eller är för gammal');
    await expect(page.locator('body')).toContainText('Tryck Enter i fönstret där caredock serve körs');
    await expect(page.locator('#app')).toHaveCount(0);
    // The terminal's new link opens it.
    await page.goto(await host().newLink());
    await expect(page.getByRole('heading', { level: 1, name: 'Välkommen till CareDock' })).toBeVisible();
  } finally {
    await other.close();
  }
});

test('a POST with a foreign Origin is refused even with a valid cookie', async () => {
  const cookie = await sessionCookie();
  const base = { 'content-type': 'application/json', cookie, host: `127.0.0.1:${host().port}` };

  const own = await rawRequest(host().port, {
    method: 'POST',
    path: '/api/app.info',
    headers: { ...base, origin: host().origin },
    body: '{}',
  });
  expect(own.status).toBe(200);
  expect(JSON.parse(own.body)).toMatchObject({ ok: true, result: { name: 'CareDock', shell: 'headless' } });

  const foreign = await rawRequest(host().port, {
    method: 'POST',
    path: '/api/app.info',
    headers: { ...base, origin: 'http://evil.example' },
    body: '{}',
  });
  expect(foreign.status).toBe(403);
  expect(JSON.parse(foreign.body)).toEqual({ ok: false, error: { code: 'host.notAuthorised', params: {} } });

  // A POST must name an origin at all.
  const none = await rawRequest(host().port, {
    method: 'POST',
    path: '/api/app.info',
    headers: base,
    body: '{}',
  });
  expect(none.status).toBe(403);

  // The same through Playwright's request API, as another program on this PC would send it.
  const api = await playwrightRequest.newContext();
  try {
    const r = await api.post(host().origin + '/api/app.info', {
      headers: { cookie, origin: 'http://evil.example' },
      data: {},
    });
    expect(r.status()).toBe(403);
  } finally {
    await api.dispose();
  }
});

test('a foreign Host header (DNS rebinding) is refused', async () => {
  const cookie = await sessionCookie();
  const res = await rawRequest(host().port, {
    path: '/',
    headers: { host: `evil.example:${host().port}`, cookie },
  });
  expect(res.status).toBe(421);
  const api = await rawRequest(host().port, {
    method: 'POST',
    path: '/api/app.info',
    headers: {
      host: `evil.example:${host().port}`,
      origin: `http://evil.example:${host().port}`,
      cookie,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  expect(api.status).toBe(421);
});

test('the event stream refuses a foreign Origin and a missing cookie', async () => {
  const cookie = await sessionCookie();
  const attempt = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host().port}/events`, { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('error', () => resolve(-1));
    });
  expect(await attempt({ cookie, origin: host().origin })).toBe(101);
  expect(await attempt({ cookie, origin: 'http://evil.example' })).toBe(403);
  expect(await attempt({ origin: host().origin })).toBe(403);
});
