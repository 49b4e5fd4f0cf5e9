// SOAP 1.1 bodies for Exchange Web Services, as messages.xsd/types.xsd of Exchange 2016/2019/SE
// define them (/work/shared/specs/ews). Pure: strings in, strings out; the client does the I/O.
//
// Every request acts as the performer through impersonation (a service account holding the
// ApplicationImpersonation role), so one account serves every mailbox and the items are the
// performer's own, not shared-calendar entries of the service account.
import {
  CAREDOCK_PROPERTY_SET,
  PLAN_ID_PROPERTY,
  type CalendarEvent,
  type ItemRef,
} from '../calendar/backend.ts';

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';

/** The oldest schema with everything we use (StartTimeZone by Id, impersonation); 2016+ speak it. */
export const SERVER_VERSION = 'Exchange2013_SP1';

/**
 * We are the master copy: the plan wins over an edit made in Outlook, and a change key gone stale
 * because the performer moved the item must not stop the plan from being written back.
 * AutoResolve would refuse exactly that case (ErrorIrresolvableConflict) and leave the calendar
 * showing a time the plan no longer has.
 */
export const CONFLICT_RESOLUTION = 'AlwaysOverwrite';

/**
 * Into Deleted Items, not HardDelete: a visit removed by a mistaken plan change can be fetched
 * back by the performer or the Exchange admin, and it is what a delete in Outlook does. Our
 * look-ups search the Calendar folder only, so a deleted item is never found as ours again.
 */
export const DELETE_TYPE = 'MoveToDeletedItems';

// Outlook shows a zone by its Windows name. The zones a Nordic home-care provider uses; anything
// else is written as UTC, which keeps the instants right and only changes the zone label.
const windowsZones: Record<string, string> = {
  'Europe/Stockholm': 'W. Europe Standard Time',
  'Europe/Oslo': 'W. Europe Standard Time',
  'Europe/Copenhagen': 'W. Europe Standard Time',
  'Europe/Berlin': 'W. Europe Standard Time',
  'Europe/Helsinki': 'FLE Standard Time',
  'Europe/Mariehamn': 'FLE Standard Time',
  'Europe/Tallinn': 'FLE Standard Time',
  'Europe/Riga': 'FLE Standard Time',
  'Europe/Vilnius': 'FLE Standard Time',
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
};

export function windowsZone(iana: string): string {
  return windowsZones[iana] ?? 'UTC';
}

// XML 1.0 forbids most C0 controls even as references; a stray one from a pasted note would make
// Exchange refuse the whole item. A CR is kept as a reference: a parser would fold it into LF.

const forbidden =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(forbidden, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#xD;');
}

