// What an outside probe tried against the central server: the admin API through encoded paths
// and absolute-form targets, from loopback and from other addresses, reads and writes, on both
// listeners; /v1 through the same spellings. Nothing may answer 2xx without the token or a
// certificate, nothing may change, and nothing may fail with a 500.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMunicipalities, getProvider } from '../../src/server/admin/organisations.ts';
import { listWorkstations } from '../../src/server/admin/workstations.ts';
import { refuseRequestTarget } from '../../src/server/http/requestTarget.ts';
import { rawCall } from './helpers/client.ts';
import type { Fixture, Workstation } from './helpers/fixture.ts';
import { MUNICIPALITY_A, PROVIDER_A, REGISTERED, UNREGISTERED, startFixture } from './helpers/fixture.ts';

let fx: Fixture;
let ws: Workstation;
let token: string;

beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null });
  ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
  token = readFileSync(fx.server.ctx.paths.adminToken, 'utf8').trim();
});
afterAll(async () => {
  await fx?.close();
});

/** Every spelling of an admin path the probe used, and a few more. */
function adminSpellings(path: string, port: number): string[] {
  const rest = path.slice('/admin'.length);
  return [
    `/%61dmin${rest}`,
    `/a%64min${rest}`,
    `/%41dmin${rest}`,
    `/adm%69n${rest}`,
    `/%2561dmin${rest}`,
    `/admin${rest.replace('/', '%2F')}`,
    `/admin${rest.replace('/', '%2f')}`,
    `//admin${rest}`,
    `/admin/.${rest}`,
    `/x/..${path}`,
    `/admin/%2E${rest}`,
    `https://localhost${path}`,
    `https://localhost:${port}${path}`,
    `http://127.0.0.1${path}`,
    `/admin${rest}%`,
    `/admin${rest}%zz`,
    path, // the plain path, without the token
  ];
}

const SOURCES = ['127.0.0.1', REGISTERED, UNREGISTERED];

