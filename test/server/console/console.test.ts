import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../../src/server/console/totp.ts';
import { SESSION_COOKIE } from '../../../src/shared/console/contract.ts';
import { PROVIDER_A, REGISTERED, startFixture, type Fixture } from '../helpers/fixture.ts';
import { consoleBrowser, type ConsoleBrowser } from './browser.ts';
import { firstSignIn, NEW_PASSWORD, type SignedIn } from './signIn.ts';
import { call } from '../helpers/client.ts';

let fx: Fixture;
let clock = Date.parse('2026-12-02T09:00:00Z');
const now = () => new Date(clock);
const browser = (): ConsoleBrowser => consoleBrowser(fx.server.consoleUrl ?? '', fx.server.ctx.paths);

beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null }, { now });
}, 60_000);
afterAll(async () => fx?.close());

describe('console sign-in', () => {
  let admin: SignedIn;
  let b: ConsoleBrowser;

  it('takes a new account through password, a forced change, TOTP enrolment and recovery codes', async () => {
    b = browser();
    admin = await firstSignIn(fx.server.ctx, b, 'anna.admin', ['municipalityAdmin']);
    expect(admin.recoveryCodes).toHaveLength(10);
    const s = await b.ok<{ stage: string; account: { roles: string[] } }>('auth.session');
    expect(s.stage).toBe('signedIn');
    expect(s.account.roles).toEqual(['municipalityAdmin']);
    const audit = await b.ok<{ action: string; actor: string }[]>('audit.list', {
      actor: 'console:anna.admin',
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['console.passwordChanged', 'console.totpEnrolled', 'console.signedIn']),
    );
  });

  it('signs in again with password and code, and refuses the same code a second time in its window', async () => {
    clock += 60_000;
    const code = totpCodeAt(admin.secret, now());
    const b1 = browser();
    await b1.ok('auth.session');
    expect(
      (await b1.ok<{ stage: string }>('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD }))
        .stage,
    ).toBe('totp');
    expect((await b1.ok<{ stage: string }>('auth.verifyTotp', { code })).stage).toBe('signedIn');
    const b2 = browser();
    await b2.ok('auth.session');
    await b2.ok('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD });
    expect(await b2.refused('auth.verifyTotp', { code })).toBe('console.totpReplayed');
    expect(await b2.refused('auth.verifyTotp', { code: '000000' === code ? '111111' : '000000' })).toBe(
      'console.totpInvalid',
    );
    // A recovery code works once.
    const [rc] = admin.recoveryCodes;
    expect((await b2.ok<{ stage: string }>('auth.useRecoveryCode', { code: rc })).stage).toBe('signedIn');
    const b3 = browser();
    await b3.ok('auth.session');
    await b3.ok('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD });
    expect(await b3.refused('auth.useRecoveryCode', { code: rc })).toBe('console.recoveryInvalid');
  });

  it('issues a new session id at sign-in, so an id planted before it is worth nothing', async () => {
    clock += 60_000;
    const b1 = browser();
    await b1.ok('auth.session');
    const planted = b1.cookies.get(SESSION_COOKIE);
    await b1.ok('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD });
    await b1.ok('auth.verifyTotp', { code: totpCodeAt(admin.secret, now()) });
    expect(b1.cookies.get(SESSION_COOKIE)).not.toBe(planted);
    const attacker = browser();
    attacker.cookies.set(SESSION_COOKIE, planted ?? '');
    expect((await attacker.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');
  });

  it('refuses a change without the CSRF token, with a wrong one, or from another site', async () => {
    const cases: { csrf?: string | null; headers?: Record<string, string> }[] = [
      { csrf: null },
      { csrf: 'x'.repeat(43) },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    ];
    for (const opts of cases) {
      const a = await b.call('providers.addAddress', { providerId: PROVIDER_A, address: '192.0.2.77' }, opts);
      expect(a.status).toBe(403);
      expect((a.json as { error: { code: string } }).error.code).toBe('console.csrf');
    }
    const p = await b.ok<{ provider: { addresses: { address: string }[] } }>('providers.get', {
      providerId: PROVIDER_A,
    });
    expect(p.provider.addresses.map((a) => a.address)).not.toContain('192.0.2.77');
  });

  it('slows password guessing before the hash and refuses once the free attempts are used', async () => {
    const g = browser();
    await g.ok('auth.session');
    const codes: string[] = [];
    for (let i = 0; i < 8; i++)
      codes.push(await g.refused('auth.signIn', { username: 'anna.admin', password: `fel ${i}` }));
    // The user name's free attempts (five, fewer if earlier tests left failures) are wrong
    // passwords; from the first refusal on, every attempt waits and is never hashed.
    const first = codes.indexOf('auth.tooManyAttempts');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(5);
    expect(codes.slice(0, first)).toEqual(Array(first).fill('auth.badCredentials'));
    expect(codes.slice(first)).toEqual(Array(codes.length - first).fill('auth.tooManyAttempts'));
    // The delay runs out and the right password works again.
    clock += 20 * 60_000;
    expect(
      (await g.ok<{ stage: string }>('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD }))
        .stage,
    ).toBe('totp');
  });

  it('ends a signed-in session after the idle timeout', async () => {
    const s = browser();
    await s.ok('auth.session');
    await s.ok('auth.signIn', { username: 'anna.admin', password: NEW_PASSWORD });
    clock += 60_000;
    await s.ok('auth.verifyTotp', { code: totpCodeAt(admin.secret, now()) });
    await s.ok('providers.list', {});
    clock += (fx.server.ctx.config.console.idleMinutes + 1) * 60_000;
    expect(await s.refused('providers.list', {})).toBe('console.sessionExpired');
    expect((await s.ok<{ stage: string }>('auth.session')).stage).toBe('signedOut');
  });

  it('lets a viewer read but not change, and masks protected identities for those without the right', async () => {
    const v = browser();
    clock += 60_000;
    await firstSignIn(fx.server.ctx, v, 'ville.viewer', ['viewer']);
    expect((await v.ok<unknown[]>('providers.list', {})).length).toBeGreaterThan(0);
    for (const [name, input] of [
      ['providers.addAddress', { providerId: PROVIDER_A, address: '192.0.2.9' }],
      ['providers.createEnrolmentCode', { providerId: PROVIDER_A }],
      ['accounts.list', {}],
      ['queue.retry', { id: 'x' }],
    ] as const)
      expect(await v.refused(name, input)).toBe('auth.forbidden');
    await fx.server.ctx.database.db.transaction(async (tx) => {
      const { putEntity } = await import('../../../src/server/sync/entities.ts');
      await putEntity(tx, PROVIDER_A, 'recipient', {
        id: 'R-SKYDD',
        displayName: 'Hemlig Person',
        personalIdentityNumber: '19121212-1212',
        protectedIdentity: true,
        address: 'Hemlig väg 1',
      });
    });
    const list = await v.ok<{
      rows: { id: string; displayName: string; masked: boolean; personalIdentityNumber: string | null }[];
    }>('recipients.list', { providerId: PROVIDER_A });
    const row = list.rows.find((r) => r.id === 'R-SKYDD');
    expect(row).toMatchObject({ masked: true, displayName: '', personalIdentityNumber: null });
    expect(JSON.stringify(list)).not.toContain('Hemlig');
    // Not findable by the hidden name either.
    expect(
      (await v.ok<{ total: number }>('recipients.list', { providerId: PROVIDER_A, search: 'Hemlig' })).total,
    ).toBe(0);
    await v.ok('recipients.open', { providerId: PROVIDER_A, recipientId: 'R-SKYDD' });
    const seen = await v.ok<
      { action: string; actor: string; details: { recipientId: string; masked: boolean } }[]
    >('audit.list', { action: 'console.recipientOpened' });
    expect(seen[0]).toMatchObject({
      actor: 'console:ville.viewer',
      details: { recipientId: 'R-SKYDD', masked: true },
    });
  });
});

describe('console listener', () => {
  it('refuses an encoded or absolute-form path before routing', async () => {
    const b = browser();
    await b.ok('auth.session');
    for (const target of [
      '/api/auth%2Esession',
      '/api%2Fauth.session',
      `https://localhost/api/auth.session`,
      '/api/../v1/pull',
    ])
      expect((await b.raw('POST', target, '{}')).status, target).toBe(400);
  });

  it('does not serve the workstation API, and the sync listener does not serve the console', async () => {
    const b = browser();
    const a = await b.raw('POST', '/v1/pull', '{}');
    expect(a.status).toBe(404);
    expect((a.json as { error: { code: string } }).error.code).toBe('console.wrongListener');
    const s = await call({
      port: fx.server.port,
      ca: fx.ca,
      path: '/api/auth.session',
      body: {},
      localAddress: REGISTERED,
    });
    expect(s.status).toBe(404);
  });

  it('shows a workstation with its last contact, and a revoke from the console refuses its next sync', async () => {
    const b = browser();
    clock += 60_000;
    await firstSignIn(fx.server.ctx, b, 'rolf.revoker', ['municipalityAdmin']);
    const ws = await fx.enrol(PROVIDER_A, '0139');
    const pull = await fx.as(ws, { path: '/v1/changes?cursor=0' });
    expect(pull.status).toBe(200);
    const list = await b.ok<
      { id: string; lastAddress: string | null; lastSeenAt: string | null; clientVersion: string | null }[]
    >('workstations.list', { providerId: PROVIDER_A });
    const row = list.find((w) => w.id === ws.workstationId);
    expect(row).toMatchObject({ lastAddress: REGISTERED });
    expect(row?.lastSeenAt).not.toBeNull();
    expect(row?.clientVersion).not.toBeNull();
    expect(await b.refused('workstations.revoke', { workstationId: ws.workstationId, reason: '' })).toMatch(
      /^input\./,
    );
    await b.ok('workstations.revoke', { workstationId: ws.workstationId, reason: 'Datorn är stulen' });
    const after = await fx.as(ws, { path: '/v1/changes?cursor=0' });
    expect((after.json as { error: { code: string } }).error.code).toBe('sync.certificateRevoked');
    const audit = await b.ok<{ action: string; actor: string }[]>('audit.list', {
      action: 'workstation.revoked',
    });
    expect(audit[0]?.actor).toBe('console:rolf.revoker');
  });
});

describe('console and the channels', () => {
  it('reads and changes the file exchange settings as the CLI does, with a catalogue message for a mistake', async () => {
    const b = browser();
    clock += 60_000;
    await firstSignIn(fx.server.ctx, b, 'cecilia.channels', ['municipalityAdmin']);
    const before = await b.ok<{ recipientMapping: Record<string, unknown> }>('channels.settings', {
      municipalityId: '0139',
      channel: 'exchange',
    });
    expect(before.recipientMapping).toBeTruthy();
    expect(
      await b.refused('channels.putSettings', {
        municipalityId: '0139',
        channel: 'exchange',
        settings: { nonsense: true },
      }),
    ).toBe('input.unknownField');
    const saved = await b.ok<{ recipientMapping: unknown }>('channels.putSettings', {
      municipalityId: '0139',
      channel: 'exchange',
      settings: { recipientMapping: before.recipientMapping },
    });
    expect(saved.recipientMapping).toEqual(before.recipientMapping);
    expect(await b.refused('channels.settings', { municipalityId: '9999', channel: 'inbox' })).toBe(
      'console.notFound',
    );
    const v = browser();
    clock += 60_000;
    await firstSignIn(fx.server.ctx, v, 'vera.viewer', ['viewer']);
    expect(
      await v.refused('channels.putSettings', { municipalityId: '0139', channel: 'exchange', settings: {} }),
    ).toBe('auth.forbidden');
    expect(await v.refused('municipalities.add', { id: '0999', name: 'X' })).toBe('auth.forbidden');
  });
});