/** xs:dateTime in UTC, whole seconds (Exchange stores no finer). */
export function utc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function envelope(mailbox: string, body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:t="${TYPES_NS}" xmlns:m="${MESSAGES_NS}">` +
    '<soap:Header>' +
    `<t:RequestServerVersion Version="${SERVER_VERSION}"/>` +
    '<t:ExchangeImpersonation><t:ConnectingSID>' +
    `<t:SmtpAddress>${escapeXml(mailbox)}</t:SmtpAddress>` +
    '</t:ConnectingSID></t:ExchangeImpersonation>' +
    '</soap:Header>' +
    `<soap:Body>${body}</soap:Body>` +
    '</soap:Envelope>'
  );
}

const planIdUri =
  `<t:ExtendedFieldURI PropertySetId="${CAREDOCK_PROPERTY_SET}" ` +
  `PropertyName="${PLAN_ID_PROPERTY}" PropertyType="String"/>`;

// The impersonated user's own Calendar; the header says whose.
const calendarFolder = '<t:DistinguishedFolderId Id="calendar"/>';

const field = (uri: string) => `<t:FieldURI FieldURI="${uri}"/>`;

// What we read back of an item: enough to compare it with the plan and to update it.
const itemProperties =
  '<t:AdditionalProperties>' +
  field('item:Subject') +
  field('calendar:Start') +
  field('calendar:End') +
  planIdUri +
  '</t:AdditionalProperties>';

const itemId = (ref: ItemRef, withChangeKey: boolean) =>
  `<t:ItemId Id="${escapeXml(ref.id)}"` +
  (withChangeKey && ref.changeKey !== undefined ? ` ChangeKey="${escapeXml(ref.changeKey)}"` : '') +
  '/>';

const bodyElement = (text: string) => `<t:Body BodyType="Text">${escapeXml(text)}</t:Body>`;

function zones(e: CalendarEvent): { start: string; end: string } {
  const id = escapeXml(windowsZone(e.timeZone));
  return { start: `<t:StartTimeZone Id="${id}"/>`, end: `<t:EndTimeZone Id="${id}"/>` };
}

/** A new item. The children follow ItemType's then CalendarItemType's sequence in types.xsd. */
export function encodeCreate(e: CalendarEvent): string {
  const tz = zones(e);
  return envelope(
    e.mailbox,
    '<m:CreateItem SendMeetingInvitations="SendToNone">' +
      `<m:SavedItemFolderId>${calendarFolder}</m:SavedItemFolderId>` +
      '<m:Items><t:CalendarItem>' +
      `<t:Subject>${escapeXml(e.subject)}</t:Subject>` +
      bodyElement(e.body) +
      `<t:ExtendedProperty>${planIdUri}<t:Value>${escapeXml(e.key)}</t:Value></t:ExtendedProperty>` +
      `<t:Start>${utc(e.start)}</t:Start>` +
      `<t:End>${utc(e.end)}</t:End>` +
      (e.location ? `<t:Location>${escapeXml(e.location)}</t:Location>` : '') +
      tz.start +
      tz.end +
      '</t:CalendarItem></m:Items>' +
      '</m:CreateItem>',
  );
}

const setField = (uri: string, inner: string) =>
  `<t:SetItemField>${field(uri)}<t:CalendarItem>${inner}</t:CalendarItem></t:SetItemField>`;

/**
 * Overwrite what we own of an existing item. The zones go before Start and End: Exchange reads a
 * new Start in the zone the item has when it gets to it.
 */
export function encodeUpdate(e: CalendarEvent, ref: ItemRef): string {
  const tz = zones(e);
  return envelope(
    e.mailbox,
    `<m:UpdateItem ConflictResolution="${CONFLICT_RESOLUTION}" SendMeetingInvitationsOrCancellations="SendToNone">` +
      '<m:ItemChanges><t:ItemChange>' +
      itemId(ref, true) +
      '<t:Updates>' +
      setField('item:Subject', `<t:Subject>${escapeXml(e.subject)}</t:Subject>`) +
      setField('item:Body', bodyElement(e.body)) +
      setField('calendar:StartTimeZone', tz.start) +
      setField('calendar:EndTimeZone', tz.end) +
      setField('calendar:Start', `<t:Start>${utc(e.start)}</t:Start>`) +
      setField('calendar:End', `<t:End>${utc(e.end)}</t:End>`) +
      (e.location
        ? setField('calendar:Location', `<t:Location>${escapeXml(e.location)}</t:Location>`)
        : `<t:DeleteItemField>${field('calendar:Location')}</t:DeleteItemField>`) +
      '</t:Updates>' +
      '</t:ItemChange></m:ItemChanges>' +
      '</m:UpdateItem>',
  );
}

/** No change key: what we delete is ours whatever the performer did to it meanwhile. */
export function encodeDelete(mailbox: string, ref: ItemRef): string {
  return envelope(
    mailbox,
    `<m:DeleteItem DeleteType="${DELETE_TYPE}" SendMeetingCancellations="SendToNone">` +
      `<m:ItemIds>${itemId(ref, false)}</m:ItemIds>` +
      '</m:DeleteItem>',
  );
}

/**
 * Our item `key`, wherever in time it is now (the performer may have moved it): a Restriction on
 * the extended property over the Calendar folder. A CalendarView takes no Restriction, so this
 * is a paged view; more than one hit means a doubled item, which the client cleans up.
 */
export function encodeFindByKey(mailbox: string, key: string): string {
  return envelope(
    mailbox,
    '<m:FindItem Traversal="Shallow">' +
      `<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>${itemProperties}</m:ItemShape>` +
      '<m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/>' +
      '<m:Restriction><t:IsEqualTo>' +
      planIdUri +
      `<t:FieldURIOrConstant><t:Constant Value="${escapeXml(key)}"/></t:FieldURIOrConstant>` +
      '</t:IsEqualTo></m:Restriction>' +
      `<m:ParentFolderIds>${calendarFolder}</m:ParentFolderIds>` +
      '</m:FindItem>',
  );
}

/** Largest answer to one calendar view; a performer's month is far below it. */
export const CALENDAR_VIEW_MAX = 1000;

/** Every item overlapping [from, to), with our property where an item has it. */
export function encodeCalendarView(mailbox: string, from: number, to: number): string {
  return envelope(
    mailbox,
    '<m:FindItem Traversal="Shallow">' +
      `<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>${itemProperties}</m:ItemShape>` +
      `<m:CalendarView MaxEntriesReturned="${CALENDAR_VIEW_MAX}" StartDate="${utc(from)}" EndDate="${utc(to)}"/>` +
      `<m:ParentFolderIds>${calendarFolder}</m:ParentFolderIds>` +
      '</m:FindItem>',
  );
}

/** Items by id with their current change key and, as FindItem cannot return it, their text body. */
export function encodeGetItems(mailbox: string, refs: ItemRef[]): string {
  return envelope(
    mailbox,
    '<m:GetItem>' +
      '<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:BodyType>Text</t:BodyType>' +
      '<t:AdditionalProperties>' +
      field('item:Subject') +
      field('item:Body') +
      field('calendar:Start') +
      field('calendar:End') +
      planIdUri +
      '</t:AdditionalProperties></m:ItemShape>' +
      `<m:ItemIds>${refs.map((r) => itemId(r, false)).join('')}</m:ItemIds>` +
      '</m:GetItem>',
  );
}

/** The connection test's first half: may the account open this mailbox's Calendar as the user? */
export function encodeGetCalendarFolder(mailbox: string): string {
  return envelope(
    mailbox,
    '<m:GetFolder>' +
      '<m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>' +
      `<m:FolderIds>${calendarFolder}</m:FolderIds>` +
      '</m:GetFolder>',
  );
}

/** The second half: the display name the admin recognises. */
export function encodeResolveNames(mailbox: string): string {
  return envelope(
    mailbox,
    '<m:ResolveNames ReturnFullContactData="false" SearchScope="ActiveDirectory">' +
      `<m:UnresolvedEntry>${escapeXml(mailbox)}</m:UnresolvedEntry>` +
      '</m:ResolveNames>',
  );
}
