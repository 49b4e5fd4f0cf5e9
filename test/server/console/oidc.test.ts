// Single sign-on through the real console listener against a local oidc-provider: the browser's
// redirects are followed by hand, with a cookie jar for each side, as a browser would.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccount, updateAccount } from '../../../src/server/console/accounts.ts';
import { checkIssuer, createOidcFlow, mapRoles } from '../../../src/server/console/oidc.ts';
import { createLogger } from '../../../src/server/log.ts';
import type { ConsoleOidcConfig } from '../../../src/server/config.ts';
import { dataPaths } from '../../../src/server/paths.ts';
import {
  consoleCaCertPath,
  issueSelfSignedConsoleCertificate,
} from '../../../src/server/pki/consoleCertificate.ts';
import { SESSION_COOKIE } from '../../../src/shared/console/contract.ts';
import { startFakeOidc, type FakeOidc, type FakeOidcUser } from '../../fakes/oidc/provider.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { consoleBrowser, type ConsoleBrowser } from './browser.ts';

/** The console's address as browsers see it; the test sends what comes back there to the listener. */
const PUBLIC_URL = 'https://konsol.kommun.test/';
const CALLBACK = `${PUBLIC_URL}auth/oidc/callback`;

const USERS: Record<string, FakeOidcUser> = {
  anna: { name: 'Anna Admin', email: 'anna@kommun.test', roles: ['CareDock.Admin'] },
  bo: { name: 'Bo Viewer', email: 'bo@kommun.test', roles: ['CareDock.Viewer'] },
  cecilia: { name: 'Cecilia Utan Roll', email: 'cecilia@kommun.test', roles: ['Payroll.Reader'] },
  dan: { name: 'Dan Deactivated', email: 'dan@kommun.test', roles: ['CareDock.Viewer'] },
  erik: { name: 'Erik Enhet', groups: ['0a1b2c3d-unit-admins', 'ffff-other'] },
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function oidcConfig(
  issuer: string,
  clientId: string,
  secretFile: string,
  over: Partial<ConsoleOidcConfig> = {},
): ConsoleOidcConfig {
  return {
    issuer,
    clientId,
    clientSecretFile: secretFile,
    roleClaim: 'roles',
    roleMap: { 'CareDock.Admin': 'municipalityAdmin', 'CareDock.Viewer': 'viewer' },
    scopes: 'openid profile email',
    allowInsecureLoopback: true,
    ...over,
  };
}

async function fixtureFor(
  oidc: { issuer: string; clientId: string; clientSecret: string },
  over: Partial<ConsoleOidcConfig> = {},
): Promise<Fixture> {
  return startFixture(
    { engine: 'pglite', dataDir: null },
    {
      configure: (config, dataDir) => {
        const secretFile = path.join(dataDir, 'oidc-client-secret');
        writeFileSync(secretFile, `${oidc.clientSecret}\n`, { mode: 0o600 });
        return {
          ...config,
          console: {
            ...config.console,
            publicUrl: PUBLIC_URL,
            oidc: oidcConfig(oidc.issuer, oidc.clientId, secretFile, over),
          },
        };
      },
    },
  );
}

/** The provider's side of the browser: its own cookies, and its CA when it speaks HTTPS. */
function providerJar(ca: string | undefined) {
  const jar = new Map<string, string>();
  return (url: string): Promise<{ status: number; location: string | null }> =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const headers = jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
      const onResponse = (res: import('node:http').IncomingMessage) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = c.split(';');
          const i = pair.indexOf('=');
          if (i <= 0) continue;
          const value = pair.slice(i + 1);
          if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(pair.slice(0, i));
          else jar.set(pair.slice(0, i), value);
        }
        res.resume();
        res.on('end', () => {
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            location: location === undefined ? null : new URL(location, url).href,
          });
        });
      };
      const req =
        u.protocol === 'https:'
          ? httpsRequest(u, { headers, ...(ca === undefined ? {} : { ca }) }, onResponse)
          : httpRequest(u, { headers }, onResponse);
      req.on('error', reject);
      req.end();
    });
}

/**
 * Start at the console, through the provider's login as `user` (null: the fake's next user, as a
 * Playwright page gets it), to the callback URL it sends back.
 */
async function throughProvider(b: ConsoleBrowser, user: string | null, ca?: string): Promise<string> {
  const start = await b.raw('GET', '/auth/oidc/start');
  expect(start.status).toBe(302);
  let next = String(start.headers.location);
  expect(next.startsWith(PUBLIC_URL)).toBe(false);
  const get = providerJar(ca ?? providerCa);
  for (let hop = 0; hop < 12; hop++) {
    if (next.startsWith(CALLBACK)) return next;
    const u = new URL(next);
    if (user !== null && u.pathname.startsWith('/interaction/')) u.searchParams.set('user', user);
    const res = await get(u.href);
    if (res.location === null) throw new Error(`provider answered ${res.status} at ${u.pathname}`);
    next = res.location;
  }
  throw new Error('too many redirects at the provider');
}

