// EWS answers read strictly: a SOAP fault (throttling and impersonation failures come as faults,
// HTTP 500) or one ResponseMessage per request element, each with ResponseClass and ResponseCode.
// Anything else is an answer we do not understand — never guessed at. What a person sees is our
// own text; at most Exchange's ResponseCode travels along as a reference for support.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { CAREDOCK_PROPERTY_SET, PLAN_ID_PROPERTY, type CalendarFailure } from '../calendar/backend.ts';

export interface DecodedItem {
  id: string;
  changeKey?: string;
  subject?: string;
  body?: string;
  start?: number;
  end?: number;
  /** Our plan id when the item carries our extended property. */
  key?: string;
}

export interface EwsMessage {
  ok: boolean;
  code: string;
  backOffMs?: number;
  items: DecodedItem[];
  /** FindItem: false when the view was cut at MaxEntriesReturned. */
  complete: boolean;
  displayNames: string[];
}

export type EwsAnswer =
  | { kind: 'messages'; messages: EwsMessage[] }
  | { kind: 'fault'; code: string | null; backOffMs?: number }
  | { kind: 'garbled' };

const arrays = new Set(['CalendarItem', 'ExtendedProperty', 'Value', 'Resolution']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Subjects and bodies keep their spaces; containers tolerate whitespace through `node`.
  trimValues: false,
  processEntities: true,
  isArray: (name) => arrays.has(name),
});

/** An element that holds elements; a pretty-printed or empty one reads as a string. */
const node = <T extends z.ZodTypeAny>(shape: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? {} : v), shape);

/** An element's text, with or without attributes. */
const text = z
  .union([z.string(), z.object({ '#text': z.string().optional() }).passthrough()])
  .transform((v) => (typeof v === 'string' ? v : (v['#text'] ?? '')));

const instant = z
  .string()
  .transform((s) => Date.parse(s.trim()))
  .refine((n) => !Number.isNaN(n));

const backOff = node(
  z.object({
    Value: z
      .array(z.object({ '@_Name': z.string().optional(), '#text': z.string().optional() }).passthrough())
      .optional(),
  }),
).optional();

const calendarItem = z.object({
  ItemId: z.object({ '@_Id': z.string().min(1), '@_ChangeKey': z.string().optional() }),
  Subject: text.optional(),
  Body: text.optional(),
  Start: instant.optional(),
  End: instant.optional(),
  ExtendedProperty: z
    .array(
      z.object({
        ExtendedFieldURI: z.object({
          '@_PropertySetId': z.string().optional(),
          '@_PropertyName': z.string().optional(),
        }),
        Value: z.array(text).optional(),
      }),
    )
    .optional(),
});

const items = node(z.object({ CalendarItem: z.array(calendarItem).optional() }).passthrough());

const responseMessage = z.object({
  '@_ResponseClass': z.enum(['Success', 'Warning', 'Error']),
  ResponseCode: z.string().optional(),
  MessageXml: backOff,
  Items: items.optional(),
  RootFolder: node(
    z.object({ '@_IncludesLastItemInRange': z.string().optional(), Items: items.optional() }).passthrough(),
  ).optional(),
  ResolutionSet: node(
    z.object({
      Resolution: z
        .array(
          z.object({ Mailbox: node(z.object({ Name: text.optional(), EmailAddress: text.optional() })) }),
        )
        .optional(),
    }),
  ).optional(),
});

const fault = z.object({
  faultcode: text.optional(),
  detail: node(z.object({ ResponseCode: text.optional(), MessageXml: backOff }).passthrough()).optional(),
});

