// Admin → Aviseringar through the API: SMTP and SMS settings, their secrets kept out of the
// database, the answers and the log, and test sends against the fakes on loopback.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpFake, type SmtpFake } from '../../integrations/smtp/fake.ts';
import { startTokenFake, type TokenFake } from '../../integrations/entra/token-fake.ts';
import { startPixieFake, type PixieFake } from '../../integrations/pixie/fake.ts';
import { startTellusTalkFake, type TellusTalkFake } from '../../integrations/tellustalk/fake.ts';
import { failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

const SMTP_PASSWORD = 'smtp-hemligt-ÅÄÖ-91';
const SMS_PASSWORD = 'sms-hemligt-77';
const OAUTH_SECRET = 'oauth-hemligt-55';

let t: TestCore;
let admin: ReturnType<TestCore['core']['connect']>;
let smtp: SmtpFake;
let tokens: TokenFake;
let tellus: TellusTalkFake;
let pixie: PixieFake;

beforeAll(async () => {
  t = await startTestCore({ watchDevices: false, logLevel: 'info' });
  admin = t.core.connect();
  await withAdmin(admin);
  tokens = await startTokenFake({
    tenant: 'omsorg.onmicrosoft.com',
    clientId: 'app-1',
    clientSecret: OAUTH_SECRET,
  });
  smtp = await startSmtpFake({
    users: { 'notices@omsorg.example': SMTP_PASSWORD },
    tokens: () => Object.fromEntries(tokens.issued.map((x) => ['notices@omsorg.example', x])),
  });
  tellus = await startTellusTalkFake({ username: 'omsorg.api', password: SMS_PASSWORD });
  pixie = await startPixieFake({ account: '12345', password: SMS_PASSWORD });
});
afterAll(async () => {
  await Promise.all([smtp.close(), tokens.close(), tellus.close(), pixie.close()]);
  await t.cleanup();
});

const smtpInput = () => ({
  host: '127.0.0.1',
  port: smtp.port,
  security: 'starttls' as const,
  authType: 'password' as const,
  user: 'notices@omsorg.example',
  password: SMTP_PASSWORD,
  from: 'notices@omsorg.example',
  replyTo: 'kontoret@omsorg.example',
  ca: smtp.ca,
});

/** Every byte CareDock wrote: the database (and its WAL) and the logs. */
function everythingWritten(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'secrets') walk(p);
      } else files.push(p);
    }
  };
  walk(t.dir);
  return files.map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8')).join('\n');
}

describe('email settings and a test send', () => {
  it('saves SMTP with a password that never comes back, and a test arrives as UTF-8 over STARTTLS', async () => {
    const view = await ok(admin, 'notices.smtp.save', smtpInput());
    expect(view.smtp).toMatchObject({
      host: '127.0.0.1',
      security: 'starttls',
      passwordSaved: true,
      hasCa: true,
    });
    expect(JSON.stringify(view)).not.toContain(SMTP_PASSWORD);
    expect(JSON.stringify(await ok(admin, 'notices.channels.get', {}))).not.toContain(SMTP_PASSWORD);

    // Saving again without a password keeps the saved one.
    const { password: _p, ...withoutPassword } = smtpInput();
    await ok(admin, 'notices.smtp.save', withoutPassword);
    const sent = await ok(admin, 'notices.smtp.test', { to: 'samordnare@omsorg.example' });
    expect(sent.ref).toMatch(/^<.+@omsorg\.example>$/);
    expect(smtp.logins.at(-1)).toBe('PLAIN:notices@omsorg.example');
    const mail = await simpleParser(smtp.received.at(-1)!);
    expect(mail.subject).toBe('Test från CareDock');
    expect(mail.text).toContain('E-posten är rätt inställd');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('samordnare@omsorg.example');
    expect(mail.replyTo?.text).toBe('kontoret@omsorg.example');
    // The check reads what matters: the settings themselves are there, the secret is not.
    expect(everythingWritten()).toContain('kontoret@omsorg.example');
    expect(everythingWritten()).not.toContain(SMTP_PASSWORD);
  });

  it('shows a wrong password and a refused recipient as catalogue errors', async () => {
    await ok(admin, 'notices.smtp.save', { ...smtpInput(), password: 'fel' });
    expect(await failure(admin, 'notices.smtp.test', { to: 'samordnare@omsorg.example' })).toBe(
      'smtp.authFailed',
    );
    await ok(admin, 'notices.smtp.save', smtpInput());
    smtp.script({ at: 'rcpt', code: 550, text: '5.1.1 no such user' });
    expect(await failure(admin, 'notices.smtp.test', { to: 'ingen@omsorg.example' })).toBe('smtp.rejected');
    smtp.script({ at: 'mail', code: 421, text: '4.3.2 closing' });
    expect(await failure(admin, 'notices.smtp.test', { to: 'samordnare@omsorg.example' })).toBe(
      'smtp.temporaryFailure',
    );
    expect(await failure(admin, 'notices.smtp.test', { to: 'inte en adress' })).toBe(
      'notices.addressInvalid',
    );
  });

  it('signs in with XOAUTH2 through MSAL client credentials against the token fake', async () => {
    await ok(admin, 'notices.smtp.save', {
      ...smtpInput(),
      password: undefined,
      authType: 'oauth2',
      tenant: 'omsorg.onmicrosoft.com',
      clientId: 'app-1',
      clientSecret: OAUTH_SECRET,
      authorityHost: tokens.url,
    });
    await ok(admin, 'notices.smtp.test', { to: 'samordnare@omsorg.example' });
    expect(smtp.logins.at(-1)).toBe('XOAUTH2:notices@omsorg.example');
    const view = await ok(admin, 'notices.channels.get', {});
    expect(view.smtp).toMatchObject({ authType: 'oauth2', clientSecretSaved: true });
    expect(JSON.stringify(view)).not.toContain(OAUTH_SECRET);
    expect(everythingWritten()).not.toContain(OAUTH_SECRET);
  });

  it('refuses settings that cannot work', async () => {
    expect(await failure(admin, 'notices.smtp.save', { ...smtpInput(), from: 'Kontoret <k@x.se>' })).toBe(
      'notices.addressInvalid',
    );
    expect(
      await failure(admin, 'notices.smtp.save', { ...smtpInput(), authType: 'oauth2', tenant: '' }),
    ).toBe('notices.oauthFieldsRequired');
  });
});

