import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { httpStatusFor, type Envelope } from '../../shared/api/index.ts';
import { formatMessage, type ErrorParams } from '../../shared/errors/index.ts';
import type { Core, CoreClient } from '../core.ts';
import {
  baseHeaders,
  contentSecurityPolicy,
  hostOk,
  isJsonContentType,
  originOk,
  procedureFromPath,
  readCookie,
  requestPath,
  SESSION_COOKIE,
  sessionCookie,
  singleHeader,
} from './security.ts';
import { LinkTokens, SessionTable } from './sessions.ts';
import { readStatic } from './static-files.ts';

const MAX_BODY = 1024 * 1024;
/** A printed link opens one browser session, if used within this long. */
const DEFAULT_LINK_SECONDS = 10 * 60;
/** A browser session that makes no request for this long ends (the person logs in again). */
const DEFAULT_SESSION_IDLE_SECONDS = 8 * 3600;
/** The answer to a login, setup or logout carries a new session id: the old one stops working. */
const rotatesSession = new Set(['auth.login', 'auth.setup', 'auth.logout']);

export interface HeadlessHostOptions {
  core: Core;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  linkSeconds?: number;
  sessionIdleSeconds?: number;
}

export interface HeadlessHost {
  readonly port: number;
  /** The first link, as the ready line prints it. */
  readonly url: string;
  /** Another one-time link, for one more browser. */
  newLink(): string;
  close(): Promise<void>;
}

interface BrowserSession {
  client: CoreClient;
  sockets: Set<WebSocket>;
  /**
   * Calls under way that will answer with a new session id. Their events wait until the answer
   * is out: a session.changed pushed ahead of the new cookie would make the page call with the
   * old id, which no longer works.
   */
  holding: number;
  held: { ws: WebSocket; data: string }[];
}

function deliver(session: BrowserSession, ws: WebSocket, data: string): void {
  if (session.holding > 0) session.held.push({ ws, data });
  else ws.send(data);
}

function release(session: BrowserSession): void {
  session.holding -= 1;
  if (session.holding > 0) return;
  for (const { ws, data } of session.held.splice(0)) if (session.sockets.has(ws)) ws.send(data);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...baseHeaders, ...headers });
  res.end(body);
}

function sendEnvelope(
  res: ServerResponse,
  envelope: Envelope,
  status = envelope.ok ? 200 : httpStatusFor(envelope.error.code),
  headers: Record<string, string> = {},
): void {
  send(
    res,
    status,
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    JSON.stringify(envelope),
  );
}

function refusal(code: string): Envelope {
  return { ok: false, error: { code, params: {} } };
}