function backOffMs(xml: z.infer<typeof backOff>): number | undefined {
  const v = xml?.Value?.find((x) => x['@_Name'] === 'BackOffMilliseconds')?.['#text'];
  return v !== undefined && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function decodeItem(i: z.infer<typeof calendarItem>): DecodedItem {
  const ours = i.ExtendedProperty?.find(
    (p) =>
      p.ExtendedFieldURI['@_PropertySetId']?.toLowerCase() === CAREDOCK_PROPERTY_SET &&
      p.ExtendedFieldURI['@_PropertyName'] === PLAN_ID_PROPERTY,
  );
  const key = ours?.Value?.[0];
  return {
    id: i.ItemId['@_Id'],
    ...(i.ItemId['@_ChangeKey'] !== undefined ? { changeKey: i.ItemId['@_ChangeKey'] } : {}),
    ...(i.Subject !== undefined ? { subject: i.Subject } : {}),
    ...(i.Body !== undefined ? { body: i.Body } : {}),
    ...(i.Start !== undefined ? { start: i.Start } : {}),
    ...(i.End !== undefined ? { end: i.End } : {}),
    ...(key !== undefined && key !== '' ? { key } : {}),
  };
}

/** A ResponseCode we may show as a reference: Exchange's identifiers only, never free text. */
export function reference(code: string | null | undefined): string {
  const c = code?.trim() ?? '';
  return /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(c) ? c : 'unknown';
}

export function decodeAnswer(xml: string): EwsAnswer {
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return { kind: 'garbled' };
  }
  const envelope = z
    .object({ Envelope: z.object({ Body: z.record(z.string(), z.unknown()) }) })
    .safeParse(doc);
  if (!envelope.success) return { kind: 'garbled' };
  const body = envelope.data.Envelope.Body;
  if ('Fault' in body) {
    const f = fault.safeParse(body.Fault);
    if (!f.success) return { kind: 'fault', code: null };
    // The faultcode is a QName (a:ErrorServerBusy); the detail's ResponseCode says it plainly.
    const code = f.data.detail?.ResponseCode?.trim() || f.data.faultcode?.replace(/^.*:/, '').trim() || null;
    const ms = backOffMs(f.data.detail?.MessageXml);
    return { kind: 'fault', code, ...(ms !== undefined ? { backOffMs: ms } : {}) };
  }
  const responseName = Object.keys(body).find((k) => k.endsWith('Response'));
  if (!responseName) return { kind: 'garbled' };
  const wrapper = z
    .object({ ResponseMessages: z.record(z.string(), z.unknown()) })
    .safeParse(body[responseName]);
  if (!wrapper.success) return { kind: 'garbled' };
  const messages: EwsMessage[] = [];
  for (const [name, value] of Object.entries(wrapper.data.ResponseMessages)) {
    if (!name.endsWith('ResponseMessage')) continue;
    for (const raw of Array.isArray(value) ? value : [value]) {
      const m = responseMessage.safeParse(raw);
      if (!m.success) return { kind: 'garbled' };
      const found = [
        ...(m.data.Items?.CalendarItem ?? []),
        ...(m.data.RootFolder?.Items?.CalendarItem ?? []),
      ];
      const ms = backOffMs(m.data.MessageXml);
      messages.push({
        ok: m.data['@_ResponseClass'] !== 'Error',
        code: m.data.ResponseCode?.trim() ?? (m.data['@_ResponseClass'] === 'Error' ? 'unknown' : 'NoError'),
        ...(ms !== undefined ? { backOffMs: ms } : {}),
        items: found.map(decodeItem),
        complete: m.data.RootFolder?.['@_IncludesLastItemInRange'] !== 'false',
        displayNames: (m.data.ResolutionSet?.Resolution ?? []).map(
          (r) => r.Mailbox.Name ?? r.Mailbox.EmailAddress ?? '',
        ),
      });
    }
  }
  return messages.length > 0 ? { kind: 'messages', messages } : { kind: 'garbled' };
}

export const conflictCodes = new Set([
  'ErrorIrresolvableConflict',
  'ErrorChangeKeyRequiredForWriteOperations',
  'ErrorChangeKeyRequired',
  'ErrorStaleObject',
  'ErrorInvalidChangeKey',
]);

export const notFoundCodes = new Set(['ErrorItemNotFound', 'ErrorCalendarCannotUpdateDeletedItem']);

// Exchange busy, moving or failing over the mailbox: it says so and it passes.
const transientCodes = new Set([
  'ErrorServerBusy',
  'ErrorInternalServerTransientError',
  'ErrorMailboxStoreUnavailable',
  'ErrorMailboxMoveInProgress',
  'ErrorTimeoutExpired',
  'ErrorConnectionFailed',
  'ErrorADUnavailable',
  'ErrorBatchProcessingStopped',
]);

/**
 * What a failed ResponseCode means for the queue. Access is paused rather than dropped: the admin
 * grants the role and everything waiting goes out; a mailbox that does not exist never will.
 */
export function failureOf(
  code: string | null,
  backOff: number | undefined,
  mailbox: string,
): CalendarFailure {
  if (code === null) return { status: 'retry', code: 'calendar.unexpectedAnswer' };
  if (transientCodes.has(code))
    return {
      status: 'retry',
      code: 'calendar.serverBusy',
      ...(backOff !== undefined ? { retryAfterMs: backOff } : {}),
    };
  if (
    code === 'ErrorNonExistentMailbox' ||
    code === 'ErrorInvalidSmtpAddress' ||
    code === 'ErrorMailRecipientNotFound'
  )
    return { status: 'permanent', code: 'calendar.mailboxNotFound', params: { mailbox } };
  if (
    code === 'ErrorImpersonateUserDenied' ||
    code === 'ErrorImpersonationDenied' ||
    code === 'ErrorAccessDenied' ||
    code === 'ErrorNoPublicFolderReplicaAvailable'
  )
    return { status: 'pause', code: 'calendar.accessDenied', params: { mailbox } };
  if (conflictCodes.has(code)) return { status: 'retry', code: 'calendar.conflict' };
  return { status: 'permanent', code: 'calendar.rejected', params: { reference: reference(code) } };
}
