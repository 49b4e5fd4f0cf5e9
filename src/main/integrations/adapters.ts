// The queue's adapters for the provider's channels: settings and secrets are read on every
// attempt, so an admin's correction takes effect on the next job without a restart.
import { createPixieGateway } from '../../../integrations/pixie/client.ts';
import { checkSms, type SmsMessage } from '../../../integrations/sms/message.ts';
import type { SmsGateway } from '../../../integrations/sms/gateway.ts';
import { createTellusTalkGateway } from '../../../integrations/tellustalk/client.ts';
import { createEmailSender } from '../../../integrations/smtp/client.ts';
import type { SmtpSettings } from '../../../integrations/smtp/encoder.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Outcome, Resolution } from '../../shared/jobs/index.ts';
import type { Adapter } from '../jobs/runner.ts';
import type { emailJob, smsJob } from './kinds.ts';
import type { SecretStore } from './secrets.ts';
import type { ChannelSettings, SmsConfig, SmtpConfig } from './settings.ts';

type EmailPayload = ReturnType<(typeof emailJob)['payload']['parse']>;
type SmsPayload = ReturnType<(typeof smsJob)['payload']['parse']>;

export function smtpSettingsOf(c: SmtpConfig, secrets: SecretStore): SmtpSettings {
  const auth: SmtpSettings['auth'] =
    c.authType === 'none'
      ? { type: 'none' }
      : c.authType === 'password'
        ? { type: 'password', user: c.user, password: secrets.get('smtp.password') ?? '' }
        : {
            type: 'oauth2',
            user: c.user,
            tenant: c.tenant,
            clientId: c.clientId,
            clientSecret: secrets.get('smtp.oauthClientSecret') ?? '',
            authorityHost: c.authorityHost,
            scope: c.scope,
          };
  return {
    host: c.host,
    port: c.port,
    security: c.security,
    auth,
    from: c.from,
    ...(c.replyTo ? { replyTo: c.replyTo } : {}),
    ...(c.ca ? { ca: c.ca } : {}),
  };
}

export function emailAdapter(settings: ChannelSettings, secrets: SecretStore): Adapter<EmailPayload> {
  return {
    async send(job, signal): Promise<Outcome> {
      const c = settings.smtp();
      if (!c) return { status: 'pause', code: 'smtp.notConfigured' };
      const sender = createEmailSender(smtpSettingsOf(c, secrets));
      // The job's id, not its attempt: every attempt carries the same Message-ID.
      return sender.send({ ...job.payload, key: `caredock-job-${job.id}` }, signal);
    },
  };
}

export function smsGatewayOf(c: SmsConfig, secrets: SecretStore): SmsGateway {
  const password = secrets.get('sms.password') ?? '';
  const ca = c.ca ? { ca: c.ca } : {};
  return c.provider === 'tellustalk'
    ? createTellusTalkGateway({ baseUrl: c.url, username: c.account, password, ...ca })
    : createPixieGateway({ endpoint: c.url, account: c.account, password, ...ca });
}

export function smsAdapter(
  settings: ChannelSettings,
  secrets: SecretStore,
  refRecorded: (ref: string) => boolean,
): Adapter<SmsPayload> {
  const attempt = (p: SmsPayload): { fail: Outcome } | { gateway: SmsGateway; message: SmsMessage } => {
    const c = settings.sms();
    if (!c) return { fail: { status: 'pause', code: 'sms.notConfigured' } };
    let gateway: SmsGateway;
    try {
      gateway = smsGatewayOf(c, secrets);
    } catch (error) {
      const code = error instanceof CareDockError ? error.code : 'sms.insecureUrl';
      return { fail: { status: 'pause', code } };
    }
    const checked = checkSms({ to: p.to, text: p.text, sender: c.sender }, c.country);
    if (!checked.ok) return { fail: { status: 'permanent', code: checked.code, params: checked.params } };
    return { gateway, message: checked.message };
  };
  return {
    async send(job, signal) {
      if (job.payload.notAfter !== undefined && Date.now() > job.payload.notAfter)
        return { status: 'permanent', code: 'sms.expired' };
      const r = attempt(job.payload);
      if ('fail' in r) return r.fail;
      return r.gateway.send(r.message, signal);
    },
    async resolve(job, signal): Promise<Resolution> {
      const r = attempt(job.payload);
      // Misconfigured now: nothing can be checked; a person decides rather than a blind resend.
      if ('fail' in r) return { status: 'unknown', code: 'jobs.unknownOutcome' };
      if (!r.gateway.resolve) return { status: 'unknown', code: 'jobs.unknownOutcome' };
      return r.gateway.resolve(r.message, refRecorded, signal);
    },
  };
}
