import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailSender } from '../../integrations/smtp/client.ts';
import { classifySmtpFailure, type SmtpSettings } from '../../integrations/smtp/encoder.ts';
import { startSmtpFake, type SmtpFake } from '../../integrations/smtp/fake.ts';
import { startTokenFake, type TokenFake } from '../../integrations/entra/token-fake.ts';

const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

async function smtp(opts: Parameters<typeof startSmtpFake>[0]): Promise<SmtpFake> {
  const f = await startSmtpFake(opts);
  fakes.push(f);
  return f;
}

function settings(fake: SmtpFake, extra: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: '127.0.0.1',
    port: fake.port,
    security: 'starttls',
    auth: { type: 'password', user: 'notices@omsorg.example', password: 'pw-ü-1' },
    from: 'notices@omsorg.example',
    replyTo: 'kontoret@omsorg.example',
    ca: fake.ca,
    timeoutMs: 5000,
    ...extra,
  };
}

const notice = {
  to: ['samordnare@omsorg.example'],
  subject: 'Missat besök i Ängby – åtgärd krävs',
  text: 'Ett planerat besök kl. 09:00 registrerades inte. Öppna CareDock → Planering.\nHälsningar',
  key: 'notice:missed:42',
};

describe('email over SMTP', () => {
  it('sends over STARTTLS with a password; the received message is UTF-8 with our headers', async () => {
    const fake = await smtp({ users: { 'notices@omsorg.example': 'pw-ü-1' } });
    const out = await createEmailSender(settings(fake)).send(notice);
    expect(out).toMatchObject({ status: 'sent' });
    expect(fake.logins).toEqual(['PLAIN:notices@omsorg.example']);
    const mail = await simpleParser(fake.received[0]!);
    expect(mail.subject).toBe(notice.subject);
    expect(mail.text?.trim()).toBe(notice.text);
    expect(mail.from?.text).toBe('notices@omsorg.example');
    expect(mail.replyTo?.text).toBe('kontoret@omsorg.example');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toBe((out as { ref: string }).ref);
    // The same notice keeps the same Message-ID: a repeat after a crash can be recognised.
    await createEmailSender(settings(fake)).send(notice);
    expect((await simpleParser(fake.received[1]!)).messageId).toBe(mail.messageId);
  });

  it('sends over implicit TLS on a 465-style port', async () => {
    const fake = await smtp({ secure: true, users: { u: 'p' } });
    const out = await createEmailSender(
      settings(fake, { security: 'tls', auth: { type: 'password', user: 'u', password: 'p' } }),
    ).send(notice);
    expect(out.status).toBe('sent');
  });

  it('refuses to send in clear when the server offers no STARTTLS, and pauses for the admin', async () => {
    const fake = await smtp({ noStartTls: true, users: { u: 'p' } });
    const out = await createEmailSender(
      settings(fake, { auth: { type: 'password', user: 'u', password: 'p' } }),
    ).send(notice);
    expect(out).toMatchObject({ status: 'pause', code: 'smtp.tlsFailed' });
    expect(fake.received).toHaveLength(0);
  });

  it('pauses on a wrong password and on an untrusted certificate', async () => {
    const fake = await smtp({ users: { u: 'right' } });
    expect(
      await createEmailSender(
        settings(fake, { auth: { type: 'password', user: 'u', password: 'wrong' } }),
      ).send(notice),
    ).toMatchObject({
      status: 'pause',
      code: 'smtp.authFailed',
    });
    const { ca: _ca, ...untrusted } = settings(fake, {
      auth: { type: 'password', user: 'u', password: 'right' },
    });
    expect(await createEmailSender(untrusted).send(notice)).toMatchObject({
      status: 'pause',
      code: 'smtp.tlsFailed',
    });
  });

  it('retries 421 and 452, gives up on 550, and retries a server that is not there', async () => {
    const fake = await smtp({ users: { u: 'p' } });
    const sender = createEmailSender(
      settings(fake, { auth: { type: 'password', user: 'u', password: 'p' } }),
    );
    fake.script(
      { at: 'mail', code: 421, text: '4.3.2 Service shutting down' },
      { at: 'rcpt', code: 452, text: '4.2.2 Mailbox full' },
      { at: 'rcpt', code: 550, text: '5.1.1 <samordnare@omsorg.example>: Recipient address rejected' },
    );
    expect(await sender.send(notice)).toMatchObject({
      status: 'retry',
      code: 'smtp.temporaryFailure',
      params: { reply: '421 4.3.2' },
    });
    expect(await sender.send(notice)).toMatchObject({
      status: 'retry',
      code: 'smtp.temporaryFailure',
      params: { reply: '452 4.2.2' },
    });
    const refused = await sender.send(notice);
    expect(refused).toEqual({
      status: 'permanent',
      code: 'smtp.rejected',
      params: { host: '127.0.0.1', reply: '550 5.1.1' },
    });
    expect(JSON.stringify(refused)).not.toContain('samordnare'); // the reply's text may quote the address
    expect(await sender.send(notice)).toMatchObject({ status: 'sent' });
    await fake.close();
    fakes.pop();
    expect(await sender.send(notice)).toMatchObject({ status: 'retry', code: 'smtp.connectionFailed' });
  });

  it('signs in with XOAUTH2 using a client-credentials token from the configured authority', async () => {
    const tokens: TokenFake = await startTokenFake({
      tenant: 'omsorg.onmicrosoft.com',
      clientId: 'app-1',
      clientSecret: 's3cret',
    });
    fakes.push(tokens);
    const fake = await smtp({
      tokens: () => Object.fromEntries(tokens.issued.map((t) => ['notices@omsorg.example', t])),
    });
    const oauth = (clientSecret: string) =>
      settings(fake, {
        // One CA for both fakes: they share the loopback certificate.
        auth: {
          type: 'oauth2',
          user: 'notices@omsorg.example',
          tenant: 'omsorg.onmicrosoft.com',
          clientId: 'app-1',
          clientSecret,
          authorityHost: tokens.url,
          scope: 'https://outlook.office365.com/.default',
        },
      });
    const sender = createEmailSender(oauth('s3cret'));
    expect(await sender.send(notice)).toMatchObject({ status: 'sent' });
    expect(await sender.send(notice)).toMatchObject({ status: 'sent' });
    expect(tokens.requests).toBe(1); // cached until it nears expiry
    expect(fake.logins).toEqual(['XOAUTH2:notices@omsorg.example', 'XOAUTH2:notices@omsorg.example']);
    expect(await createEmailSender(oauth('wrong')).send(notice)).toMatchObject({
      status: 'pause',
      code: 'smtp.oauthTokenFailed',
    });
  });

  it('classifies by the reply, never by the text after it', () => {
    expect(
      classifySmtpFailure({ code: 'EENVELOPE', responseCode: 554, message: '554 TLS' }, 'h'),
    ).toMatchObject({ status: 'permanent' });
    expect(classifySmtpFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'h')).toMatchObject({
      status: 'retry',
    });
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, message: 'x' }, 'h')).toMatchObject({
      status: 'pause',
    });
    // A temporary authentication failure is the server's, not the password's: try again later.
    expect(
      classifySmtpFailure(
        { code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Try later', message: 'x' },
        'h',
      ),
    ).toEqual({ status: 'retry', code: 'smtp.temporaryFailure', params: { host: 'h', reply: '454 4.7.0' } });
  });
});
