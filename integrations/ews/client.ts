// The calendar backend for on-premises Exchange (2016, 2019, Subscription Edition) through EWS,
// acting as each performer by impersonation. At-least-once like every adapter, made effectively
// once: without a known item id our item is looked up by its extended property before anything
// is created, so a create whose answer was lost is found, never doubled.
import type {
  CalendarBackend,
  CalendarEvent,
  CalendarFailure,
  CalendarResult,
  FoundItem,
  ItemRef,
} from '../calendar/backend.ts';
import type { HttpAnswer } from '../http/request.ts';
import {
  encodeCalendarView,
  encodeCreate,
  encodeDelete,
  encodeFindByKey,
  encodeGetCalendarFolder,
  encodeGetItems,
  encodeResolveNames,
  encodeUpdate,
} from './encoder.ts';
import {
  conflictCodes,
  decodeAnswer,
  failureOf,
  notFoundCodes,
  type DecodedItem,
  type EwsMessage,
} from './response.ts';
import { ewsPost, type EwsAuth } from './transport.ts';

export interface EwsSettings {
  /** https://mail.example.se/EWS/Exchange.asmx */
  url: string;
  auth: EwsAuth;
  ca?: string;
  timeoutMs?: number;
}

type Fail = { ok: false } & CalendarFailure;
const fail = (f: CalendarFailure): Fail => ({ ok: false, ...f });

/** How many times a stale change key is re-read before the job is retried later. */
const CONFLICT_TRIES = 3;