describe('SMS settings and a test send', () => {
  const tellusInput = (sender = 'Omsorg AB') => ({
    provider: 'tellustalk' as const,
    url: tellus.url,
    account: 'Omsorg.API',
    password: SMS_PASSWORD,
    sender,
    country: 'SE' as const,
    ca: tellus.ca,
  });

  it('refuses a sender over 11 characters or with å, ä, ö, and plain http', async () => {
    expect(await failure(admin, 'notices.sms.save', tellusInput('Hemtjänsten'))).toBe('sms.senderInvalid');
    expect(await failure(admin, 'notices.sms.save', tellusInput('OmsorgNorrAB'))).toBe('sms.senderInvalid');
    expect(await failure(admin, 'notices.sms.save', { ...tellusInput(), url: 'http://127.0.0.1:1/' })).toBe(
      'sms.insecureUrl',
    );
    expect((await ok(admin, 'notices.channels.get', {})).sms).toBeNull();
  });

  it('sends a test through TellusTalk to the number in E.164, and refuses other numbers clearly', async () => {
    const view = await ok(admin, 'notices.sms.save', tellusInput('OmsorgNorr'));
    expect(view.sms).toMatchObject({ provider: 'tellustalk', sender: 'OmsorgNorr', passwordSaved: true });
    expect(JSON.stringify(view)).not.toContain(SMS_PASSWORD);
    const sent = await ok(admin, 'notices.sms.test', { to: '070-123 45 67' });
    expect(sent.to).toBe('+46701234567');
    const entry = tellus.log.find((e) => e.job_id === sent.ref)!;
    expect(entry).toMatchObject({ address: 'sms:+46701234567', originator: 'OmsorgNorr' });
    expect(entry.text).toContain('SMS-kanalen är rätt inställd');
    expect(await failure(admin, 'notices.sms.test', { to: '+44 7700 900123' })).toBe(
      'sms.countryNotSupported',
    );
    expect(await failure(admin, 'notices.sms.test', { to: '08-123 456' })).toBe('sms.numberInvalid');
    tellus.script({ status: 429, retryAfterSeconds: 5 });
    expect(await failure(admin, 'notices.sms.test', { to: '0701234567' })).toBe('sms.rateLimited');
    await ok(admin, 'notices.sms.save', { ...tellusInput('OmsorgNorr'), password: 'fel' });
    expect(await failure(admin, 'notices.sms.test', { to: '0701234567' })).toBe('sms.authFailed');
    expect(everythingWritten()).not.toContain(SMS_PASSWORD);
  });

  it('sends a test through Pixie, and shows a code ≠ 0 as a refusal', async () => {
    await ok(admin, 'notices.sms.save', {
      provider: 'pixie',
      url: pixie.url,
      account: '12345',
      password: SMS_PASSWORD,
      sender: 'Omsorg',
      country: 'FI',
      ca: pixie.ca,
    });
    const sent = await ok(admin, 'notices.sms.test', { to: '040 123 4567' });
    expect(sent.to).toBe('+358401234567');
    expect(pixie.sent.at(-1)).toMatchObject({ receivers: ['358401234567'], sender: 'Omsorg' });
    pixie.script({ code: 410, description: 'Ogiltig mottagare' });
    expect(await failure(admin, 'notices.sms.test', { to: '040 123 4567' })).toBe('sms.gatewayRejected');
    pixie.script({ status: 503 });
    expect(await failure(admin, 'notices.sms.test', { to: '040 123 4567' })).toBe('sms.gatewayUnavailable');
    await ok(admin, 'notices.sms.save', {
      provider: 'pixie',
      url: pixie.url,
      account: '12345',
      password: 'fel',
      sender: 'Omsorg',
      country: 'FI',
      ca: pixie.ca,
    });
    // A wrong password makes a wrong MD5 signature: Pixie's account code, shown as a sign-in fault.
    expect(await failure(admin, 'notices.sms.test', { to: '040 123 4567' })).toBe('sms.authFailed');
  });

  it('is for admins only', async () => {
    const other = t.core.connect();
    expect(await failure(other, 'notices.channels.get', {})).toBe('auth.required');
  });
});
