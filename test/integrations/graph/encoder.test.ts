import { describe, expect, it } from 'vitest';
import { CAREDOCK_PROPERTY_SET, type CalendarEvent } from '../../../integrations/calendar/backend.ts';
import {
  PLAN_ID_PROPERTY_ID,
  calendarViewPath,
  chunks,
  decodeBatch,
  decodeEventPage,
  encodeBatch,
  encodeCreate,
  eventPath,
  findPath,
  foundItem,
  graphDateTime,
  parseGraphDateTime,
  transactionId,
  userPath,
} from '../../../integrations/graph/encoder.ts';

const event: CalendarEvent = {
  key: 'plan-1',
  mailbox: 'anna@omsorg.example',
  subject: 'Besök',
  body: 'Text',
  start: Date.UTC(2026, 9, 25, 0, 30), // the night Sweden's clocks go back: 02:30 happens twice
  end: Date.UTC(2026, 9, 25, 1, 30),
  timeZone: 'Europe/Stockholm',
};

describe('the Graph encoder', () => {
  it('sends instants in UTC in Graph’s dateTime form and reads them back to the same instant', () => {
    expect(graphDateTime(event.start)).toEqual({ dateTime: '2026-10-25T00:30:00.0000000', timeZone: 'UTC' });
    expect(parseGraphDateTime(graphDateTime(event.start))).toBe(event.start);
    expect(parseGraphDateTime({ dateTime: '2026-10-25T00:30:00.1234567', timeZone: 'UTC' })).toBe(
      event.start + 123,
    );
    expect(
      parseGraphDateTime({ dateTime: '2026-10-25T02:30:00', timeZone: 'W. Europe Standard Time' }),
    ).toBeNull();
  });

  it('creates with the plan id property, a transactionId and no attendees', () => {
    const body = encodeCreate(event);
    expect(PLAN_ID_PROPERTY_ID).toBe(`String {${CAREDOCK_PROPERTY_SET}} Name CareDockPlanId`);
    expect(body).toMatchObject({
      body: { contentType: 'text', content: 'Text' },
      singleValueExtendedProperties: [{ id: PLAN_ID_PROPERTY_ID, value: 'plan-1' }],
      transactionId: transactionId(event),
    });
    expect(body).not.toHaveProperty('attendees');
    // Deterministic for a retry, different for another visit, another time or a re-creation.
    expect(transactionId(event)).toBe(transactionId({ ...event }));
    expect(transactionId({ ...event, key: 'plan-2' })).not.toBe(transactionId(event));
    expect(transactionId({ ...event, start: event.start + 1 })).not.toBe(transactionId(event));
    expect(transactionId(event, 'AAMkOld')).not.toBe(transactionId(event));
  });

  it('puts the UPN in one path segment and escapes quotes in the filter', () => {
    expect(userPath('a/b?c#EXT#@x.example')).toBe('/users/a%2Fb%3Fc%23EXT%23%40x.example');
    expect(eventPath('a@x.example', 'AAMk/+=')).toBe('/users/a%40x.example/events/AAMk%2F%2B%3D');
    const p = findPath('a@x.example', "o'neil");
    const q = new URL(p, 'https://g').searchParams;
    expect(q.get('$filter')).toBe(
      `singleValueExtendedProperties/Any(ep: ep/id eq '${PLAN_ID_PROPERTY_ID}' and ep/value eq 'o''neil')`,
    );
    expect(q.get('$expand')).toBe(`singleValueExtendedProperties($filter=id eq '${PLAN_ID_PROPERTY_ID}')`);
    expect(p).not.toContain('+'); // spaces as %20
    const v = new URL(calendarViewPath('a@x.example', event.start, event.end, 50), 'https://g').searchParams;
    expect(v.get('startDateTime')).toBe('2026-10-25T00:30:00.000Z');
    expect(v.get('$top')).toBe('50');
  });

  it('reads only our items from a page, and refuses what is not Graph’s shape', () => {
    const page = decodeEventPage(
      JSON.stringify({
        value: [
          {
            id: 'a',
            subject: 'S',
            body: { content: 'B' },
            start: graphDateTime(event.start),
            end: graphDateTime(event.end),
            singleValueExtendedProperties: [{ id: PLAN_ID_PROPERTY_ID.toLowerCase(), value: 'plan-1' }],
          },
          { id: 'b', subject: 'Own', start: graphDateTime(event.start), end: graphDateTime(event.end) },
        ],
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users/x/calendarView?$skiptoken=1',
      }),
    );
    expect(page?.nextLink).toContain('$skiptoken=1');
    expect(page!.value.map(foundItem)).toEqual([
      { key: 'plan-1', ref: { id: 'a' }, subject: 'S', body: 'B', start: event.start, end: event.end },
      null,
    ]);
    expect(decodeEventPage('{"value": [{"subject": "no id"}]}')).toBeNull();
    expect(decodeEventPage('<html>')).toBeNull();
  });

  it('batches at most 20 requests and reads the answers back', () => {
    expect(() => encodeBatch([])).toThrow();
    const reqs = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: `/users/${i}`,
    }));
    expect(() => encodeBatch(reqs)).toThrow();
    expect(chunks(reqs).map((c) => c.length)).toEqual([20, 1]);
    const body = JSON.parse(
      encodeBatch([{ id: '1', method: 'POST', url: '/users/a/events', body: { a: 1 } }]),
    );
    expect(body).toEqual({
      requests: [
        {
          id: '1',
          method: 'POST',
          url: '/users/a/events',
          body: { a: 1 },
          headers: { 'content-type': 'application/json' },
        },
      ],
    });
    expect(
      decodeBatch(
        JSON.stringify({ responses: [{ id: '1', status: 429, headers: { 'Retry-After': '3' }, body: {} }] }),
      ),
    ).toEqual([{ id: '1', status: 429, headers: { 'retry-after': '3' }, body: '{}' }]);
    expect(decodeBatch('{"responses": [{"id": 1}]}')).toBeNull();
  });
});