export function createEwsBackend(settings: EwsSettings): CalendarBackend {
  const host = (() => {
    try {
      return new URL(settings.url).host;
    } catch {
      return settings.url;
    }
  })();

  function transportFailure(a: Extract<HttpAnswer, { ok: false }>): Fail {
    if (a.reason === 'tls') return fail({ status: 'pause', code: 'calendar.tlsFailed' });
    if (a.reason === 'connect')
      return fail({ status: 'retry', code: 'calendar.connectionFailed', params: { host } });
    return fail({ status: 'retry', code: 'calendar.timeout' });
  }

  /** One request, one answer message (every request we send names one item or folder). */
  async function send(
    mailbox: string,
    body: string,
    signal?: AbortSignal,
  ): Promise<{ ok: true; m: EwsMessage } | Fail> {
    if (!settings.url.startsWith('https://')) return fail({ status: 'pause', code: 'calendar.insecureUrl' });
    let a: HttpAnswer;
    try {
      a = await ewsPost({
        url: settings.url,
        auth: settings.auth,
        body,
        timeoutMs: settings.timeoutMs ?? 30_000,
        ...(settings.ca ? { ca: settings.ca } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch {
      // Only the bearer token source throws: the token could not be had.
      return fail({ status: 'pause', code: 'calendar.tokenFailed' });
    }
    if (!a.ok) return transportFailure(a);
    if (a.status === 401) return fail({ status: 'pause', code: 'calendar.authFailed' });
    if (a.status === 403)
      return fail({ status: 'pause', code: 'calendar.accessDenied', params: { mailbox } });
    const decoded = decodeAnswer(a.body);
    if (decoded.kind === 'garbled') {
      if (a.status === 503 || a.status === 502) return fail({ status: 'retry', code: 'calendar.serverBusy' });
      return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
    }
    if (decoded.kind === 'fault') return fail(failureOf(decoded.code, decoded.backOffMs, mailbox));
    const m = decoded.messages[0]!;
    return { ok: true, m };
  }

  const refOf = (i: DecodedItem): ItemRef =>
    i.changeKey === undefined ? { id: i.id } : { id: i.id, changeKey: i.changeKey };

  async function findByKey(
    mailbox: string,
    key: string,
    signal?: AbortSignal,
  ): Promise<{ ok: true; items: DecodedItem[] } | Fail> {
    const r = await send(mailbox, encodeFindByKey(mailbox, key), signal);
    if (!r.ok) return r;
    if (!r.m.ok) return fail(failureOf(r.m.code, r.m.backOffMs, mailbox));
    return { ok: true, items: r.m.items.filter((i) => i.key === key) };
  }

  async function create(e: CalendarEvent, signal?: AbortSignal): Promise<CalendarResult<{ ref: ItemRef }>> {
    const r = await send(e.mailbox, encodeCreate(e), signal);
    if (!r.ok) return r;
    if (!r.m.ok) return fail(failureOf(r.m.code, r.m.backOffMs, e.mailbox));
    const made = r.m.items[0];
    return made
      ? { ok: true, ref: refOf(made) }
      : fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
  }

  async function update(
    e: CalendarEvent,
    ref: ItemRef,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ref: ItemRef }>> {
    let current = ref;
    for (let attempt = 0; attempt < CONFLICT_TRIES; attempt++) {
      const r = await send(e.mailbox, encodeUpdate(e, current), signal);
      if (!r.ok) return r;
      if (r.m.ok) {
        const updated = r.m.items[0];
        return { ok: true, ref: updated ? refOf(updated) : current };
      }
      if (notFoundCodes.has(r.m.code)) return create(e, signal);
      if (!conflictCodes.has(r.m.code)) return fail(failureOf(r.m.code, r.m.backOffMs, e.mailbox));
      // The item changed since we last saw it: read its change key now and write again.
      const g = await send(e.mailbox, encodeGetItems(e.mailbox, [{ id: current.id }]), signal);
      if (!g.ok) return g;
      if (!g.m.ok) {
        if (notFoundCodes.has(g.m.code)) return create(e, signal);
        return fail(failureOf(g.m.code, g.m.backOffMs, e.mailbox));
      }
      const fresh = g.m.items[0];
      if (!fresh) return fail({ status: 'retry', code: 'calendar.unexpectedAnswer' });
      current = refOf(fresh);
    }
    return fail({ status: 'retry', code: 'calendar.conflict' });
  }

  async function removeRef(
    mailbox: string,
    ref: ItemRef,
    signal?: AbortSignal,
  ): Promise<CalendarResult<object>> {
    const r = await send(mailbox, encodeDelete(mailbox, ref), signal);
    if (!r.ok) return r;
    if (r.m.ok || notFoundCodes.has(r.m.code)) return { ok: true };
    return fail(failureOf(r.m.code, r.m.backOffMs, mailbox));
  }

  return {
    async upsert(e, known, signal) {
      if (known) return update(e, known, signal);
      const found = await findByKey(e.mailbox, e.key, signal);
      if (!found.ok) return found;
      const [first, ...doubles] = found.items;
      // More than one is a doubled item from an earlier fault: keep one.
      for (const d of doubles) {
        const r = await removeRef(e.mailbox, refOf(d), signal);
        if (!r.ok) return r;
      }
      return first ? update(e, refOf(first), signal) : create(e, signal);
    },

    async remove(mailbox, key, known, signal) {
      if (known) {
        const r = await removeRef(mailbox, known, signal);
        if (!r.ok) return r;
      }
      // By the property too: a copy we never learnt the id of (a lost create answer) goes as well.
      const found = await findByKey(mailbox, key, signal);
      if (!found.ok) return found;
      for (const i of found.items) {
        const r = await removeRef(mailbox, refOf(i), signal);
        if (!r.ok) return r;
      }
      return { ok: true };
    },

    async list(mailbox, from, to, signal) {
      const r = await send(mailbox, encodeCalendarView(mailbox, from, to), signal);
      if (!r.ok) return r;
      if (!r.m.ok) return fail(failureOf(r.m.code, r.m.backOffMs, mailbox));
      const items: FoundItem[] = [];
      for (const i of r.m.items)
        if (i.key !== undefined && i.start !== undefined && i.end !== undefined)
          items.push({
            key: i.key,
            ref: refOf(i),
            subject: i.subject ?? '',
            body: i.body ?? '',
            start: i.start,
            end: i.end,
          });
      return { ok: true, items };
    },

    async check(mailbox, signal) {
      const folder = await send(mailbox, encodeGetCalendarFolder(mailbox), signal);
      if (!folder.ok) return folder;
      if (!folder.m.ok) return fail(failureOf(folder.m.code, folder.m.backOffMs, mailbox));
      const names = await send(mailbox, encodeResolveNames(mailbox), signal);
      if (!names.ok) return names;
      const displayName = names.m.ok ? (names.m.displayNames[0] ?? mailbox) : mailbox;
      return { ok: true, displayName: displayName || mailbox };
    },
  };
}
