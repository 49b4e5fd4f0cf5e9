// The CLI's `import bfu|mfu` through the console: the file as the raw body on the console's own
// road (session, CSRF, access), streamed by the admin API's upload code, the outcome answered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMunicipality, addProvider } from '../../../src/server/admin/organisations.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../src/shared/console/contract.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { consoleBrowser, type Answer, type ConsoleBrowser } from './browser.ts';
import { firstSignIn } from './signIn.ts';

const M = '1480';
const BFU = readFileSync(path.resolve('docs/formats/examples/bfu-orders.xml'), 'utf8');
let fx: Fixture;
let admin: ConsoleBrowser;
let viewer: ConsoleBrowser;
const browser = (): ConsoleBrowser => consoleBrowser(fx.server.consoleUrl ?? '', fx.server.ctx.paths);

function upload(b: ConsoleBrowser, name: string, body: string, csrf = true): Promise<Answer> {
  const token = b.cookies.get(CSRF_COOKIE);
  return b.raw(
    'POST',
    `/api/exchange.import?municipalityId=${M}&format=bfu&name=${encodeURIComponent(name)}`,
    body,
    {
      'content-type': 'application/octet-stream',
      'sec-fetch-site': 'same-origin',
      ...(csrf && token ? { [CSRF_HEADER]: token } : {}),
    },
  );
}
const envelope = (a: Answer) =>
  a.json as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };

beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null });
  const ctx = fx.server.ctx;
  await addMunicipality(ctx, { id: M, name: 'Göteborgs Stad' });
  await addProvider(ctx, { id: 'hemtjanst-nord', municipalityId: M, name: 'Hemtjänst Nord' });
  await addProvider(ctx, { id: 'hemtjanst-syd', municipalityId: M, name: 'Hemtjänst Syd' });
  admin = browser();
  await firstSignIn(ctx, admin, 'anna.admin', ['municipalityAdmin']);
  viewer = browser();
  await firstSignIn(ctx, viewer, 'ville.viewer', ['viewer']);
}, 60_000);
afterAll(async () => fx?.close());

describe('console exchange import', () => {
  it('refuses a viewer', async () => {
    const a = await upload(viewer, 'orders.xml', BFU);
    expect(a.status).toBe(403);
    expect(envelope(a).error?.code).toBe('auth.forbidden');
  });

  it('refuses an upload without the CSRF token', async () => {
    const a = await upload(admin, 'orders.xml', BFU, false);
    expect(a.status).toBe(403);
    expect(envelope(a).error?.code).toBe('console.csrf');
  });

  it('refuses a name that could climb out of the folder, and a JSON call without a file', async () => {
    expect(envelope(await upload(admin, '../orders.xml', BFU)).error?.code).toMatch(/^input\./);
    expect(
      await admin.refused('exchange.import', { municipalityId: M, format: 'bfu', name: 'orders.xml' }),
    ).toBe('input.invalid');
  });

  it('imports a BFU file for an admin and answers the counts', async () => {
    const a = await upload(admin, 'orders.xml', BFU);
    expect(a.status).toBe(200);
    expect(envelope(a).result).toMatchObject({ status: 'imported', records: 4, rejected: 0 });
    const files = await admin.ok<{ source: string; name?: string }[]>('exchange.files', {
      municipalityId: M,
    });
    expect(files[0]).toMatchObject({ source: 'console' });
  });

  it("answers a malformed file with the catalogue's refusal", async () => {
    const a = await upload(admin, 'broken.xml', '<Beslut><nope');
    expect(a.status).toBe(200);
    const out = envelope(a).result;
    expect(out?.['status']).toBe('refused');
    expect(String(out?.['code'])).toMatch(/^exchange\./);
  });
});
