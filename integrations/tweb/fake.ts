// A stand-in TWeb on 127.0.0.1 that serves exactly the interface docs/integrations/tweb.md writes:
// its routes and field tables are read from that file (doc-spec.ts), so a request the document does
// not allow — an unknown path, a field not in a table, a missing header, a file whose bytes are not
// its media type or hash — is answered 400 or 422 and recorded in `violations`, which a test insists
// is empty. It stores cases, documents and assignments, honours Idempotency-Key (409 with the
// earlier result, 409 while in progress, 422 for a key reused with another body) and the key
// look-up, issues OAuth2 client-credentials tokens or checks an API key, and can be scripted per
// call to fail as a real one does: 401 for an expired token, 429 with Retry-After, any status,
// a slow answer or a dropped connection after acting, or a drop before acting. Its listener does
// not keep the process alive, and it closes by itself after `lifetimeMs`.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackCertificate } from '../testing/tls.ts';
import { matchRoute, readInterface, validateFields, type InterfaceSpec } from './doc-spec.ts';

export const FAKE_BASE_PATH = '/api/caredock/v1';
export const FAKE_TOKEN_PATH = '/oauth2/token';

export type FakeRoute = 'token' | 'createCase' | 'addDocument' | 'createAssignment' | 'lookup';

export type FakeAnswer =
  /** Answer as usual: to let one call through and fail the next of the same route. */
  | { type: 'normal' }
  /** Answer this status (and `error` code) without acting. */
  | { type: 'status'; status: number; error?: string; headers?: Record<string, string> }
  /** 429 with this Retry-After, without acting. */
  | { type: 'busy'; retryAfter: string }
  /** 401 `invalidToken`, as for a token that expired or was revoked. */
  | { type: 'expiredToken' }
  /** Act, then answer after this long. */
  | { type: 'slow'; ms: number }
  /** Take the key as in progress, wait this long, then act and answer: another try meanwhile gets 409. */
  | { type: 'hold'; ms: number }
  /** Act, then close the connection without an answer. */
  | { type: 'drop' }
  /** Close the connection without acting. */
  | { type: 'dropBeforeActing' }
  /** Act, then answer 201 with a body that is not JSON. */
  | { type: 'garbled' };

export interface FakeCase {
  id: string;
  caseNumber: string;
  /** Null for a case the test seeded (a provider's contract case). */
  request: Record<string, unknown> | null;
  key: string | null;
}

export interface FakeFile {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

export interface FakeDocument {
  id: string;
  caseId: string;
  key: string;
  /** The request without the file's content, which is in `file.bytes`. */
  request: Record<string, unknown>;
  file: FakeFile;
}

export interface FakeAssignment {
  id: string;
  key: string;
  request: Record<string, unknown>;
  files: FakeFile[];
}

export interface FakeRequest {
  route: string;
  method: string;
  path: string;
  status: number;
  key: string | null;
}

export interface Violation {
  method: string;
  path: string;
  error: string;
}

export interface TwebFakeOptions {
  auth?:
    | { type: 'oauth2'; clientId?: string; clientSecret?: string; tokenLifetimeS?: number }
    | { type: 'apiKey'; header?: string; key?: string };
  /** Cases that exist already: a provider's contract case. */
  cases?: { id: string; caseNumber?: string }[];
  /** The records plan's case groups and document types; anything else is 422. Absent: all known. */
  recordsPlan?: { caseGroups: string[]; documentTypes: string[] };
  /** TWeb's users and groups; an assignee outside them is 422. Absent: all known. */
  directory?: { users: string[]; groups: string[] };
  protocol?: 'https' | 'http';
  /** The listener closes by itself after this long (default ten minutes). */
  lifetimeMs?: number;
}

export interface TwebFake {
  /** The base URL (`baseUrl` in the settings). */
  url: string;
  tokenUrl: string;
  /** The server certificate, for the settings' `ca`. */
  ca: string;
  readonly oauth: { clientId: string; clientSecret: string };
  readonly apiKey: { header: string; key: string };
  readonly cases: FakeCase[];
  readonly documents: FakeDocument[];
  readonly assignments: FakeAssignment[];
  readonly requests: FakeRequest[];
  readonly violations: Violation[];
  readonly tokensIssued: number;
  script(route: FakeRoute, ...answers: FakeAnswer[]): void;
  /** Every token issued so far stops working (the next call is answered 401). */
  expireTokens(): void;
  close(): Promise<void>;
}

const MAGIC: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};
const MAX_BODY = 32 * 1024 * 1024;
const KEY_FORM = /^[\x21-\x7e]{1,255}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same JSON whatever order its keys came in: the fingerprint an idempotency key is held to. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

