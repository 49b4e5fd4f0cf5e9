// The console behind a reverse proxy that ends TLS: plain HTTP on loopback, and X-Forwarded-For
// believed only from the configured proxy's address.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initServer } from '../../../src/server/init.ts';
import { startServer, type RunningServer } from '../../../src/server/server.ts';
import { createLogger } from '../../../src/server/log.ts';
import { listAudit } from '../../../src/server/audit.ts';
import { consoleConfigSchema } from '../../../src/server/config.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../src/shared/console/contract.ts';

let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-console-proxy-'));
  const log = createLogger({ level: 'warn' });
  const database = { engine: 'pglite' as const, dataDir: null };
  await initServer({
    dataDir,
    port: 0,
    database,
    log,
    config: { console: consoleConfigSchema.parse({ behindProxy: { trustedProxies: ['127.0.0.1'] } }) },
  });
  server = await startServer({
    dataDir,
    database,
    host: '127.0.0.1',
    port: 0,
    log,
    exchange: false,
    inbox: false,
    tweb: false,
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function post(
  localAddress: string,
  name: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; setCookie: string[]; json: { ok: boolean; error?: { code: string } } }> {
  const url = new URL(server.consoleUrl ?? '');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: 'POST',
        path: `/api/${name}`,
        localAddress,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            setCookie: res.headers['set-cookie'] ?? [],
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean },
          }),
        );
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A failed sign-in from `localAddress` claiming to be `forwarded`; the address the audit recorded. */
async function failedSignInSeenAs(localAddress: string, forwarded: string): Promise<unknown> {
  const first = await post(localAddress, 'auth.session', {}, {});
  const cookies = new Map(first.setCookie.map((c) => (c.split(';')[0] ?? '').split('=') as [string, string]));
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const r = await post(
    localAddress,
    'auth.signIn',
    { username: 'nobody', password: 'x' },
    {
      cookie,
      [CSRF_HEADER]: cookies.get(CSRF_COOKIE) ?? '',
      'x-forwarded-for': forwarded,
    },
  );
  expect(r.json.error?.code).toBe('auth.badCredentials');
  const rows = await listAudit(server.ctx.database.db, { limit: 1000 });
  const last = rows.filter((a) => a.action === 'console.signInFailed').at(-1);
  return (last?.details as { sourceAddress?: string } | undefined)?.sourceAddress;
}

describe('console behind a reverse proxy', () => {
  it('speaks plain HTTP on loopback', () => {
    expect(server.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('believes X-Forwarded-For from the configured proxy only', async () => {
    expect(await failedSignInSeenAs('127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(await failedSignInSeenAs('127.0.0.2', '203.0.113.6')).toBe('127.0.0.2');
  });
});
