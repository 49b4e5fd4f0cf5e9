// Notices to recipients, staff, coordinators and admins: the email and SMS channels' settings
// (secrets go in, never come back out: a view says only whether one is saved), test sends, the
// rules and their templates, and what went out per visit.
import { z } from 'zod';
import { clockTimeSchema } from '../../domain/calendar.ts';
import { noticeRuleIds, templatePlaceholders } from '../../domain/notices.ts';
import { jobStates } from '../../jobs/contract.ts';
import { procedure } from '../define.ts';
import { isoTime, language } from './common.ts';

const admin = ['admin'] as const;
const planners = ['coordinator', 'admin'] as const;

const hostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/);
const emailAddress = z.string().trim().min(3).max(254);
const pem = z.string().max(20_000);
/** A new secret, or absent to keep the saved one. Never part of an answer. */
const newSecret = z.string().min(1).max(2000).optional();

export const smtpSettingsInput = z
  .object({
    host: hostName,
    port: z.number().int().min(1).max(65535),
    security: z.enum(['starttls', 'tls']),
    authType: z.enum(['none', 'password', 'oauth2']),
    user: z.string().trim().max(254).default(''),
    password: newSecret,
    tenant: z.string().trim().max(200).default(''),
    clientId: z.string().trim().max(200).default(''),
    clientSecret: newSecret,
    authorityHost: z.url().max(300).default('https://login.microsoftonline.com'),
    from: emailAddress,
    replyTo: emailAddress.optional(),
    ca: pem.optional(),
  })
  .strict();

export const smtpSettingsView = z.object({
  host: z.string(),
  port: z.number().int(),
  security: z.enum(['starttls', 'tls']),
  authType: z.enum(['none', 'password', 'oauth2']),
  user: z.string(),
  tenant: z.string(),
  clientId: z.string(),
  authorityHost: z.string(),
  from: z.string(),
  replyTo: z.string().nullable(),
  hasCa: z.boolean(),
  passwordSaved: z.boolean(),
  clientSecretSaved: z.boolean(),
});
export type SmtpSettingsView = z.infer<typeof smtpSettingsView>;

export const smsSettingsInput = z
  .object({
    provider: z.enum(['tellustalk', 'pixie']),
    url: z.url().max(300),
    account: z.string().trim().min(1).max(200),
    password: newSecret,
    /** Checked in the core (at most 11 letters, no å/ä/ö, or a number) with a catalogue error. */
    sender: z.string().trim().min(1).max(40),
    country: z.enum(['SE', 'FI']),
    ca: pem.optional(),
  })
  .strict();

export const smsSettingsView = z.object({
  provider: z.enum(['tellustalk', 'pixie']),
  url: z.string(),
  account: z.string(),
  sender: z.string(),
  country: z.enum(['SE', 'FI']),
  hasCa: z.boolean(),
  passwordSaved: z.boolean(),
});
export type SmsSettingsView = z.infer<typeof smsSettingsView>;

export const channelsView = z.object({
  smtp: smtpSettingsView.nullable(),
  sms: smsSettingsView.nullable(),
  /** Where secrets are kept: a 0600 file headless, the OS keychain in Electron. */
  secretProtection: z.enum(['file', 'os-encrypted']),
});

export const testResult = z.object({ ref: z.string().nullable(), to: z.string() });

// ── rules ──

const templateText = z.string().max(1000);
export const noticeTemplates = z.object({ sv: templateText, fi: templateText, en: templateText }).strict();
export type Templates = z.infer<typeof noticeTemplates>;
const addressList = z.array(emailAddress).max(20);

export const noticeRules = z
  .object({
    dayBefore: z.object({ enabled: z.boolean(), sendAt: clockTimeSchema, sms: noticeTemplates }).strict(),
    lateChange: z
      .object({
        enabled: z.boolean(),
        /** How staff hear of it; the recipient always by SMS. */
        staffChannel: z.enum(['sms', 'email']),
        sms: noticeTemplates,
        cancelledSms: noticeTemplates,
        staffText: noticeTemplates,
      })
      .strict(),
    orderChanged: z.object({ enabled: z.boolean(), to: addressList, email: noticeTemplates }).strict(),
    missedVisit: z.object({ enabled: z.boolean(), to: addressList, email: noticeTemplates }).strict(),
    failing: z
      .object({
        enabled: z.boolean(),
        afterMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60),
        to: addressList,
        email: noticeTemplates,
      })
      .strict(),
  })
  .strict();
