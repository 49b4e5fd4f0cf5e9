// The email and SMS channels as an admin sets them up: settings in the settings table, secrets in
// the secret store (never in the database, never in a log, never back to the screen), and a test
// send that goes straight to the server or gateway so the admin sees at once what it answered.
import { createEmailSender } from '../../../integrations/smtp/client.ts';
import { isEmailAddress } from '../../../integrations/smtp/encoder.ts';
import { checkSms } from '../../../integrations/sms/message.ts';
import { normalisePhone } from '../../../integrations/sms/phone.ts';
import { validateSender } from '../../../integrations/sms/sender.ts';
import type { z } from 'zod';
import type {
  channelsView,
  smsSettingsInput,
  smtpSettingsInput,
} from '../../shared/api/procedures/notices.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Outcome } from '../../shared/jobs/index.ts';
import { smsGatewayOf, smtpSettingsOf } from '../integrations/adapters.ts';
import type { SecretStore } from '../integrations/secrets.ts';
import type { ChannelSettings, SmsConfig, SmtpConfig } from '../integrations/settings.ts';

export type SmtpInput = z.output<typeof smtpSettingsInput>;
export type SmsInput = z.output<typeof smsSettingsInput>;
export type ChannelsView = z.output<typeof channelsView>;

/** An adapter's answer to a test as the error the admin reads; `sent` is not an error. */
export function testFailure(o: Outcome): CareDockError | null {
  if (o.status === 'sent') return null;
  return new CareDockError(o.code, o.params ?? {});
}

export class NoticeChannels {
  readonly #settings: ChannelSettings;
  readonly #secrets: SecretStore;

  constructor(settings: ChannelSettings, secrets: SecretStore) {
    this.#settings = settings;
    this.#secrets = secrets;
  }

  view(): ChannelsView {
    const smtp = this.#settings.smtp();
    const sms = this.#settings.sms();
    return {
      smtp: smtp && {
        host: smtp.host,
        port: smtp.port,
        security: smtp.security,
        authType: smtp.authType,
        user: smtp.user,
        tenant: smtp.tenant,
        clientId: smtp.clientId,
        authorityHost: smtp.authorityHost,
        from: smtp.from,
        replyTo: smtp.replyTo ?? null,
        hasCa: smtp.ca !== undefined,
        passwordSaved: this.#secrets.has('smtp.password'),
        clientSecretSaved: this.#secrets.has('smtp.oauthClientSecret'),
      },
      sms: sms && {
        provider: sms.provider,
        url: sms.url,
        account: sms.account,
        sender: sms.sender,
        country: sms.country,
        hasCa: sms.ca !== undefined,
        passwordSaved: this.#secrets.has('sms.password'),
      },
      secretProtection: this.#secrets.protection,
    };
  }

  /** Checks everything first, then writes the settings, then the secret (a failed secret write rolls the settings back). */
  saveSmtp(input: SmtpInput): void {
    for (const [field, a] of [
      ['from', input.from],
      ['replyTo', input.replyTo],
    ] as const)
      if (a !== undefined && !isEmailAddress(a))
        throw new CareDockError('notices.addressInvalid', { field, address: a.slice(0, 80) });
    if (input.authType === 'password') {
      if (input.user === '') throw new CareDockError('notices.smtpUserRequired');
      if (!input.password && !this.#secrets.has('smtp.password'))
        throw new CareDockError('notices.secretRequired', { field: 'password' });
    }
    if (input.authType === 'oauth2') {
      if (input.user === '' || input.tenant === '' || input.clientId === '')
        throw new CareDockError('notices.oauthFieldsRequired');
      if (new URL(input.authorityHost).protocol !== 'https:') throw new CareDockError('notices.insecureUrl');
      if (!input.clientSecret && !this.#secrets.has('smtp.oauthClientSecret'))
        throw new CareDockError('notices.secretRequired', { field: 'clientSecret' });
    }
    const previous = this.#settings.smtp();
    const config: SmtpConfig = {
      host: input.host,
      port: input.port,
      security: input.security,
      authType: input.authType,
      user: input.user,
      tenant: input.tenant,
      clientId: input.clientId,
      authorityHost: input.authorityHost,
      scope: previous?.scope ?? 'https://outlook.office365.com/.default',
      from: input.from,
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      ...(input.ca !== undefined
        ? input.ca
          ? { ca: input.ca }
          : {}
        : previous?.ca
          ? { ca: previous.ca }
          : {}),
    };
    this.#settings.setSmtp(config);
    if (input.password) this.#secrets.set('smtp.password', input.password);
    if (input.clientSecret) this.#secrets.set('smtp.oauthClientSecret', input.clientSecret);
  }

  saveSms(input: SmsInput): void {
    const sender = validateSender(input.sender);
    if (!sender.ok) throw new CareDockError(sender.code);
    const url = new URL(input.url);
    if (url.protocol !== 'https:') throw new CareDockError('sms.insecureUrl');
    if (!input.password && !this.#secrets.has('sms.password'))
      throw new CareDockError('notices.secretRequired', { field: 'password' });
    const previous = this.#settings.sms();
    const config: SmsConfig = {
      provider: input.provider,
      url: input.url,
      account: input.account,
      sender: sender.sender,
      country: input.country,
      ...(input.ca !== undefined
        ? input.ca
          ? { ca: input.ca }
          : {}
        : previous?.ca
          ? { ca: previous.ca }
          : {}),
    };
    this.#settings.setSms(config);
    if (input.password) this.#secrets.set('sms.password', input.password);
  }

  async testEmail(
    to: string,
    text: { subject: string; body: string },
  ): Promise<{ ref: string | null; to: string }> {
    if (!isEmailAddress(to))
      throw new CareDockError('notices.addressInvalid', { field: 'to', address: to.slice(0, 80) });
    const c = this.#settings.smtp();
    if (!c) throw new CareDockError('smtp.notConfigured');
    const sender = createEmailSender(smtpSettingsOf(c, this.#secrets));
    const out = await sender.send({
      to: [to],
      subject: text.subject,
      text: text.body,
      key: `caredock-test-${Date.now()}`,
    });
    const failed = testFailure(out);
    if (failed) throw failed;
    return { ref: out.status === 'sent' ? (out.ref ?? null) : null, to };
  }

  /** The number as it will be sent (E.164), or the catalogue's reason it is refused. */
  phoneOf(input: string): string {
    const c = this.#settings.sms();
    const phone = normalisePhone(input, c?.country ?? 'SE');
    if (!phone.ok) throw new CareDockError(phone.code, phone.params);
    return phone.e164;
  }

  async testSms(to: string, text: string): Promise<{ ref: string | null; to: string }> {
    const c = this.#settings.sms();
    if (!c) throw new CareDockError('sms.notConfigured');
    const checked = checkSms({ to, text, sender: c.sender }, c.country);
    if (!checked.ok) throw new CareDockError(checked.code, checked.params);
    let out: Outcome;
    try {
      out = await smsGatewayOf(c, this.#secrets).send(checked.message);
    } catch (error) {
      throw error instanceof CareDockError ? error : new CareDockError('sms.insecureUrl');
    }
    const failed = testFailure(out);
    if (failed) throw failed;
    return { ref: out.status === 'sent' ? (out.ref ?? null) : null, to: checked.message.to };
  }
}