describe('the admin API without the token', () => {
  it('answers no read on either listener, from any source, however the path is spelled', async () => {
    const seen = new Map<number, number>();
    for (const port of [fx.server.port, fx.server.adminPort]) {
      for (const target of adminSpellings('/admin/municipalities', port)) {
        for (const localAddress of SOURCES) {
          const res = await rawCall({ port, ca: fx.ca, target, localAddress });
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          expect(
            [400, 401, 404],
            `${target} on ${port} from ${localAddress}: ${JSON.stringify(res.json)}`,
          ).toContain(res.status);
          expect(JSON.stringify(res.json)).not.toContain('Upplands-Bro');
        }
      }
    }
    // The public listener has no admin route at all; the admin listener refuses the odd spellings
    // before routing (400) and the plain path for want of a token (401).
    expect(seen.get(400)).toBeGreaterThan(0);
    expect(seen.get(401)).toBeGreaterThan(0);
    expect(seen.get(404)).toBeGreaterThan(0);
  });

  it('makes no change on either listener, from any source, however the path is spelled', async () => {
    const before = {
      municipalities: await listMunicipalities(fx.server.ctx),
      provider: await getProvider(fx.server.ctx, PROVIDER_A),
      workstations: await listWorkstations(fx.server.ctx),
    };
    const writes: { method: string; path: string; body?: unknown }[] = [
      { method: 'POST', path: '/admin/municipalities', body: { id: '9999', name: 'Intrångs kommun' } },
      { method: 'POST', path: `/admin/providers/${PROVIDER_A}/addresses`, body: { address: UNREGISTERED } },
      { method: 'POST', path: `/admin/providers/${PROVIDER_A}/enrolment-codes`, body: {} },
      {
        method: 'PUT',
        path: `/admin/providers/${PROVIDER_A}/entities/staff/s-probe`,
        body: { id: 's-probe', name: 'Probe', active: true },
      },
      { method: 'POST', path: `/admin/workstations/${ws.workstationId}/revoke`, body: {} },
      { method: 'DELETE', path: `/admin/providers/${PROVIDER_A}/addresses/${REGISTERED}` },
      { method: 'POST', path: '/admin/tombstones/purge', body: { olderThanDays: 0 } },
    ];
    for (const port of [fx.server.port, fx.server.adminPort]) {
      for (const w of writes) {
        for (const target of adminSpellings(w.path, port)) {
          for (const localAddress of SOURCES) {
            const res = await rawCall({
              port,
              ca: fx.ca,
              target,
              method: w.method,
              body: w.body,
              localAddress,
            });
            expect([400, 401, 404], `${w.method} ${target} on ${port} from ${localAddress}`).toContain(
              res.status,
            );
          }
        }
      }
    }
    expect(await listMunicipalities(fx.server.ctx)).toEqual(before.municipalities);
    expect(await getProvider(fx.server.ctx, PROVIDER_A)).toEqual(before.provider);
    expect(await listWorkstations(fx.server.ctx)).toEqual(before.workstations);
    const pulled = await fx.as(ws, { path: '/v1/changes?cursor=0' });
    expect(JSON.stringify(pulled.json)).not.toContain('s-probe');
    // Nothing the probe sent made the server fail.
    expect(fx.logs.filter((l) => l['msg'] === 'request failed')).toEqual([]);
  });

  it('refuses the odd spellings even with the token, and answers the plain path only on its own listener', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const admin = fx.server.adminPort;
    const ok = await rawCall({ port: admin, ca: fx.ca, target: '/admin/municipalities', headers: auth });
    expect(ok.status).toBe(200);
    for (const target of adminSpellings('/admin/municipalities', admin).slice(0, -1)) {
      const res = await rawCall({ port: admin, ca: fx.ca, target, headers: auth });
      expect(res.status, target).toBe(400);
    }
    // The listener workstations reach has no admin API, token or not.
    const pub = await rawCall({
      port: fx.server.port,
      ca: fx.ca,
      target: '/admin/municipalities',
      headers: auth,
    });
    expect(pub.status).toBe(404);
    // Wrong token: refused.
    const wrong = await rawCall({
      port: admin,
      ca: fx.ca,
      target: '/admin/municipalities',
      headers: { authorization: `Bearer ${token.slice(1)}x` },
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a caller that is not on loopback even with the token', async () => {
    const res = await fx.server.adminApp.inject({
      method: 'GET',
      url: '/admin/municipalities',
      headers: { authorization: `Bearer ${token}` },
      remoteAddress: '192.0.2.10',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('Upplands-Bro');
  });

  it('listens for the admin API on 127.0.0.1 only', () => {
    const address = fx.server.adminApp.server.address();
    expect(typeof address === 'object' && address !== null ? address.address : null).toBe('127.0.0.1');
  });
});

describe('/v1 spelled otherwise', () => {
  const spellings = [
    '/%761/time',
    '/v%31/time',
    '/v1/%74ime',
    '/v1/enrol/../time',
    '/v1/enrol%2F..%2Ftime',
    '/v1//time',
    '/v1/./time',
    'https://localhost/v1/time',
    '/%76%31/changes?cursor=0',
  ];

  it('never reaches a handler unauthenticated and never fails with a 500', async () => {
    for (const target of spellings) {
      for (const localAddress of SOURCES) {
        const res = await rawCall({
          port: fx.server.port,
          ca: fx.ca,
          target,
          localAddress,
          headers: { 'x-caredock-municipality': MUNICIPALITY_A },
        });
        expect([400, 401, 403, 404], `${target} from ${localAddress}: ${JSON.stringify(res.json)}`).toContain(
          res.status,
        );
      }
    }
    expect(fx.logs.filter((l) => l['msg'] === 'request failed')).toEqual([]);
    expect(fx.logs.some((l) => l['msg'] === 'request refused: request target')).toBe(true);
  });

  it('answers an enrolled workstation only at the one spelling of each path', async () => {
    const identity = { key: ws.key, cert: ws.cert };
    const headers = { 'x-caredock-municipality': MUNICIPALITY_A };
    const plain = await rawCall({
      port: fx.server.port,
      ca: fx.ca,
      target: '/v1/time',
      identity,
      headers,
      localAddress: REGISTERED,
    });
    expect(plain.status).toBe(200);
    for (const target of spellings) {
      const res = await rawCall({
        port: fx.server.port,
        ca: fx.ca,
        target,
        identity,
        headers,
        localAddress: REGISTERED,
      });
      expect([400, 404], target).toContain(res.status);
    }
  });
});

describe('refuseRequestTarget', () => {
  it('lets ordinary origin-form targets through', () => {
    for (const t of [
      '/v1/time',
      '/v1/changes?cursor=0&limit=5000',
      '/admin/providers/omsorg-ab/addresses/2001%3Adb8%3A%3A1',
      '/admin/providers/p.1_x:y-z/entities/tag/04a1b2',
      '/v1/reconciliation?from=2026-01-01&to=2026-01-31&scope=provider',
      '/admin/',
    ])
      expect(refuseRequestTarget(t), t).toBeNull();
  });

  it('refuses every escape of a character that needs none', () => {
    const unreserved = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~',
    );
    const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        unreserved,
        fc.boolean(),
        (segs, ch, lower) => {
          const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
          const escaped = `%${lower ? hex.toLowerCase() : hex.toUpperCase()}`;
          const at = Math.floor(segs.length / 2);
          const path = `/${segs.map((s, i) => (i === at ? `${s}${escaped}` : s)).join('/')}`;
          expect(refuseRequestTarget(`/${segs.join('/')}`)).toBeNull();
          expect(refuseRequestTarget(path)).toMatch(/over-encoded/);
        },
      ),
    );
  });

  it('refuses absolute-form, asterisk-form, separators, dot segments and malformed escapes', () => {
    for (const t of [
      'https://host/admin/x',
      'http://host/v1/time',
      '*',
      '',
      '//admin',
      '/admin%2Fx',
      '/admin%5Cx',
      '/admin\\x',
      '/%2561dmin',
      '/a/../b',
      '/a/./b',
      '/a//b',
      '/a%',
      '/a%4',
      '/a%g1',
      '/a%00',
      '/v1/changes?cursor=%',
    ])
      expect(refuseRequestTarget(t), t).not.toBeNull();
  });
});