export type NoticeRules = z.infer<typeof noticeRules>;

export const noticeRecord = z.object({
  id: z.string(),
  rule: z.enum(noticeRuleIds),
  channel: z.enum(['email', 'sms']),
  /** Who it was for, by role; never a number or an address. */
  audience: z.enum(['recipient', 'staff', 'coordinators', 'admins']),
  state: z.enum([...jobStates, 'missed']),
  createdAt: isoTime,
  /** The gateway's delivery report where it gives one (TellusTalk's log). */
  delivery: z.enum(['pending', 'delivered', 'failed', 'unknown']).nullable(),
  errorCode: z.string().nullable(),
  errorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});

export const recipientContact = z.object({
  id: z.string(),
  masked: z.boolean(),
  language: language.nullable(),
  /** E.164 as stored. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  consent: z.object({ by: z.string(), at: isoTime }).nullable(),
});
export type RecipientContactView = z.infer<typeof recipientContact>;

export const staffContact = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

const recipientId = z.string().trim().min(1).max(64);
const optionalText = (max: number) => z.string().trim().max(max).nullable();

export const noticeProcedures = {
  'recipients.contact.get': procedure({
    access: planners,
    readonly: true,
    input: z.object({ id: recipientId }).strict(),
    output: recipientContact,
  }),
  'recipients.contact.save': procedure({
    access: planners,
    input: z
      .object({
        id: recipientId,
        language: language.nullable(),
        phone: optionalText(40),
        email: optionalText(254),
        /** Consent to notices: who recorded it and when are the caller and now. */
        consent: z.boolean(),
      })
      .strict(),
    output: recipientContact,
  }),
  'notices.staff.list': procedure({
    access: admin,
    readonly: true,
    input: z.object({}).strict(),
    output: z.array(staffContact),
  }),
  'notices.staff.save': procedure({
    access: admin,
    input: z.object({ id: recipientId, phone: optionalText(40), email: optionalText(254) }).strict(),
    output: z.array(staffContact),
  }),
  'notices.channels.get': procedure({
    access: admin,
    readonly: true,
    input: z.object({}).strict(),
    output: channelsView,
  }),
  'notices.smtp.save': procedure({ access: admin, input: smtpSettingsInput, output: channelsView }),
  'notices.sms.save': procedure({ access: admin, input: smsSettingsInput, output: channelsView }),
  'notices.smtp.test': procedure({
    access: admin,
    input: z.object({ to: emailAddress }).strict(),
    output: testResult,
  }),
  'notices.sms.test': procedure({
    access: admin,
    input: z.object({ to: z.string().trim().min(3).max(40) }).strict(),
    output: testResult,
  }),
  'notices.rules.get': procedure({
    access: admin,
    readonly: true,
    input: z.object({}).strict(),
    output: noticeRules,
  }),
  'notices.rules.save': procedure({ access: admin, input: noticeRules, output: noticeRules }),
  'notices.preview': procedure({
    access: admin,
    readonly: true,
    input: z
      .object({
        template: templateText,
        language,
        channel: z.enum(['sms', 'email']),
        protectedIdentity: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      text: z.string(),
      segments: z.object({
        encoding: z.enum(['gsm7', 'ucs2']),
        segments: z.number().int(),
        remaining: z.number().int(),
      }),
      unknownPlaceholders: z.array(z.string()),
      placeholders: z.array(z.enum(templatePlaceholders)),
    }),
  }),
  'notices.forPlan': procedure({
    access: planners,
    readonly: true,
    input: z.object({ planId: z.string().trim().min(1).max(64) }).strict(),
    output: z.array(noticeRecord),
  }),
};