interface KeyRecord {
  fingerprint: string;
  state: 'inProgress' | 'done';
  resource: 'case' | 'document' | 'assignment';
  result: Json | null;
}

export async function startTwebFake(opts: TwebFakeOptions = {}): Promise<TwebFake> {
  const spec: InterfaceSpec = readInterface();
  const authMode = opts.auth?.type ?? 'oauth2';
  const oauthOpts: { clientId?: string; clientSecret?: string; tokenLifetimeS?: number } =
    opts.auth?.type === 'oauth2' ? opts.auth : {};
  const keyOpts: { header?: string; key?: string } = opts.auth?.type === 'apiKey' ? opts.auth : {};
  const oauth = {
    clientId: oauthOpts.clientId ?? 'caredock-kunta',
    clientSecret: oauthOpts.clientSecret ?? randomBytes(12).toString('hex'),
  };
  const apiKey = {
    header: (keyOpts.header ?? 'X-API-Key').toLowerCase(),
    key: keyOpts.key ?? randomBytes(16).toString('hex'),
  };
  const lifetimeS = oauthOpts.tokenLifetimeS ?? 3600;

  const cases: FakeCase[] = (opts.cases ?? []).map((c, i) => ({
    id: c.id,
    caseNumber: c.caseNumber ?? `${100 + i}/00.00.00/2024`,
    request: null,
    key: null,
  }));
  const documents: FakeDocument[] = [];
  const assignments: FakeAssignment[] = [];
  const requests: FakeRequest[] = [];
  const violations: Violation[] = [];
  const tokens = new Map<string, number>();
  const keys = new Map<string, KeyRecord>();
  const scripts: Record<FakeRoute, FakeAnswer[]> = {
    token: [],
    createCase: [],
    addDocument: [],
    createAssignment: [],
    lookup: [],
  };
  const timers = new Set<NodeJS.Timeout>();
  let tokensIssued = 0;
  let serial = 0;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function write(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    if (res.destroyed || res.socket?.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    });
    res.end(body);
  }

  /** The bytes of a file field, or what is wrong with them. */
  function fileOf(f: Json, where: string): { ok: true; file: FakeFile } | { ok: false; error: string } {
    const bytes = Buffer.from(String(f.content), 'base64');
    const mediaType = String(f.mediaType);
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256)
      return { ok: false, error: `${where}.sha256 is not the hash of the content` };
    if (!(MAGIC[mediaType] ?? []).every((b, i) => bytes[i] === b))
      return { ok: false, error: `${where}.content is not ${mediaType}` };
    return { ok: true, file: { name: String(f.name), mediaType, bytes } };
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    raw: Buffer,
    tooLarge: boolean,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? '';
    let route = '?';
    const given = req.headers['idempotency-key'];
    const key: string | null = typeof given === 'string' ? given : null;
    const violation = (error: string) => violations.push({ method, path: url.pathname, error });
    const reply = (status: number, body: Json, headers: Record<string, string> = {}) => {
      // The stub holds itself to the document too: an answer off its tables is the stub's bug.
      const call = spec.calls.find((c) => c.name === route);
      const table = status >= 400 ? spec.error : call?.answers.get(String(status));
      if (route !== 'token' && route !== '?' && table) {
        const wrong = validateFields(table, body);
        if (wrong.length > 0) violation(`the stub's own ${status} answer: ${wrong.join('; ')}`);
      }
      requests.push({ route, method, path: url.pathname, status, key });
      write(res, status, JSON.stringify(body), headers);
    };
    const refuse = (status: 400 | 422, error: string, message: string, field?: string) => {
      violation(message);
      reply(status, { error, message, ...(field ? { field } : {}) });
    };

    if (tooLarge) return reply(413, { error: 'tooLarge' });
    if (url.pathname === FAKE_TOKEN_PATH) {
      route = 'token';
      return token(req, res, raw, violation, (status, body, headers) => {
        requests.push({ route, method, path: url.pathname, status, key });
        write(res, status, JSON.stringify(body), headers);
      });
    }
    if (!url.pathname.startsWith(FAKE_BASE_PATH))
      return refuse(400, 'invalidRequest', `${method} ${url.pathname} is not under the base path`);
    const matched = matchRoute(spec, method, url.pathname.slice(FAKE_BASE_PATH.length));
    if (!matched) return refuse(400, 'invalidRequest', `${method} ${url.pathname} is not in the interface`);
    route = matched.call.name;
    if (url.search !== '')
      return refuse(400, 'invalidRequest', `the query ${url.search} is not in the interface`);

    // Authentication, then the headers every call carries.
    if (authMode === 'oauth2') {
      const m = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '');
      if (!m) {
        violation('no Authorization: Bearer header');
        return reply(401, { error: 'invalidToken' }, { 'www-authenticate': 'Bearer' });
      }
      const until = tokens.get(m[1]!);
      if (until === undefined || until < Date.now())
        return reply(401, { error: 'invalidToken' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    } else {
      const given = req.headers[apiKey.header];
      if (typeof given !== 'string') {
        violation(`no ${apiKey.header} header`);
        return reply(401, { error: 'invalidToken' });
      }
      if (given !== apiKey.key) return reply(401, { error: 'invalidToken' });
    }
    if (!/application\/json/.test(req.headers.accept ?? ''))
      return refuse(400, 'invalidRequest', 'Accept is not application/json');

    const scripted = scripts[route as FakeRoute].shift();
    if (scripted?.type === 'expiredToken') return reply(401, { error: 'invalidToken' });
    if (scripted?.type === 'status')
      return reply(scripted.status, { error: scripted.error ?? 'internal' }, scripted.headers ?? {});
    if (scripted?.type === 'busy')
      return reply(429, { error: 'rateLimited' }, { 'retry-after': scripted.retryAfter });
    if (scripted?.type === 'dropBeforeActing') {
      requests.push({ route, method, path: url.pathname, status: 0, key });
      res.socket?.destroy();
      return;
    }

    if (method === 'GET') {
      // The only GET is the key look-up.
      const asked = matched.params.key ?? '';
      const held = keys.get(asked);
      if (scripted?.type === 'slow') await later(scripted.ms);
      if (!held) return reply(404, { error: 'notFound' });
      return reply(200, {
        key: asked,
        state: held.state,
        resource: held.resource,
        ...(held.state === 'done' && held.result ? held.result : {}),
      });
    }

    // A POST: its headers, its body against the call's table, then the rules beyond the table.
    if (!/^application\/json(;\s*charset=utf-8)?$/i.test(req.headers['content-type'] ?? ''))
      return refuse(400, 'invalidRequest', `Content-Type ${req.headers['content-type'] ?? '(none)'}`);
    if (key === null || !KEY_FORM.test(key))
      return refuse(400, 'invalidRequest', 'no Idempotency-Key of 1–255 visible ASCII characters');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(400, 'invalidRequest', 'the body is not JSON');
    }
    const wrong = validateFields(matched.call.request ?? [], body);
    if (wrong.length > 0) return refuse(422, 'validationFailed', wrong.join('; '), wrong[0]!.split(' ')[0]);
    const b = body as Json;

    const files: FakeFile[] = [];
    const fileFields: [Json, string][] =
      route === 'addDocument'
        ? [[b.file as Json, 'file']]
        : ((b.files as Json[] | undefined) ?? []).map((f, i) => [f, `files[${i}]`]);
    for (const [f, where] of fileFields) {
      const got = fileOf(f, where);
      if (!got.ok) return refuse(422, 'validationFailed', got.error, where);
      files.push(got.file);
    }
    if (route === 'createAssignment') {
      const users = (b.assignees as { users: string[] }).users;
      const groups = (b.assignees as { groups: string[] }).groups;
      if ((b.caseId === undefined) === (b.files === undefined))
        return refuse(422, 'validationFailed', 'give caseId or files, not both, not neither', 'caseId');
      if (b.files !== undefined && files.length === 0)
        return refuse(422, 'validationFailed', 'files is empty', 'files');
      if (b.documentIds !== undefined && b.caseId === undefined)
        return refuse(422, 'validationFailed', 'documentIds without caseId', 'documentIds');
      if (users.length + groups.length === 0)
        return refuse(422, 'validationFailed', 'no user and no group', 'assignees');
    }

    const fingerprint = createHash('sha256')
      .update(`${route} ${url.pathname} ${canonical(b)}`)
      .digest('hex');
    const held = keys.get(key);
    if (held) {
      if (held.fingerprint !== fingerprint) {
        violation(`Idempotency-Key ${key} reused with another body`);
        return reply(422, { error: 'idempotencyKeyReused' });
      }
      if (held.state === 'inProgress') return reply(409, { error: 'inProgress' });
      return reply(409, { error: 'idempotencyReplay', result: held.result ?? {} });
    }

    // What a real TWeb refuses for its own reasons, not the client's mistakes: no violation.
    const caseId = route === 'addDocument' ? matched.params.caseId : (b.caseId as string | undefined);
    const theCase = caseId === undefined ? undefined : cases.find((c) => c.id === caseId);
    if (caseId !== undefined && !theCase) return reply(404, { error: 'caseNotFound' });
    if (route === 'createAssignment' && b.documentIds !== undefined) {
      const stray = (b.documentIds as string[]).find(
        (d) => !documents.some((doc) => doc.id === d && doc.caseId === caseId),
      );
      if (stray)
        return refuse(422, 'validationFailed', `document ${stray} is not in case ${caseId}`, 'documentIds');
    }
    const plan = opts.recordsPlan;
    if (plan && route === 'createCase' && !plan.caseGroups.includes(String(b.caseGroup)))
      return reply(422, { error: 'unknownCaseGroup', field: 'caseGroup' });
    if (plan && route === 'addDocument' && !plan.documentTypes.includes(String(b.documentType)))
      return reply(422, { error: 'unknownDocumentType', field: 'documentType' });
    const dir = opts.directory;
    if (dir && route === 'createAssignment') {
      const a = b.assignees as { users: string[]; groups: string[] };
      if (a.users.some((u) => !dir.users.includes(u)) || a.groups.some((g) => !dir.groups.includes(g)))
        return reply(422, { error: 'unknownAssignee', field: 'assignees' });
    }

    const resource = route === 'createCase' ? 'case' : route === 'addDocument' ? 'document' : 'assignment';
    const record: KeyRecord = { fingerprint, state: 'inProgress', resource, result: null };
    keys.set(key, record);
    if (scripted?.type === 'hold') await later(scripted.ms);

    serial += 1;
    let result: Json;
    if (route === 'createCase') {
      const c: FakeCase = {
        id: `case-${serial}`,
        caseNumber: `${serial}/${String(b.caseGroup)}/${new Date().getUTCFullYear()}`,
        request: b,
        key,
      };
      cases.push(c);
      result = { id: c.id, caseNumber: c.caseNumber };
    } else if (route === 'addDocument') {
      const { content: _content, ...rest } = b.file as Json;
      documents.push({
        id: `doc-${serial}`,
        caseId: caseId!,
        key,
        request: { ...b, file: rest },
        file: files[0]!,
      });
      result = { id: `doc-${serial}`, caseId: caseId! };
    } else {
      const { files: _files, ...rest } = b;
      assignments.push({ id: `asg-${serial}`, key, request: rest, files });
      result = { id: `asg-${serial}` };
    }
    record.state = 'done';
    record.result = result;

    if (scripted?.type === 'drop') {
      requests.push({ route, method, path: url.pathname, status: 0, key });
      res.socket?.destroy();
      return;
    }
    if (scripted?.type === 'garbled') {
      requests.push({ route, method, path: url.pathname, status: 201, key });
      return write(res, 201, '{"id": ');
    }
    if (scripted?.type === 'slow') await later(scripted.ms);
    reply(201, result);
  }

  function token(
    req: IncomingMessage,
    res: ServerResponse,
    raw: Buffer,
    violation: (error: string) => void,
    reply: (status: number, body: Json, headers?: Record<string, string>) => void,
  ): void {
    const noStore = { 'cache-control': 'no-store' };
    if (authMode !== 'oauth2') {
      violation('a token request to a TWeb that takes an API key');
      return reply(400, { error: 'invalid_request' });
    }
    if (req.method !== 'POST') {
      violation(`${req.method} on the token endpoint`);
      return reply(400, { error: 'invalid_request' });
    }
    const scripted = scripts.token.shift();
    if (scripted?.type === 'status')
      return reply(scripted.status, { error: scripted.error ?? 'server_error' });
    if (scripted?.type === 'busy')
      return reply(429, { error: 'slow_down' }, { 'retry-after': scripted.retryAfter });
    if (scripted?.type === 'dropBeforeActing' || scripted?.type === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      violation('the token request is not form-encoded');
      return reply(400, { error: 'invalid_request' });
    }
    const form = new URLSearchParams(raw.toString('utf8'));
    const extra = [...form.keys()].filter(
      (k) => !['grant_type', 'scope', 'client_id', 'client_secret'].includes(k),
    );
    if (extra.length > 0) violation(`token request fields ${extra.join(', ')}`);
    if (form.get('grant_type') !== 'client_credentials') {
      violation(`grant_type ${form.get('grant_type') ?? '(none)'}`);
      return reply(400, { error: 'unsupported_grant_type' });
    }
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    const inForm = form.has('client_id') || form.has('client_secret');
    if (basic && inForm) {
      violation('client credentials both in Basic and in the form');
      return reply(400, { error: 'invalid_request' });
    }
    let id: string | null = null;
    let secret: string | null = null;
    if (basic) {
      const [a, s] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      id = decodeURIComponent((a ?? '').replace(/\+/g, ' '));
      secret = decodeURIComponent((s ?? '').replace(/\+/g, ' '));
    } else if (inForm) {
      id = form.get('client_id');
      secret = form.get('client_secret');
    } else {
      violation('no client authentication');
      return reply(401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic' });
    }
    if (id !== oauth.clientId || secret !== oauth.clientSecret)
      return reply(401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic' });
    const issued = randomBytes(16).toString('hex');
    tokens.set(issued, Date.now() + lifetimeS * 1000);
    tokensIssued += 1;
    reply(200, { access_token: issued, token_type: 'Bearer', expires_in: lifetimeS }, noStore);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks), size > MAX_BODY);
    });
  };
  const protocol = opts.protocol ?? 'https';
  const { key: tlsKey, cert } = loopbackCertificate();
  const server =
    protocol === 'https' ? https.createServer({ key: tlsKey, cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  const origin = `${protocol}://127.0.0.1:${port}`;

  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  const lifetime = setTimeout(() => void close(), opts.lifetimeMs ?? 10 * 60_000);
  lifetime.unref();

  return {
    url: `${origin}${FAKE_BASE_PATH}`,
    tokenUrl: `${origin}${FAKE_TOKEN_PATH}`,
    ca: cert,
    oauth,
    apiKey,
    cases,
    documents,
    assignments,
    requests,
    violations,
    get tokensIssued() {
      return tokensIssued;
    },
    script: (route, ...answers) => scripts[route].push(...answers),
    expireTokens: () => tokens.clear(),
    close,
  };
}
