// A Microsoft Graph stand-in on loopback for the calendar backend, with the Entra token fake
// beside it. It behaves like Graph where our adapter depends on it: bearer tokens checked for
// scope and expiry (401 InvalidAuthenticationToken), events per user with ids, the one
// extended-property $filter form we send (others are refused with 400, as Graph refuses what it
// cannot evaluate), the property returned only when $expand asks for it, calendarView with
// @odata.nextLink paging, transactionId dedup on create, JSON $batch, unknown users (404
// ErrorInvalidUser) and denied ones (403 ErrorAccessDenied). Scripted faults and a test API that
// plays the performer editing or deleting in Outlook.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTokenFake, type TokenFake } from '../entra/token-fake.ts';
import { answer, startFakeHttps } from '../testing/server.ts';

export interface FakeEvent {
  id: string;
  subject: string;
  body: string;
  start: number;
  end: number;
  location: string;
  showAs: string;
  isReminderOn: boolean;
  attendees: unknown[];
  transactionId: string | null;
  /** Extended properties by id, as Graph keeps them. */
  props: Record<string, string>;
}

export type GraphFault =
  | { status: 429 | 503 | 504; retryAfterSeconds?: number; method?: string }
  | { status: 500 | 401; method?: string }
  /** The next create happens, then its answer is a 500 or the connection drops. */
  | { afterCreate: 500 | 'drop' }
  /** The next request inside a $batch is throttled on its own, as Graph does per request. */
  | { inBatch: 429; retryAfterSeconds: number };

export interface GraphRequestLog {
  method: string;
  path: string;
  status: number;
}

export interface GraphFake {
  /** The version root: the backend's graphUrl. */
  url: string;
  ca: string;
  tokens: TokenFake;
  readonly requests: readonly GraphRequestLog[];
  count(method: string, pathIncludes?: string): number;
  script(...faults: GraphFault[]): void;
  events(upn: string): FakeEvent[];
  /** The performer's own item, without our property. */
  addOwn(upn: string, e: Partial<FakeEvent> & { subject: string; start: number; end: number }): FakeEvent;
  editInOutlook(upn: string, id: string, change: Partial<Omit<FakeEvent, 'id'>>): void;
  deleteInOutlook(upn: string, id: string): void;
  close(): Promise<void>;
}

const UTC_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;

