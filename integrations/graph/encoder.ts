// Microsoft Graph's calendar API as its v1.0 reference describes it, pure: our event in, request
// paths and bodies out; Graph's answers in (parsed with zod), our items or failure classes out.
// The client does the I/O.
//
// Times go out in UTC ({dateTime: '2026-03-29T06:30:00.0000000', timeZone: 'UTC'}) rather than in
// the event's IANA zone: we hold instants, and UTC needs no conversion to a wall-clock time that
// is ambiguous or missing around a DST change. Graph accepts 'UTC' in every tenant (IANA names
// only partly), Outlook shows the item in the performer's own zone anyway, and our reads ask for
// UTC back (Prefer: outlook.timezone) so an answer parses to the same instant we sent.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  CAREDOCK_PROPERTY_SET,
  PLAN_ID_PROPERTY,
  type CalendarEvent,
  type FoundItem,
} from '../calendar/backend.ts';

/** The extended property's id in Graph's form: type, {property set}, Name, name. */
export const PLAN_ID_PROPERTY_ID = `String {${CAREDOCK_PROPERTY_SET}} Name ${PLAN_ID_PROPERTY}`;

/** Graph's own limit for one JSON batch. */
export const MAX_BATCH = 20;

/** Headers on every read: times in UTC and bodies as plain text, as we wrote them. */
export const READ_PREFER = 'outlook.timezone="UTC", outlook.body-content-type="text"';

/** An OData string literal: single quotes doubled. */
function odataString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Query parameters with spaces as %20: Graph's OData parser does not read `+` as a space everywhere. */
function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k).replaceAll('%24', '$')}=${encodeURIComponent(v)}`)
    .join('&');
}

/** A UPN as one path segment: `@`, `#EXT#`, `/` and `?` cannot break out of it. */
export function userPath(upn: string): string {
  return `/users/${encodeURIComponent(upn)}`;
}

export function eventPath(upn: string, id: string): string {
  return `${userPath(upn)}/events/${encodeURIComponent(id)}`;
}

const expandOurs = `singleValueExtendedProperties($filter=id eq ${odataString(PLAN_ID_PROPERTY_ID)})`;
const selectFields = 'subject,body,start,end';

/** The look-up of our item by its plan id, with the property expanded so the answer shows whose it is. */
export function findPath(upn: string, key: string): string {
  return `${userPath(upn)}/events?${query({
    $filter: `singleValueExtendedProperties/Any(ep: ep/id eq ${odataString(PLAN_ID_PROPERTY_ID)} and ep/value eq ${odataString(key)})`,
    $select: selectFields,
    $expand: expandOurs,
  })}`;
}

/** The calendar view of [from, to): single items and occurrences; ours are told by the expanded property. */
export function calendarViewPath(upn: string, from: number, to: number, pageSize = 100): string {
  return `${userPath(upn)}/calendarView?${query({
    startDateTime: new Date(from).toISOString(),
    endDateTime: new Date(to).toISOString(),
    $select: selectFields,
    $expand: expandOurs,
    $top: String(pageSize),
  })}`;
}

export function userCheckPath(upn: string): string {
  return `${userPath(upn)}?${query({ $select: 'displayName,mail' })}`;
}

export function calendarCheckPath(upn: string): string {
  return `${userPath(upn)}/calendar?${query({ $select: 'id' })}`;
}

/** Graph's dateTime form: local time without offset, seven fraction digits, zone named beside it. */
export function graphDateTime(ms: number): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

/**
 * The same key and times give the same id, so Graph answers a repeated create with the item the
 * first one made. `previous` is the item that vanished when we create one again after a delete in
 * Outlook: a create of the same visit then is a new transaction, not the old one.
 */
export function transactionId(event: CalendarEvent, previous?: string): string {
  const h = createHash('sha256')
    .update(`${event.mailbox}\n${event.key}\n${event.start}\n${event.end}\n${previous ?? ''}`)
    .digest('hex');
  // UUID-shaped (version 8: custom), the form Graph's documentation shows.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What an update sets: everything we own, so an edit in Outlook is put back to the plan. */
export function encodeUpdate(event: CalendarEvent): Record<string, unknown> {
  return {
    subject: event.subject,
    body: { contentType: 'text', content: event.body },
    start: graphDateTime(event.start),
    end: graphDateTime(event.end),
    // An empty name clears a location an earlier version of the visit had.
    location: { displayName: event.location ?? '' },
    showAs: 'busy',
    // A performer has many visits a day and works from the day's list; a reminder for each is noise.
    isReminderOn: false,
    singleValueExtendedProperties: [{ id: PLAN_ID_PROPERTY_ID, value: event.key }],
  };
}

/** The create: no attendees, so the item stays in the performer's calendar and no invitation goes out. */
export function encodeCreate(event: CalendarEvent, previous?: string): Record<string, unknown> {
  return { ...encodeUpdate(event), transactionId: transactionId(event, previous) };
}

// ---- answers ----

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string() });

