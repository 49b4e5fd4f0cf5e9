// The channels' settings that are not secret, kept in the settings table under keys of their own;
// the secrets beside them live in the secret store (secrets.ts).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { SettingsData } from '../settings/data.ts';

export const smtpConfig = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['starttls', 'tls']).default('starttls'),
  authType: z.enum(['none', 'password', 'oauth2']).default('password'),
  user: z.string().max(254).default(''),
  /** OAuth2 (Microsoft 365): tenant, app id, and the authority host (tests point it at a fake). */
  tenant: z.string().max(200).default(''),
  clientId: z.string().max(200).default(''),
  authorityHost: z.url().default('https://login.microsoftonline.com'),
  scope: z.string().default('https://outlook.office365.com/.default'),
  from: z.string().min(3).max(254),
  replyTo: z.string().max(254).optional(),
  /** The organisation's own CA, PEM, when its mail server's certificate is not publicly trusted. */
  ca: z.string().max(20_000).optional(),
});
export type SmtpConfig = z.infer<typeof smtpConfig>;

export const smsConfig = z.object({
  provider: z.enum(['tellustalk', 'pixie']),
  /** TellusTalk: https://api.tellustalk.com; Pixie: https://smsserver.pixie.se/sendsms. */
  url: z.url(),
  /** TellusTalk's API user or Pixie's account number. */
  account: z.string().min(1).max(200),
  /** At most 11 letters without å/ä/ö, or a number: what operators show (sms/sender.ts checks it). */
  sender: z.string().min(1).max(11),
  /** Where a national number (0…) is read: the municipality's country. */
  country: z.enum(['SE', 'FI']).default('SE'),
  ca: z.string().max(20_000).optional(),
});
export type SmsConfig = z.infer<typeof smsConfig>;

const keys = { smtp: 'integrations.smtp', sms: 'integrations.sms' } as const;

export interface ChannelSettings {
  smtp(): SmtpConfig | null;
  sms(): SmsConfig | null;
  setSmtp(c: SmtpConfig | null): void;
  setSms(c: SmsConfig | null): void;
}

export function channelSettings(sqlite: Database.Database): ChannelSettings {
  const data = new SettingsData(sqlite);
  const read = <T>(key: string, schema: z.ZodType<T>): T | null => {
    const v = data.get(key);
    if (v === undefined) return null;
    const parsed = schema.safeParse(JSON.parse(v));
    return parsed.success ? parsed.data : null;
  };
  const write = (key: string, v: unknown) =>
    v === null ? data.remove(key) : data.put([{ key, value: JSON.stringify(v) }]);
  return {
    smtp: () => read(keys.smtp, smtpConfig),
    sms: () => read(keys.sms, smsConfig),
    setSmtp: (c) => write(keys.smtp, c === null ? null : smtpConfig.parse(c)),
    setSms: (c) => write(keys.sms, c === null ? null : smsConfig.parse(c)),
  };
}
