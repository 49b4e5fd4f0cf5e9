// Admin → Integrationer → Exchange: the performers' calendars through EWS (on-premises) or
// Microsoft Graph (online). Secrets go in and never come back out; the board asks each visit's
// calendar state.
import { z } from 'zod';
import { procedure } from '../define.ts';

const admin = ['admin'] as const;
const planners = ['coordinator', 'admin'] as const;

export const calendarPrivacy = z.enum(['minimal', 'standard', 'detailed']);
const newSecret = z.string().min(1).max(2000).optional();
const mailbox = z.string().trim().min(3).max(254);

export const exchangeSettingsInput = z
  .object({
    backend: z.enum(['ews', 'graph']),
    url: z.url().max(500),
    authType: z.enum(['ntlm', 'basic', 'oauth2']).default('ntlm'),
    user: z.string().trim().max(254).default(''),
    domain: z.string().trim().max(200).default(''),
    password: newSecret,
    tenant: z.string().trim().max(200).default(''),
    clientId: z.string().trim().max(200).default(''),
    clientSecret: newSecret,
    authorityHost: z.url().max(300).default('https://login.microsoftonline.com'),
    privacy: calendarPrivacy,
    weeksAhead: z.number().int().min(1).max(12).default(4),
    ca: z.string().max(20_000).optional(),
  })
  .strict();

export const exchangeView = z.object({
  settings: z
    .object({
      backend: z.enum(['ews', 'graph']),
      url: z.string(),
      authType: z.enum(['ntlm', 'basic', 'oauth2']),
      user: z.string(),
      domain: z.string(),
      tenant: z.string(),
      clientId: z.string(),
      authorityHost: z.string(),
      privacy: calendarPrivacy,
      weeksAhead: z.number().int(),
      hasCa: z.boolean(),
      passwordSaved: z.boolean(),
      clientSecretSaved: z.boolean(),
    })
    .nullable(),
  staff: z.array(z.object({ id: z.string(), name: z.string(), address: z.string().nullable() })),
  /** Items of ours CareDock knows of, in all calendars. */
  items: z.number().int(),
});
export type ExchangeView = z.infer<typeof exchangeView>;

export const calendarState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('inCalendar') }),
  z.object({ state: z.literal('waiting'), code: z.string().nullable() }),
  z.object({ state: z.literal('failed'), code: z.string().nullable(), jobId: z.string() }),
]);

export const calendarProcedures = {
  'calendar.get': procedure({
    access: admin,
    readonly: true,
    input: z.object({}).strict(),
    output: exchangeView,
  }),
  'calendar.save': procedure({ access: admin, input: exchangeSettingsInput, output: exchangeView }),
  'calendar.turnOff': procedure({ access: admin, input: z.object({}).strict(), output: exchangeView }),
  'calendar.staff.save': procedure({
    access: admin,
    input: z.object({ id: z.string().trim().min(1).max(64), address: mailbox.nullable() }).strict(),
    output: exchangeView,
  }),
  'calendar.test': procedure({
    access: admin,
    input: z.object({ mailbox }).strict(),
    output: z.object({ displayName: z.string() }),
  }),
  'calendar.reconcile': procedure({ access: admin, input: z.object({}).strict(), output: z.object({}) }),
  'calendar.states': procedure({
    access: planners,
    readonly: true,
    input: z.object({ planIds: z.array(z.string().min(1).max(64)).max(5000) }).strict(),
    output: z.record(z.string(), calendarState),
  }),
};