const graphEvent = z.object({
  id: z.string().min(1),
  subject: z.string().nullish(),
  body: z.object({ content: z.string().nullish() }).nullish(),
  start: dateTimeTimeZone.nullish(),
  end: dateTimeTimeZone.nullish(),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish(),
});
export type GraphEvent = z.infer<typeof graphEvent>;

const eventPage = z.object({
  value: z.array(graphEvent),
  '@odata.nextLink': z.string().url().optional(),
});

const createdEvent = z.object({ id: z.string().min(1) });

const user = z.object({ displayName: z.string().nullish(), mail: z.string().nullish() });

const graphError = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

function json(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function decodeEventPage(body: string): { value: GraphEvent[]; nextLink?: string } | null {
  const r = eventPage.safeParse(json(body));
  if (!r.success) return null;
  return {
    value: r.data.value,
    ...(r.data['@odata.nextLink'] ? { nextLink: r.data['@odata.nextLink'] } : {}),
  };
}

export function decodeCreated(body: string): { id: string } | null {
  const r = createdEvent.safeParse(json(body));
  return r.success ? { id: r.data.id } : null;
}

export function decodeUser(body: string): { displayName: string } | null {
  const r = user.safeParse(json(body));
  return r.success ? { displayName: r.data.displayName ?? r.data.mail ?? '' } : null;
}

/** Graph's error code (`ErrorInvalidUser`, `ErrorItemNotFound` …), or '' for a body that is not Graph's. */
export function errorCode(body: string): string {
  const r = graphError.safeParse(json(body));
  return r.success ? r.data.error.code : '';
}

/** A Graph dateTime in UTC as an instant; null for another zone (we asked for UTC) or an unreadable one. */
export function parseGraphDateTime(v: { dateTime: string; timeZone: string }): number | null {
  if (v.timeZone !== 'UTC' && v.timeZone !== 'Etc/UTC') return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z?$/.exec(v.dateTime);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Our plan id on a Graph item, or null when the item is the performer's own. */
export function ourKey(e: GraphEvent): string | null {
  const p = e.singleValueExtendedProperties?.find(
    (x) => x.id.toLowerCase() === PLAN_ID_PROPERTY_ID.toLowerCase(),
  );
  return p?.value ?? null;
}

/** A Graph item of ours as a FoundItem; null when it is not ours or its times do not read. */
export function foundItem(e: GraphEvent): FoundItem | null {
  const key = ourKey(e);
  if (key === null || !e.start || !e.end) return null;
  const start = parseGraphDateTime(e.start);
  const end = parseGraphDateTime(e.end);
  if (start === null || end === null) return null;
  return {
    key,
    ref: { id: e.id },
    subject: e.subject ?? '',
    body: e.body?.content ?? '',
    start,
    end,
  };
}

// ---- JSON batching ----

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, as Graph wants it in a batch: `/users/…/events`. */
  url: string;
  body?: Record<string, unknown>;
}

/** One `$batch` body; more than Graph's 20 is the caller's mistake, not something to send. */
export function encodeBatch(requests: BatchRequest[]): string {
  if (requests.length === 0 || requests.length > MAX_BATCH)
    throw new Error(`a batch holds 1 to ${MAX_BATCH} requests`);
  return JSON.stringify({
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body !== undefined ? { body: r.body, headers: { 'content-type': 'application/json' } } : {}),
    })),
  });
}

const batchAnswer = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).nullish(),
      body: z.unknown().optional(),
    }),
  ),
});

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  /** The inner body re-serialised, so the single-request decoders read it. */
  body: string;
}

export function decodeBatch(body: string): BatchResponse[] | null {
  const r = batchAnswer.safeParse(json(body));
  if (!r.success) return null;
  return r.data.responses.map((x) => ({
    id: x.id,
    status: x.status,
    headers: Object.fromEntries(Object.entries(x.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: x.body === undefined ? '' : JSON.stringify(x.body),
  }));
}

/** Chunks of at most `size`: the batches a list of requests is sent in. */
export function chunks<T>(items: readonly T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
