import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessHost, type HeadlessHost } from '../../src/main/host/http-host.ts';
import { ADMIN, startTestCore, tempDir, type TestCore } from '../helpers/core.ts';

let t: TestCore;
let host: HeadlessHost;
let base: string;
let origin: string;

beforeEach(async () => {
  t = await startTestCore();
  const renderer = tempDir('caredock-renderer-');
  mkdirSync(path.join(renderer, 'assets'));
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>CareDock</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  host = await startHeadlessHost({ core: t.core, rendererDir: renderer, port: 0 });
  base = `http://127.0.0.1:${host.port}`;
  origin = base;
});
afterEach(async () => {
  await host.close();
  await t.cleanup();
});

/** Exchanges a one-time link (a fresh one unless given) for the session cookie. */
async function exchangeToken(link = host.newLink()): Promise<string> {
  const res = await fetch(link, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

function api(cookie: string | null, name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });
}

/** The cookie a login, setup or logout answer replaced the old one with. */
function renewed(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  return cookie.split(';')[0]!;
}

describe('headless host', () => {
  it('prints a ready URL on loopback with a token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(host.newLink()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(host.newLink()).not.toBe(host.url);
  });

  it('serves the UI with a strict CSP only after the token exchange', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(403);
    const cookie = await exchangeToken();
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await fetch(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/planning/week`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
    const traversal = await fetch(`${base}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } });
    expect(await traversal.text()).not.toContain('root:');
  });

  it('refuses API calls without the cookie, from a foreign origin or to a foreign host', async () => {
    const noCookie = await api(null, 'app.info', {});
    expect(noCookie.status).toBe(401);
    expect(((await noCookie.json()) as { error: { code: string } }).error.code).toBe('host.notAuthorised');
    const cookie = await exchangeToken();
    expect((await api(cookie, 'app.info', {})).status).toBe(200);
    expect((await api(cookie, 'app.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api(cookie, 'app.info', {}, { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(
      403,
    );
    // fetch() will not let us forge Host, so speak HTTP by hand for the rebinding case.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/app.info',
          method: 'POST',
          headers: { host: `evil.example:${host.port}`, origin, cookie, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
    // A form post (no JSON content type) is not accepted either.
    const form = await fetch(`${base}/api/app.info`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(400);
  });

  it('refuses an admin procedure to a coordinator over HTTP', async () => {
    const setup = await api(await exchangeToken(), 'auth.setup', ADMIN);
    expect(setup.status).toBe(200);
    const adminCookie = renewed(setup);
    const created = await api(adminCookie, 'users.create', {
      username: 'cecilia',
      displayName: 'Cecilia',
      password: 'tillfälligt-lösen',
      roles: ['coordinator'],
    });
    expect(created.status).toBe(200);
    const login = await api(await exchangeToken(), 'auth.login', {
      username: 'cecilia',
      password: 'tillfälligt-lösen',
    });
    expect(login.status).toBe(200);
    const coordinatorCookie = renewed(login);
    const refused = await api(coordinatorCookie, 'users.create', {
      username: 'mallory',
      displayName: 'M',
      password: 'abcdefghijkl',
      roles: ['admin'],
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('auth.forbidden');
    const bad = await api(adminCookie, 'users.create', { username: 42 });
    expect(bad.status).toBe(400);
    const big = await api(adminCookie, 'users.list', { pad: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
  });

  it('streams events over a WebSocket only to a checked origin with the cookie', async () => {
    const cookie = await exchangeToken();
    const wsUrl = `ws://127.0.0.1:${host.port}/events`;
    const refused = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.on('open', () => resolve('open'));
        ws.on('error', () => resolve('refused'));
        ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
      });
    expect(await refused({ origin })).toMatch(/refused/);
    expect(await refused({ origin: 'http://evil.example', cookie })).toMatch(/refused/);
    const ws = new WebSocket(wsUrl, { headers: { origin, cookie } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const got = new Promise<{ event: string; payload: { user: { username: string } } | null }>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    await api(cookie, 'auth.setup', ADMIN);
    const message = await got;
    expect(message.event).toBe('session.changed');
    expect(message.payload?.user.username).toBe('anna');
    ws.close();
  });
});
