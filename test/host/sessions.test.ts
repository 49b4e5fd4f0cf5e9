// The headless host's link, cookie and request checks, as an outside probe tried them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../src/main/host/http-host.ts';
import { ADMIN, startTestCore, tempDir, type TestCore } from '../helpers/core.ts';

let t: TestCore;
let host: HeadlessHost;
let base: string;

async function start(options: { linkSeconds?: number; sessionIdleSeconds?: number } = {}) {
  const renderer = tempDir('caredock-renderer-');
  mkdirSync(path.join(renderer, 'assets'));
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>CareDock</title>');
  host = await startHeadlessHost({ core: t.core, rendererDir: renderer, port: 0, ...options });
  base = `http://127.0.0.1:${host.port}`;
}

beforeEach(async () => {
  t = await startTestCore();
});
afterEach(async () => {
  vi.useRealTimers();
  await host.close();
  await t.cleanup();
});

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

async function exchange(link: string): Promise<Response> {
  return fetch(link, { redirect: 'manual' });
}

function call(cookie: string, name: string, body: unknown = {}, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie, ...headers },
    body: JSON.stringify(body),
  });
}

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { error?: { code: string } }).error?.code ?? 'ok';
}

/** HTTP spoken by hand: headers fetch() and node:http will not send twice or in absolute form. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Written, not ended: the server answers and closes (Connection: close).
    const socket = connect(host.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

describe('the printed link', () => {
  it('opens one browser session, once: 5,000 tries of the same link make one session', async () => {
    await start();
    const tries = await Promise.all(Array.from({ length: 5000 }, () => exchange(host.url)));
    const statuses = tries.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(4999);
    const refused = tries.find((r) => r.status === 403)!;
    expect(await refused.text()).toContain('Länken har redan använts eller är för gammal');
    // A new link from the terminal opens one more.
    expect((await exchange(host.newLink())).status).toBe(303);
  }, 60_000);

  it('is short-lived: unused for its lifetime, it opens nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await start({ linkSeconds: 60 });
    const link = host.newLink();
    vi.setSystemTime(Date.now() + 61_000);
    expect((await exchange(link)).status).toBe(403);
    expect((await exchange(host.newLink())).status).toBe(303);
  });
});

describe('the session cookie', () => {
  it('gets a new id at setup, login and logout; the old one stops working', async () => {
    await start();
    const first = cookieOf(await exchange(host.url));
    const setup = await call(first, 'auth.setup', ADMIN);
    expect(setup.status).toBe(200);
    const afterSetup = cookieOf(setup);
    expect(afterSetup).not.toBe(first);
    // The id from before the login now belongs to nobody: not even to the logged-in session.
    const stale = await call(first, 'users.list');
    expect(stale.status).toBe(401);
    expect(await code(stale)).toBe('auth.required');
    expect((await call(afterSetup, 'users.list')).status).toBe(200);

    const logout = await call(afterSetup, 'auth.logout');
    const afterLogout = cookieOf(logout);
    expect(afterLogout).not.toBe(afterSetup);
    expect(await code(await call(afterSetup, 'auth.session'))).toBe('auth.required');
    const login = await call(afterLogout, 'auth.login', {
      username: ADMIN.username,
      password: ADMIN.password,
    });
    const afterLogin = cookieOf(login);
    expect(afterLogin).not.toBe(afterLogout);
    expect((await call(afterLogout, 'users.list')).status).toBe(401);
    expect((await call(afterLogin, 'users.list')).status).toBe(200);
    // A failed login changes nothing.
    const wrong = await call(afterLogin, 'auth.login', {
      username: ADMIN.username,
      password: 'fel-lösenord',
    });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('ends after a while without requests', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await start({ sessionIdleSeconds: 600 });
    const cookie = cookieOf(await exchange(host.url));
    const setup = await call(cookie, 'auth.setup', ADMIN);
    const live = cookieOf(setup);
    vi.setSystemTime(Date.now() + 599_000);
    expect((await call(live, 'auth.session')).status).toBe(200);
    vi.setSystemTime(Date.now() + 601_000);
    const expired = await call(live, 'auth.session');
    expect(expired.status).toBe(401);
    expect(await code(expired)).toBe('host.notAuthorised');
    expect((await fetch(`${base}/`, { headers: { cookie: live } })).status).toBe(401);
  });

  it('is ignored when the request carries it twice', async () => {
    await start();
    const a = cookieOf(await exchange(host.newLink()));
    const b = cookieOf(await exchange(host.newLink()));
    expect((await call(a, 'app.info')).status).toBe(200);
    expect((await call(`${a}; ${b}`, 'app.info')).status).toBe(401);
  });
});

describe('requests', () => {
  let cookie: string;
  beforeEach(async () => {
    await start();
    cookie = cookieOf(await exchange(host.url));
  });

  it('answers a malformed % escape in the procedure name with 400, not 500', async () => {
    for (const name of ['%E0%A4%A', '%', 'auth.%zz']) {
      const res = await call(cookie, name);
      expect(res.status, name).toBe(400);
      expect(await code(res)).toBe('host.badRequest');
    }
    expect((await call(cookie, 'app%2Einfo')).status).toBe(200);
  });

  it('takes only application/json as JSON', async () => {
    for (const type of [
      'application/jsonfoo',
      'application/json-seq',
      'text/plain',
      'application/json; charset=latin1',
    ]) {
      const res = await call(cookie, 'app.info', {}, { 'content-type': type });
      expect(res.status, type).toBe(400);
      expect(await code(res)).toBe('host.badRequest');
    }
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8'])
      expect((await call(cookie, 'app.info', {}, { 'content-type': type })).status, type).toBe(200);
  });

  it('refuses duplicate Host, Origin and Content-Type headers', async () => {
    const request = (extra: string) =>
      raw(
        `POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${extra}Origin: ${base}\r\n` +
          `Cookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
    expect(statusOf(await request(''))).toBe(200);
    expect(statusOf(await request(`Host: 127.0.0.1:${host.port}\r\n`))).toBe(421);
    expect(statusOf(await request('Host: evil.example\r\n'))).toBe(421);
    expect(statusOf(await request('Origin: http://evil.example\r\n'))).toBe(403);
    expect(statusOf(await request('Content-Type: text/plain\r\n'))).toBe(400);
  });

  it('refuses absolute-form and protocol-relative request targets', async () => {
    const target = (t: string) =>
      raw(
        `GET ${t} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
      );
    expect(statusOf(await target('/'))).toBe(200);
    expect(statusOf(await target(`http://127.0.0.1:${host.port}/`))).toBe(400);
    expect(statusOf(await target('http://evil.example/'))).toBe(400);
    expect(statusOf(await target('//evil.example/'))).toBe(400);
  });
});