/** The callback as the browser makes it: the listener gets the path and query. */
async function callback(b: ConsoleBrowser, callbackUrl: string): Promise<string> {
  const u = new URL(callbackUrl);
  const res = await b.raw('GET', `${u.pathname}${u.search}`);
  expect(res.status).toBe(302);
  expect(res.headers['cache-control']).toBe('no-store');
  return String(res.headers.location);
}

/** The CA of the HTTPS provider in the first describe (the browser trusts it as the console does). */
let providerCa: string | undefined;

async function signIn(b: ConsoleBrowser, user: string | null): Promise<string> {
  return callback(b, await throughProvider(b, user));
}

describe('console single sign-on (app roles, a provider with a private CA)', () => {
  let fake: FakeOidc;
  let fx: Fixture;
  let pkiDir: string;
  const browser = (): ConsoleBrowser => consoleBrowser(fx.server.consoleUrl ?? '', fx.server.ctx.paths);

  beforeAll(async () => {
    // A certificate for 127.0.0.1 from a CA no system trusts: only console.oidc.caFile makes it good.
    pkiDir = mkdtempSync(path.join(tmpdir(), 'caredock-fake-oidc-'));
    const pki = dataPaths(pkiDir);
    await issueSelfSignedConsoleCertificate(pki, { dnsNames: [], ipAddresses: ['127.0.0.1'] }, 2);
    providerCa = readFileSync(consoleCaCertPath(pki), 'utf8');
    fake = await startFakeOidc({
      redirectUris: [CALLBACK],
      users: USERS,
      tls: { key: readFileSync(pki.consoleKey, 'utf8'), cert: readFileSync(pki.consoleCert, 'utf8') },
    });
    fx = await fixtureFor(fake, { caFile: consoleCaCertPath(pki), allowInsecureLoopback: false });
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await fake?.stop();
    providerCa = undefined;
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('signs a person in with the mapped role, on a new session id, and audits it', async () => {
    const b = browser();
    await b.ok('auth.session');
    const planted = b.cookies.get(SESSION_COOKIE);
    expect(await signIn(b, 'anna')).toBe('/');
    expect(b.cookies.get(SESSION_COOKIE)).not.toBe(planted);
    const s = await b.ok<{ stage: string; account: { username: string; roles: string[] } }>('auth.session');
    expect(s.stage).toBe('signedIn');
    expect(s.account).toMatchObject({ username: 'anna@kommun.test', roles: ['municipalityAdmin'] });
    const audit = await b.ok<{ action: string; details: Record<string, unknown> }[]>('audit.list', {
      actor: 'console:anna@kommun.test',
    });
    expect(audit.map((a) => a.action)).toContain('console.signedIn');
    // The id planted before sign-in (session fixation) is worth nothing after it.
    const attacker = browser();
    attacker.cookies.set(SESSION_COOKIE, planted ?? '');
    expect((await attacker.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');
    // Neither the code nor the state reached the log, in a sign-in that worked or one replayed.
    const b2 = browser();
    const back = new URL(await throughProvider(b2, 'anna'));
    expect(await callback(b2, back.href)).toBe('/');
    expect(await callback(b2, back.href)).toBe('/?error=console.ssoFailed');
    const logged = JSON.stringify(fx.logs);
    for (const secret of [back.searchParams.get('code') ?? '', back.searchParams.get('state') ?? '']) {
      expect(secret.length).toBeGreaterThan(10);
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toContain(fake.clientSecret);
  });

  it('refuses a person whose roles map to no console role, and makes no account', async () => {
    const b = browser();
    expect(await signIn(b, 'cecilia')).toBe('/?error=console.ssoNoRole');
    expect((await b.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');
    expect(await findAccount(fx.server.ctx, 'cecilia@kommun.test')).toBeNull();
    const admin = browser();
    expect(await signIn(admin, 'anna')).toBe('/');
    const audit = await admin.ok<{ action: string; details: Record<string, unknown> }[]>('audit.list', {
      actor: 'console:oidc',
    });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'console.signInFailed',
        details: expect.objectContaining({ method: 'oidc', errorCode: 'console.ssoNoRole' }),
      }),
    );
  });

  it('refuses a forged state, a replayed callback, and a callback with no flow started', async () => {
    const b = browser();
    const url = new URL(await throughProvider(b, 'bo'));
    url.searchParams.set('state', 'forged-state-value');
    expect(await callback(b, url.href)).toBe('/?error=console.ssoFailed');
    expect((await b.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');

    // A callback that worked once does not work again: its flow is used up.
    const good = await throughProvider(b, 'bo');
    expect(await callback(b, good)).toBe('/');
    expect(await callback(b, good)).toBe('/?error=console.ssoFailed');
    // Nor in a browser that started a flow of its own (its state and verifier differ).
    const other = browser();
    await throughProvider(other, 'bo');
    expect(await callback(other, good)).toBe('/?error=console.ssoFailed');
    expect((await other.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');

    // A browser that never went to /auth/oidc/start.
    const fresh = browser();
    expect(await callback(fresh, good)).toBe('/?error=console.ssoFailed');
  });

  it('updates the roles of an account linked by issuer and subject at the next sign-in', async () => {
    const b1 = browser();
    expect(await signIn(b1, 'bo')).toBe('/');
    expect((await b1.ok<{ account: { roles: string[] } }>('auth.session')).account.roles).toEqual(['viewer']);
    fake.setUser('bo', { ...USERS.bo, roles: ['CareDock.Admin', 'CareDock.Viewer'] });
    const b2 = browser();
    expect(await signIn(b2, 'bo')).toBe('/');
    const s = await b2.ok<{ account: { username: string; roles: string[] } }>('auth.session');
    expect(s.account).toMatchObject({ username: 'bo@kommun.test', roles: ['municipalityAdmin', 'viewer'] });
  });

  it('does not trust the provider without its CA, and says so with a catalogue message', async () => {
    const flow = createOidcFlow({
      config: oidcConfig(fake.issuer, fake.clientId, '/unused', { allowInsecureLoopback: false }),
      clientSecret: fake.clientSecret,
      redirectUri: CALLBACK,
      log: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    await expect(flow.begin()).rejects.toMatchObject({ code: 'console.ssoUnavailable' });
  });

  it('refuses an account a municipality admin has switched off', async () => {
    expect(await signIn(browser(), 'dan')).toBe('/');
    const account = await findAccount(fx.server.ctx, 'dan@kommun.test');
    expect(account?.singleSignOn).toBe(true);
    await updateAccount(fx.server.ctx, { username: 'dan@kommun.test', active: false }, 'console:test');
    const b = browser();
    expect(await signIn(b, 'dan')).toBe('/?error=console.accountInactive');
    expect((await b.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');
  });
});

describe('console single sign-on (groups, provider down)', () => {
  let fake: FakeOidc | null = null;
  let fx: Fixture;
  const clientSecret = 'a-test-client-secret-for-groups';
  const browser = (): ConsoleBrowser => consoleBrowser(fx.server.consoleUrl ?? '', fx.server.ctx.paths);
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    // The console starts while the provider is down: nothing is asked of it before a sign-in.
    fx = await fixtureFor(
      { issuer: `http://127.0.0.1:${port}`, clientId: 'caredock-console', clientSecret },
      { roleClaim: 'groups', roleMap: { '0a1b2c3d-unit-admins': 'unitAdmin' } },
    );
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await fake?.stop();
  });

  it('shows a catalogue message while the provider is down, and works once it is up', async () => {
    const b = browser();
    const start = await b.raw('GET', '/auth/oidc/start');
    expect(start.status).toBe(302);
    expect(start.headers.location).toBe('/?error=console.ssoUnavailable');
    fake = await startFakeOidc({ redirectUris: [CALLBACK], users: USERS, port, clientSecret });
    expect(await signIn(b, 'erik')).toBe('/');
  });

  it('maps a group object id to a console role', async () => {
    const b = browser();
    fake?.setNextUser('erik');
    expect(await signIn(b, null)).toBe('/');
    const s = await b.ok<{ stage: string; account: { roles: string[] } }>('auth.session');
    expect(s).toMatchObject({ stage: 'signedIn', account: { roles: ['unitAdmin'] } });
  });
});

describe('console single sign-on setup', () => {
  it('maps claim values through roleMap, ignoring those it does not name', () => {
    const map = { A: 'viewer', B: 'municipalityAdmin', C: 'viewer' } as const;
    expect(mapRoles(['C', 'x', 'B', 'A', '__proto__', 'toString'], map)).toEqual([
      'municipalityAdmin',
      'viewer',
    ]);
    expect(mapRoles([], map)).toEqual([]);
  });

  it('allows plain HTTP only on loopback and only when told to', () => {
    const at = (issuer: string, allowInsecureLoopback: boolean) =>
      oidcConfig(issuer, 'c', '/unused', { allowInsecureLoopback });
    expect(() => checkIssuer(at('https://login.microsoftonline.com/t/v2.0', false))).not.toThrow();
    expect(() => checkIssuer(at('http://127.0.0.1:9/', true))).not.toThrow();
    expect(() => checkIssuer(at('http://127.0.0.1:9/', false))).toThrow(/must be https/);
    expect(() => checkIssuer(at('http://idp.kommun.se/', true))).toThrow(/must be https/);
  });
});
