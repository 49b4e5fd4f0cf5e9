// The CLI's `person export|erase` through the console: admins only, the number checked by the
// shared schema, audited under the console account, and never written to the server's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putEntity } from '../../../src/server/sync/entities.ts';
import { PROVIDER_A, startFixture, type Fixture } from '../helpers/fixture.ts';
import { consoleBrowser, type ConsoleBrowser } from './browser.ts';
import { firstSignIn } from './signIn.ts';

const PNR = '19121212-1212';
let fx: Fixture;
let admin: ConsoleBrowser;
let viewer: ConsoleBrowser;
const browser = (): ConsoleBrowser => consoleBrowser(fx.server.consoleUrl ?? '', fx.server.ctx.paths);

beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null });
  await fx.server.ctx.database.db.transaction(async (tx) => {
    await putEntity(tx, PROVIDER_A, 'recipient', {
      id: 'R-PERSON',
      displayName: 'Greta Exempel',
      personalIdentityNumber: PNR,
      protectedIdentity: false,
      address: 'Storgatan 1',
    });
  });
  admin = browser();
  await firstSignIn(fx.server.ctx, admin, 'anna.admin', ['municipalityAdmin']);
  viewer = browser();
  await firstSignIn(fx.server.ctx, viewer, 'ville.viewer', ['viewer']);
}, 60_000);
afterAll(async () => fx?.close());

describe('console people', () => {
  it('refuses a viewer both export and erasure', async () => {
    const input = { providerId: PROVIDER_A, personalIdentityNumber: PNR };
    expect(await viewer.refused('people.export', input)).toBe('auth.forbidden');
    expect(await viewer.refused('people.erase', input)).toBe('auth.forbidden');
  });

  it('refuses a number whose check digit is wrong with the input error, before any lookup', async () => {
    const a = await admin.call('people.export', {
      providerId: PROVIDER_A,
      personalIdentityNumber: '19121212-1213',
    });
    expect(a.status).toBe(400);
    expect((a.json as { error: { code: string } }).error.code).toMatch(/^input\./);
  });

  it('exports the person for an admin, audited under the console account', async () => {
    const out = await admin.ok<{ format: string; people: { recipient: { id: string } }[] }>('people.export', {
      providerId: PROVIDER_A,
      personalIdentityNumber: '191212121212',
    });
    expect(out.format).toBe('caredock-server-person-export');
    expect(out.people.map((p) => p.recipient.id)).toEqual(['R-PERSON']);
    const audit = await admin.ok<{ action: string; details: { recipientId?: string } }[]>('audit.list', {
      actor: 'console:anna.admin',
      action: 'person.exported',
    });
    expect(audit.map((r) => r.details.recipientId)).toEqual(['R-PERSON']);
  });

  it('erases the person for an admin, after which the number finds no one', async () => {
    const input = { providerId: PROVIDER_A, personalIdentityNumber: PNR };
    expect(await admin.ok<{ erased: string[] }>('people.erase', input)).toEqual({ erased: ['R-PERSON'] });
    const audit = await admin.ok<{ action: string }[]>('audit.list', {
      actor: 'console:anna.admin',
      action: 'person.erased',
    });
    expect(audit).toHaveLength(1);
    expect(await admin.refused('people.export', input)).toBe('console.notFound');
  });

  it('never writes the number to the server log', async () => {
    expect(fx.logs.some((l) => l['procedure'] === 'people.erase')).toBe(true);
    const text = JSON.stringify(fx.logs);
    expect(text).not.toContain('121212');
  });
});