function gatePage(code: 'host.notAuthorised' | 'host.linkUsed', params: ErrorParams = {}): string {
  const lines = (['sv', 'fi', 'en'] as const).map(
    (l) => `<p lang="${l}">${formatMessage(code, params, l)}</p>`,
  );
  return `<!doctype html><html lang="sv"><meta charset="utf-8"><title>CareDock</title><h1>CareDock</h1>${lines.join('')}</html>`;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The headless shell: the same renderer and the same API as Electron, over loopback HTTP and a
 * WebSocket. A printed one-time link is exchanged for an HttpOnly, SameSite=Strict cookie whose
 * id changes at login and logout and ends when idle; Host and Origin are checked on every
 * request and upgrade, and only origin-form request targets are served.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { core } = options;
  const rendererDir = path.resolve(options.rendererDir);
  const linkSeconds = options.linkSeconds ?? DEFAULT_LINK_SECONDS;
  const links = new LinkTokens(linkSeconds * 1000);
  const sessions = new SessionTable<BrowserSession>(
    (options.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS) * 1000,
    (session) => {
      for (const ws of session.sockets) ws.terminate();
      session.client.close();
    },
  );
  const first = links.issue();
  let port = options.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostOk(req, port)) return send(res, 421, { 'content-type': 'text/plain' }, 'Misdirected request');
    const url = requestPath(req);
    if (!url) return send(res, 400, { 'content-type': 'text/plain' }, 'Bad request target');
    const isApi = url.pathname.startsWith('/api/');
    if (!originOk(req, port, req.method !== 'GET' && req.method !== 'HEAD')) {
      return isApi
        ? sendEnvelope(res, refusal('host.notAuthorised'), 403)
        : send(res, 403, { 'content-type': 'text/plain' }, 'Forbidden');
    }

    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!links.redeem(offered))
        return send(
          res,
          403,
          { 'content-type': 'text/html; charset=utf-8' },
          gatePage('host.linkUsed', { minutes: Math.max(1, Math.round(linkSeconds / 60)) }),
        );
      const id = sessions.open({ client: core.connect(), sockets: new Set(), holding: 0, held: [] });
      url.searchParams.delete('token');
      // Redirect so the token leaves the address bar and the history entry.
      return send(
        res,
        303,
        { location: url.pathname + url.search, 'set-cookie': sessionCookie(id), 'cache-control': 'no-store' },
        '',
      );
    }

    const cookieId = readCookie(req, SESSION_COOKIE);
    const found = sessions.touch(cookieId);
    const session = found.state === 'live' ? found.session : null;
    if (isApi) {
      if (req.method !== 'POST') return send(res, 405, { allow: 'POST' }, '');
      // A call sent before its session's id changed belongs to the session that ended.
      if (found.state === 'retired') return sendEnvelope(res, refusal('auth.required'));
      if (!session) return sendEnvelope(res, refusal('host.notAuthorised'), 401);
      const name = procedureFromPath(url.pathname);
      if (name === null || !isJsonContentType(singleHeader(req, 'content-type')))
        return sendEnvelope(res, refusal('host.badRequest'), 400);
      const body = await readBody(req);
      if (body === null) return send(res, 413, { 'content-type': 'text/plain' }, 'Too large');
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendEnvelope(res, refusal('host.badRequest'), 400);
      }
      if (!rotatesSession.has(name) || cookieId === null)
        return sendEnvelope(res, await session.client.call(name, input));
      session.holding += 1;
      res.once('close', () => release(session));
      const answer = await session.client.call(name, input);
      const renewed = answer.ok ? sessions.rotate(cookieId) : null;
      return sendEnvelope(res, answer, undefined, renewed ? { 'set-cookie': sessionCookie(renewed) } : {});
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { allow: 'GET' }, '');
    if (!session)
      return send(res, 401, { 'content-type': 'text/html; charset=utf-8' }, gatePage('host.notAuthorised'));
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) return send(res, 404, { 'content-type': 'text/plain' }, 'Not found');
    const headers: Record<string, string> = {
      'content-type': file.type,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = contentSecurityPolicy(port);
    return send(res, 200, headers, req.method === 'HEAD' ? '' : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      core.logger.error({ err: error }, 'headless host request failed');
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain' }, 'Internal error');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = requestPath(req);
    const found =
      url?.pathname === '/events' && hostOk(req, port) && originOk(req, port, true)
        ? sessions.touch(readCookie(req, SESSION_COOKIE))
        : null;
    if (found?.state !== 'live') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const session = found.session;
    wss.handleUpgrade(req, socket, head, (ws) => {
      session.sockets.add(ws);
      const unsubscribe = session.client.subscribe((message) =>
        deliver(session, ws, JSON.stringify(message)),
      );
      ws.on('close', () => {
        unsubscribe();
        session.sockets.delete(ws);
      });
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    core.logger.warn({ rendererDir }, 'renderer not built; the UI will answer 404');
  }
  // Idle sessions end even when no request arrives to notice them.
  const sweeper = setInterval(() => sessions.expireIdle(), 60_000);
  sweeper.unref();

  const link = (token: string) => `http://127.0.0.1:${port}/?token=${token}`;
  return {
    port,
    url: link(first),
    newLink: () => link(links.issue()),
    async close() {
      clearInterval(sweeper);
      for (const session of sessions.all()) {
        for (const ws of session.sockets) ws.terminate();
        session.client.close();
      }
      sessions.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