function parseDateTime(v: unknown): number | null {
  if (typeof v !== 'object' || v === null) return null;
  const { dateTime, timeZone } = v as { dateTime?: unknown; timeZone?: unknown };
  // Graph takes many zones; this fake takes the one our encoder promises to send.
  if (typeof dateTime !== 'string' || timeZone !== 'UTC') return null;
  const m = UTC_DATETIME.exec(dateTime);
  return m ? Date.parse(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`) : null;
}

function toDateTime(ms: number) {
  return { dateTime: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

const unquote = (s: string) => s.replaceAll("''", "'");
const FILTER =
  /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '((?:[^']|'')*)' and ep\/value eq '((?:[^']|'')*)'\)$/;
const EXPAND = /^singleValueExtendedProperties\(\$filter=id eq '((?:[^']|'')*)'\)$/;

function graphError(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
  answer(res, status, JSON.stringify({ error: { code, message } }), {
    'content-type': 'application/json',
    ...headers,
  });
}

export async function startGraphFake(opts: {
  tenant: string;
  clientId: string;
  clientSecret: string;
  users: Record<string, { displayName: string; mail?: string }>;
  denied?: string[];
  pageSize?: number;
  tokenExpiresInSeconds?: number;
}): Promise<GraphFake> {
  const tokens = await startTokenFake({
    tenant: opts.tenant,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    ...(opts.tokenExpiresInSeconds !== undefined ? { expiresInSeconds: opts.tokenExpiresInSeconds } : {}),
  });
  const store = new Map<string, FakeEvent[]>();
  const faults: GraphFault[] = [];
  const requests: GraphRequestLog[] = [];
  const pageSize = opts.pageSize ?? 10;
  let root = '';
  let scope = '';
  const eventsOf = (upn: string) => {
    const key = upn.toLowerCase();
    if (!store.has(key)) store.set(key, []);
    return store.get(key)!;
  };
  const findUser = (upn: string) =>
    Object.keys(opts.users).find((u) => u.toLowerCase() === upn.toLowerCase()) ?? null;

  /** Graph's shape of an event; our property only when $expand asked for it. */
  function render(e: FakeEvent, expandId: string | null) {
    const prop =
      expandId === null
        ? undefined
        : Object.entries(e.props).find(([k]) => k.toLowerCase() === expandId.toLowerCase());
    return {
      '@odata.etag': `W/"${e.id.slice(0, 6)}"`,
      id: e.id,
      subject: e.subject,
      body: { contentType: 'text', content: e.body },
      start: toDateTime(e.start),
      end: toDateTime(e.end),
      location: { displayName: e.location },
      showAs: e.showAs,
      isReminderOn: e.isReminderOn,
      transactionId: e.transactionId,
      ...(prop ? { singleValueExtendedProperties: [{ id: prop[0], value: prop[1] }] } : {}),
    };
  }

  /** Apply a create or update body; a string is Graph's 400 message. */
  function apply(e: FakeEvent, b: Record<string, unknown>): string | null {
    if ('subject' in b) e.subject = String(b.subject ?? '');
    if ('body' in b) {
      const body = b.body as { contentType?: string; content?: string } | null;
      if (body?.contentType !== 'text') return 'body must be text in this fake';
      e.body = body.content ?? '';
    }
    for (const which of ['start', 'end'] as const) {
      if (which in b) {
        const t = parseDateTime(b[which]);
        if (t === null) return `${which} is not a dateTimeTimeZone in UTC`;
        e[which] = t;
      }
    }
    if ('location' in b) e.location = (b.location as { displayName?: string } | null)?.displayName ?? '';
    if ('showAs' in b) e.showAs = String(b.showAs);
    if ('isReminderOn' in b) e.isReminderOn = b.isReminderOn === true;
    if ('attendees' in b) e.attendees = Array.isArray(b.attendees) ? b.attendees : [];
    if (Array.isArray(b.singleValueExtendedProperties))
      for (const p of b.singleValueExtendedProperties as { id?: unknown; value?: unknown }[]) {
        if (typeof p.id !== 'string' || typeof p.value !== 'string') return 'bad extended property';
        e.props[p.id] = p.value;
      }
    if (e.end <= e.start) return 'end before start';
    return null;
  }

  type Reply = { status: number; body: unknown; headers?: Record<string, string> } | 'drop';

  /** One Graph request (also one request inside a $batch); the path is relative to the version root. */
  function handle(method: string, pathAndQuery: string, bodyText: string | undefined): Reply {
    const url = new URL(pathAndQuery, 'https://fake');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const err = (status: number, code: string, message: string) => ({
      status,
      body: { error: { code, message } },
    });
    if (parts[0] !== 'users' || parts[1] === undefined) return err(400, 'BadRequest', 'Unsupported segment');
    const upn = findUser(parts[1]);
    if (upn === null) return err(404, 'ErrorInvalidUser', `The requested user '${parts[1]}' is invalid.`);
    if (opts.denied?.some((d) => d.toLowerCase() === upn.toLowerCase()))
      return err(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    const list = eventsOf(upn);
    const rest = parts.slice(2);
    const q = url.searchParams;
    let expandId: string | null = null;
    const expand = q.get('$expand');
    if (expand !== null) {
      const m = EXPAND.exec(expand);
      if (!m) return err(400, 'BadRequest', 'Parsing OData Select and Expand failed');
      expandId = unquote(m[1]!);
    }
    let body: Record<string, unknown> = {};
    if (bodyText !== undefined && bodyText !== '') {
      try {
        body = JSON.parse(bodyText) as Record<string, unknown>;
      } catch {
        return err(400, 'BadRequest', 'Invalid JSON');
      }
    }

    if (rest.length === 0 && method === 'GET') {
      const u = opts.users[upn]!;
      return { status: 200, body: { displayName: u.displayName, mail: u.mail ?? upn } };
    }
    if (rest.length === 1 && rest[0] === 'calendar' && method === 'GET')
      return { status: 200, body: { id: `cal-${upn}`, name: 'Calendar' } };

    if (rest[0] === 'events' && rest.length === 1 && method === 'GET') {
      const filter = q.get('$filter');
      let found = list;
      if (filter !== null) {
        const m = FILTER.exec(filter);
        if (!m)
          return err(
            400,
            'ErrorInvalidUrlQueryFilter',
            'The query filter contains one or more invalid nodes.',
          );
        const [id, value] = [unquote(m[1]!), unquote(m[2]!)];
        found = list.filter((e) =>
          Object.entries(e.props).some(([k, v]) => k.toLowerCase() === id.toLowerCase() && v === value),
        );
      }
      return { status: 200, body: { value: found.map((e) => render(e, expandId)) } };
    }

    if (rest[0] === 'events' && rest.length === 1 && method === 'POST') {
      const tx = typeof body.transactionId === 'string' ? body.transactionId : null;
      const existing = tx === null ? undefined : list.find((e) => e.transactionId === tx);
      if (existing) return { status: 201, body: render(existing, null) };
      const e: FakeEvent = {
        id: `AAMk${randomBytes(12).toString('base64url')}=`,
        subject: '',
        body: '',
        start: 0,
        end: 0,
        location: '',
        showAs: 'busy',
        isReminderOn: true,
        attendees: [],
        transactionId: tx,
        props: {},
      };
      const problem = apply(e, body);
      if (problem !== null) return err(400, 'ErrorInvalidRequest', problem);
      list.push(e);
      const fault = faults[0];
      if (fault && 'afterCreate' in fault) {
        faults.shift();
        if (fault.afterCreate === 'drop') return 'drop';
        return err(500, 'ErrorInternalServerError', 'An internal server error occurred.');
      }
      return { status: 201, body: render(e, null) };
    }

    if (rest[0] === 'events' && rest.length === 2) {
      const i = list.findIndex((e) => e.id === rest[1]);
      if (i < 0) return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      const e = list[i]!;
      if (method === 'GET') return { status: 200, body: render(e, expandId) };
      if (method === 'DELETE') {
        list.splice(i, 1);
        return { status: 204, body: undefined };
      }
      if (method === 'PATCH') {
        const copy = structuredClone(e);
        const problem = apply(copy, body);
        if (problem !== null) return err(400, 'ErrorInvalidRequest', problem);
        list[i] = copy;
        return { status: 200, body: render(copy, null) };
      }
    }

    if (rest[0] === 'calendarView' && rest.length === 1 && method === 'GET') {
      const from = Date.parse(q.get('startDateTime') ?? '');
      const to = Date.parse(q.get('endDateTime') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to))
        return err(400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required.');
      const skip = Number(q.get('$skiptoken') ?? '0');
      const top = Math.min(Number(q.get('$top') ?? pageSize), pageSize);
      const overlapping = list.filter((e) => e.start < to && e.end > from).sort((a, b) => a.start - b.start);
      const page = overlapping.slice(skip, skip + top);
      const more = skip + top < overlapping.length;
      const next = new URL(`${root}${url.pathname}`);
      for (const [k, v] of q) if (k !== '$skiptoken') next.searchParams.set(k, v);
      next.searchParams.set('$skiptoken', String(skip + top));
      return {
        status: 200,
        body: {
          value: page.map((e) => render(e, expandId)),
          ...(more ? { '@odata.nextLink': next.toString() } : {}),
        },
      };
    }
    return err(405, 'ErrorInvalidRequest', 'The OData request is not supported.');
  }

  function send(res: ServerResponse, r: Reply) {
    if (r === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (r.body === undefined) {
      res.writeHead(r.status, r.headers ?? {});
      res.end();
      return;
    }
    answer(res, r.status, JSON.stringify(r.body), { 'content-type': 'application/json', ...r.headers });
  }

  const server = await startFakeHttps((req: IncomingMessage, body, res) => {
    const method = req.method ?? 'GET';
    const full = req.url ?? '/';
    const path = full.replace(/^\/v1\.0/, '');
    const log = (status: number) => requests.push({ method, path: decodeURIComponent(path), status });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const state = auth ? tokens.validate(auth[1]!, scope) : 'unknown';
    if (!full.startsWith('/v1.0/')) {
      log(404);
      return graphError(res, 404, 'BadRequest', 'Invalid version.');
    }
    if (state !== 'valid') {
      log(401);
      return graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        state === 'expired'
          ? 'Lifetime validation failed, the token is expired.'
          : 'Access token validation failure.',
      );
    }
    const fault = faults[0];
    if (fault && 'status' in fault && (fault.method === undefined || fault.method === method)) {
      faults.shift();
      log(fault.status);
      const headers: Record<string, string> =
        'retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : {};
      const code =
        fault.status === 429
          ? 'TooManyRequests'
          : fault.status === 401
            ? 'InvalidAuthenticationToken'
            : 'ServiceUnavailable';
      return graphError(res, fault.status, code, 'Scripted.', headers);
    }
    if (path === '/$batch' && method === 'POST') {
      let parsed: { requests?: { id: string; method: string; url: string; body?: unknown }[] };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        log(400);
        return graphError(res, 400, 'BadRequest', 'Invalid batch payload.');
      }
      const inner = parsed.requests ?? [];
      if (inner.length === 0 || inner.length > 20) {
        log(400);
        return graphError(res, 400, 'BadRequest', 'Number of batch requests must be between 1 and 20.');
      }
      const responses = inner.map((r) => {
        const f = faults[0];
        if (f && 'inBatch' in f) {
          faults.shift();
          requests.push({ method: r.method, path: `(batch) ${decodeURIComponent(r.url)}`, status: 429 });
          return {
            id: r.id,
            status: 429,
            headers: { 'retry-after': String(f.retryAfterSeconds) },
            body: { error: { code: 'ApplicationThrottled', message: 'Too many requests.' } },
          };
        }
        const out = handle(r.method, r.url, r.body === undefined ? undefined : JSON.stringify(r.body));
        requests.push({
          method: r.method,
          path: `(batch) ${decodeURIComponent(r.url)}`,
          status: out === 'drop' ? 0 : out.status,
        });
        return out === 'drop'
          ? { id: r.id, status: 500, body: { error: { code: 'ErrorInternalServerError', message: 'x' } } }
          : {
              id: r.id,
              status: out.status,
              headers: { 'content-type': 'application/json', ...out.headers },
              body: out.body,
            };
      });
      log(200);
      return answer(res, 200, JSON.stringify({ responses }), { 'content-type': 'application/json' });
    }
    const r = handle(method, path, body);
    log(r === 'drop' ? 0 : r.status);
    send(res, r);
  });
  root = `${server.url}/v1.0`;
  scope = `${server.url}/.default`;
  return {
    url: root,
    ca: server.ca,
    tokens,
    requests,
    count: (method, includes) =>
      requests.filter((r) => r.method === method && (includes === undefined || r.path.includes(includes)))
        .length,
    script: (...f) => faults.push(...f),
    events: (upn) => eventsOf(upn).map((e) => structuredClone(e)),
    addOwn(upn, e) {
      const ev: FakeEvent = {
        id: `AAMk${randomBytes(12).toString('base64url')}=`,
        body: '',
        location: '',
        showAs: 'busy',
        isReminderOn: true,
        attendees: [],
        transactionId: null,
        props: {},
        ...e,
      };
      eventsOf(upn).push(ev);
      return structuredClone(ev);
    },
    editInOutlook(upn, id, change) {
      const e = eventsOf(upn).find((x) => x.id === id);
      if (!e) throw new Error(`no event ${id}`);
      Object.assign(e, change);
    },
    deleteInOutlook(upn, id) {
      const list = eventsOf(upn);
      const i = list.findIndex((x) => x.id === id);
      if (i < 0) throw new Error(`no event ${id}`);
      list.splice(i, 1);
    },
    async close() {
      await server.close();
      await tokens.close();
    },
  };
}
