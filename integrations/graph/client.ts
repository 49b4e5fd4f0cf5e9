// The calendar backend for Exchange Online through Microsoft Graph, app-only (client credentials,
// application permission Calendars.ReadWrite). At-least-once like every adapter, made
// effectively once: an item is found again by our extended property before anything is created,
// and a create repeated after a lost answer carries the same transactionId, which Graph
// deduplicates.
import type {
  CalendarBackend,
  CalendarEvent,
  CalendarFailure,
  CalendarResult,
  FoundItem,
  ItemRef,
} from '../calendar/backend.ts';
import { msalTokenSource, type TokenSource } from '../entra/token.ts';
import { httpsRequest, retryAfterMs, type HttpAnswer } from '../http/request.ts';
import {
  READ_PREFER,
  chunks,
  decodeBatch,
  encodeBatch,
  type BatchRequest,
  calendarCheckPath,
  calendarViewPath,
  decodeCreated,
  decodeEventPage,
  decodeUser,
  encodeCreate,
  encodeUpdate,
  errorCode,
  eventPath,
  findPath,
  foundItem,
  ourKey,
  userCheckPath,
  userPath,
} from './encoder.ts';

export interface GraphSettings {
  /** https://graph.microsoft.com/v1.0 unless a national cloud's or a test's. */
  graphUrl?: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com unless a national cloud's or a test's. */
  authorityHost?: string;
  ca?: string;
  timeoutMs?: number;
  /** Items per calendarView page. */
  pageSize?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Answer = Pick<Extract<HttpAnswer, { ok: true }>, 'status' | 'headers' | 'body'>;
type Sent = { ok: true; answer: Extract<HttpAnswer, { ok: true }> } | { ok: false; failure: CalendarFailure };

/** 404 codes that mean the mailbox, not the item: nothing written there can succeed. */
const mailboxCodes = new Set(['ErrorInvalidUser', 'MailboxNotEnabledForRESTAPI', 'ErrorNonExistentMailbox']);
const upnForm = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const maxPages = 200;

export interface BatchItem {
  event: CalendarEvent;
  known: ItemRef | null;
}

export interface GraphBackend extends CalendarBackend {
  /** The Graph version root requests are made against (the check's and the tests' view). */
  readonly root: string;
  /**
   * Many upserts in JSON batches of up to 20 (a day's plan for a team): one batch of look-ups for
   * the items without a ref, one of updates and creates. Results in the order given, each as
   * `upsert` would answer it; an item gone from the server falls back to a single upsert.
   */
  batchUpsert(items: BatchItem[], signal?: AbortSignal): Promise<CalendarResult<{ ref: ItemRef }>[]>;
}

export function createGraphBackend(settings: GraphSettings): GraphBackend {
  const root = (settings.graphUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  let base: URL | null = null;
  try {
    base = new URL(root);
  } catch {
    base = null;
  }
  const secure = base?.protocol === 'https:';
  const host = base?.host ?? '';
  const timeoutMs = settings.timeoutMs ?? 30_000;
  // The resource's .default scope follows the Graph host, so a national cloud (graph.microsoft.us)
  // and the test fake get a token for themselves without another setting.
  const tokens: TokenSource = msalTokenSource({
    authorityHost: settings.authorityHost ?? 'https://login.microsoftonline.com',
    tenant: settings.tenant,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scope: `${base?.origin ?? 'https://graph.microsoft.com'}/.default`,
    ...(settings.ca ? { ca: settings.ca } : {}),
  });

  function transportFailure(a: Extract<HttpAnswer, { ok: false }>, method: Method): CalendarFailure {
    if (a.reason === 'tls') return { status: 'pause', code: 'calendar.tlsFailed' };
    if (a.phase === 'after-send' && (method === 'POST' || a.reason === 'timeout'))
      // The create may have happened: the next attempt looks it up first.
      return { status: 'retry', code: 'calendar.timeout' };
    if (a.reason === 'timeout') return { status: 'retry', code: 'calendar.timeout' };
    return { status: 'retry', code: 'calendar.connectionFailed', params: { host } };
  }

  /** One request with a token; a refused token is replaced once (revoked, rotated secret). */
  async function send(
    method: Method,
    pathOrUrl: string,
    body: Record<string, unknown> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Sent> {
    const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${root}${pathOrUrl}`;
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await tokens.token(attempt > 0 ? { fresh: true } : undefined);
      } catch {
        return { ok: false, failure: { status: 'pause', code: 'calendar.tokenFailed' } };
      }
      const a = await httpsRequest({
        url,
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          prefer: READ_PREFER,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(settings.ca ? { ca: settings.ca } : {}),
        timeoutMs,
        maxBytes: 8 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      });
      if (!a.ok) return { ok: false, failure: transportFailure(a, method) };
      if (a.status === 401 && attempt === 0) continue;
      return { ok: true, answer: a };
    }
  }

  /** A non-success answer in the queue's words. 404s the caller could take as "item gone" are settled first. */
  function classify(a: Answer, mailbox: string): CalendarFailure {
    const code = errorCode(a.body);
    if (a.status === 429 || a.status === 503 || a.status === 504) {
      const wait = retryAfterMs(a.headers['retry-after']);
      return {
        status: 'retry',
        code: 'calendar.serverBusy',
        ...(wait !== null ? { retryAfterMs: wait } : {}),
      };
    }
    if (a.status === 401) return { status: 'pause', code: 'calendar.authFailed' };
    if (a.status === 403) return { status: 'pause', code: 'calendar.accessDenied', params: { mailbox } };
    if (a.status === 404)
      return { status: 'permanent', code: 'calendar.mailboxNotFound', params: { mailbox } };
    if (a.status === 409 || a.status === 412) return { status: 'retry', code: 'calendar.conflict' };
    if (a.status >= 500) return { status: 'retry', code: 'calendar.unexpectedAnswer' };
    // Graph's code names the refusal for support; its message may quote the item and is not shown.
    const reference = `${a.status}${code ? ` ${code.replace(/[^A-Za-z0-9_.]/g, '').slice(0, 60)}` : ''}`;
    return { status: 'permanent', code: 'calendar.rejected', params: { reference } };
  }

  /** A 404 on an item path is the item gone, unless Graph says the mailbox is. */
  const itemGone = (a: Answer) => a.status === 404 && !mailboxCodes.has(errorCode(a.body));

  function precheck(mailbox: string): CalendarFailure | null {
    if (!secure) return { status: 'pause', code: 'calendar.insecureUrl' };
    if (!upnForm.test(mailbox))
      return {
        status: 'permanent',
        code: 'calendar.addressInvalid',
        params: { address: mailbox.slice(0, 80) },
      };
    return null;
  }

  const fail = (f: CalendarFailure) => ({ ok: false as const, ...f });

  /** Our items with plan id `key` (normally one; two only after someone copied it in Outlook). */
  async function find(
    mailbox: string,
    key: string,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ids: string[] }>> {
    const s = await send('GET', findPath(mailbox, key), undefined, signal);
    if (!s.ok) return fail(s.failure);
    if (s.answer.status !== 200) return fail(classify(s.answer, mailbox));
    const page = decodeEventPage(s.answer.body);
    if (!page) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
    // Checked again here: a server that ignored the filter must not make another item ours.
    return { ok: true, ids: page.value.filter((e) => ourKey(e) === key).map((e) => e.id) };
  }

  type Patched = { kind: 'done'; result: CalendarResult<{ ref: ItemRef }> } | { kind: 'gone' };

  async function update(event: CalendarEvent, id: string, signal?: AbortSignal): Promise<Patched> {
    const s = await send('PATCH', eventPath(event.mailbox, id), encodeUpdate(event), signal);
    if (!s.ok) return { kind: 'done', result: fail(s.failure) };
    if (s.answer.status === 200) return { kind: 'done', result: { ok: true, ref: { id } } };
    if (itemGone(s.answer)) return { kind: 'gone' };
    return { kind: 'done', result: fail(classify(s.answer, event.mailbox)) };
  }

  async function erase(mailbox: string, id: string, signal?: AbortSignal): Promise<CalendarResult<object>> {
    const s = await send('DELETE', eventPath(mailbox, id), undefined, signal);
    if (!s.ok) return fail(s.failure);
    if (s.answer.status === 204 || s.answer.status === 200 || itemGone(s.answer)) return { ok: true };
    return fail(classify(s.answer, mailbox));
  }

  /** Update what the extended property finds, else create; `previous` is a known item that vanished. */
  async function adoptOrCreate(
    event: CalendarEvent,
    previous: string | undefined,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ref: ItemRef }>> {
    const found = await find(event.mailbox, event.key, signal);
    if (!found.ok) return found;
    const [first, ...copies] = found.ids;
    for (const id of copies) {
      const r = await erase(event.mailbox, id, signal);
      if (!r.ok) return r;
    }
    if (first !== undefined) {
      const r = await update(event, first, signal);
      if (r.kind === 'done') return r.result;
    }
    const s = await send('POST', `${userPath(event.mailbox)}/events`, encodeCreate(event, previous), signal);
    if (!s.ok) return fail(s.failure);
    if (s.answer.status === 201 || s.answer.status === 200) {
      const created = decodeCreated(s.answer.body);
      // Created but unreadable: the next attempt finds it by the property.
      return created
        ? { ok: true, ref: { id: created.id } }
        : fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
    }
    return fail(classify(s.answer, event.mailbox));
  }

  /** One JSON batch; a failure of the batch request itself is every inner request's failure. */
  async function batch(
    requests: (BatchRequest & { mailbox: string })[],
    signal?: AbortSignal,
  ): Promise<
    { ok: true; answers: Map<string, Answer> } | { ok: false; failure: CalendarFailure; mailbox: string }
  > {
    const s = await send(
      'POST',
      '/$batch',
      JSON.parse(encodeBatch(requests)) as Record<string, unknown>,
      signal,
    );
    const mailbox = requests[0]?.mailbox ?? '';
    if (!s.ok) return { ok: false, failure: s.failure, mailbox };
    if (s.answer.status !== 200) return { ok: false, failure: classify(s.answer, mailbox), mailbox };
    const responses = decodeBatch(s.answer.body);
    if (!responses)
      return { ok: false, failure: { status: 'retry', code: 'calendar.unexpectedAnswer' }, mailbox };
    return { ok: true, answers: new Map(responses.map((r) => [r.id, r])) };
  }

  async function batchUpsert(
    items: BatchItem[],
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ref: ItemRef }>[]> {
    const results: (CalendarResult<{ ref: ItemRef }> | undefined)[] = items.map(({ event }) => {
      const pre = precheck(event.mailbox);
      return pre ? fail(pre) : undefined;
    });
    const target: (string | null)[] = items.map((i) => i.known?.id ?? null);
    const open = () => items.map((_, n) => n).filter((n) => results[n] === undefined);

    // Look-ups first, for the items we hold no ref for.
    const lookups = open().filter((n) => target[n] === null);
    for (const group of chunks(lookups)) {
      const b = await batch(
        group.map((n) => ({
          id: String(n),
          method: 'GET' as const,
          url: findPath(items[n]!.event.mailbox, items[n]!.event.key),
          mailbox: items[n]!.event.mailbox,
        })),
        signal,
      );
      for (const n of group) {
        if (!b.ok) {
          results[n] = fail(b.failure);
          continue;
        }
        const a = b.answers.get(String(n));
        const page = a?.status === 200 ? decodeEventPage(a.body) : null;
        if (!a) results[n] = fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        else if (a.status !== 200) results[n] = fail(classify(a, items[n]!.event.mailbox));
        else if (!page) results[n] = fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        else {
          const ids = page.value.filter((e) => ourKey(e) === items[n]!.event.key).map((e) => e.id);
          // Copies made in Outlook are the single path's to clean up.
          if (ids.length > 1) results[n] = await upsertOne(items[n]!.event, null, signal);
          else target[n] = ids[0] ?? null;
        }
      }
    }

    // Then updates where an item is known or found, creates elsewhere.
    for (const group of chunks(open())) {
      const b = await batch(
        group.map((n) => {
          const { event } = items[n]!;
          const id = target[n] ?? null;
          return id !== null
            ? {
                id: String(n),
                method: 'PATCH' as const,
                url: eventPath(event.mailbox, id),
                body: encodeUpdate(event),
                mailbox: event.mailbox,
              }
            : {
                id: String(n),
                method: 'POST' as const,
                url: `${userPath(event.mailbox)}/events`,
                body: encodeCreate(event),
                mailbox: event.mailbox,
              };
        }),
        signal,
      );
      for (const n of group) {
        const { event, known } = items[n]!;
        const id = target[n] ?? null;
        if (!b.ok) {
          results[n] = fail(b.failure);
          continue;
        }
        const a = b.answers.get(String(n));
        if (!a)
          results[n] = fail({
            status: 'retry',
            code: id === null ? 'calendar.timeout' : 'calendar.unexpectedAnswer',
          });
        else if (id !== null && a.status === 200) results[n] = { ok: true, ref: { id } };
        else if (id !== null && itemGone(a)) results[n] = await upsertOne(event, known, signal);
        else if (id === null && (a.status === 201 || a.status === 200)) {
          const created = decodeCreated(a.body);
          results[n] = created
            ? { ok: true, ref: { id: created.id } }
            : fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        } else results[n] = fail(classify(a, event.mailbox));
      }
    }
    return results.map((r) => r ?? fail({ status: 'retry', code: 'calendar.unexpectedAnswer' }));
  }

  async function upsertOne(
    event: CalendarEvent,
    known: ItemRef | null,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ref: ItemRef }>> {
    const pre = precheck(event.mailbox);
    if (pre) return fail(pre);
    if (known) {
      const r = await update(event, known.id, signal);
      if (r.kind === 'done') return r.result;
      // Deleted in Outlook: ours is the master copy, so it is made again.
      return adoptOrCreate(event, known.id, signal);
    }
    return adoptOrCreate(event, undefined, signal);
  }

  return {
    root,
    batchUpsert,
    upsert: upsertOne,
    async remove(mailbox, key, known, signal) {
      const pre = precheck(mailbox);
      if (pre) return fail(pre);
      if (known) return erase(mailbox, known.id, signal);
      const found = await find(mailbox, key, signal);
      if (!found.ok) return found;
      for (const id of found.ids) {
        const r = await erase(mailbox, id, signal);
        if (!r.ok) return r;
      }
      return { ok: true };
    },

    async list(mailbox, from, to, signal) {
      const pre = precheck(mailbox);
      if (pre) return fail(pre);
      const items: FoundItem[] = [];
      let next: string | undefined = calendarViewPath(mailbox, from, to, settings.pageSize ?? 100);
      for (let pages = 0; next !== undefined; pages++) {
        if (pages >= maxPages) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        const s = await send('GET', next, undefined, signal);
        if (!s.ok) return fail(s.failure);
        if (s.answer.status !== 200) return fail(classify(s.answer, mailbox));
        const page = decodeEventPage(s.answer.body);
        if (!page) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        for (const e of page.value) {
          const item = foundItem(e);
          if (item) items.push(item);
          // Ours but unreadable times: reconciliation must not take it for missing and double it.
          else if (ourKey(e) !== null) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        }
        // The bearer token goes only to the Graph we were given, never to a link's other host.
        if (page.nextLink !== undefined && !page.nextLink.startsWith(`${root}/`))
          return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        next = page.nextLink;
      }
      return { ok: true, items };
    },

    async check(mailbox, signal) {
      const pre = precheck(mailbox);
      if (pre) return fail(pre);
      let displayName = mailbox;
      const u = await send('GET', userCheckPath(mailbox), undefined, signal);
      if (!u.ok) return fail(u.failure);
      if (u.answer.status === 200) {
        const user = decodeUser(u.answer.body);
        if (!user) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
        if (user.displayName) displayName = user.displayName;
      } else if (u.answer.status !== 403) {
        // 403 here may only mean no User.Read.All, which the calendars do not need: the calendar says.
        return fail(classify(u.answer, mailbox));
      }
      const c = await send('GET', calendarCheckPath(mailbox), undefined, signal);
      if (!c.ok) return fail(c.failure);
      if (c.answer.status !== 200) return fail(classify(c.answer, mailbox));
      return { ok: true, displayName };
    },
  };
}
