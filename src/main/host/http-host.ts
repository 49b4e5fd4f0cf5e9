import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { httpStatusFor, type Envelope } from '../../shared/api/index.ts';
import { formatMessage } from '../../shared/errors/index.ts';
import type { Core, CoreClient } from '../core.ts';
import {
  baseHeaders,
  contentSecurityPolicy,
  hostOk,
  originOk,
  readCookie,
  sameSecret,
  SESSION_COOKIE,
  sessionCookie,
} from './security.ts';
import { readStatic } from './static-files.ts';

const MAX_BODY = 1024 * 1024;

export interface HeadlessHostOptions {
  core: Core;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
}

export interface HeadlessHost {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

interface BrowserSession {
  client: CoreClient;
  sockets: Set<WebSocket>;
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
): void {
  send(
    res,
    status,
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    JSON.stringify(envelope),
  );
}

function refusal(code: string): Envelope {
  return { ok: false, error: { code, params: {} } };
}

function notAuthorisedPage(): string {
  const lines = (['sv', 'fi', 'en'] as const).map(
    (l) => `<p lang="${l}">${formatMessage('host.notAuthorised', {}, l)}</p>`,
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
 * WebSocket. A random token printed at start is exchanged once per browser for an HttpOnly,
 * SameSite=Strict cookie; Host and Origin are checked on every request and upgrade.
 */
export async function startHeadlessHost(
  options: HeadlessHostOptions,
): Promise<HeadlessHost & { token: string }> {
  const { core } = options;
  const rendererDir = path.resolve(options.rendererDir);
  const token = randomBytes(24).toString('base64url');
  const sessions = new Map<string, BrowserSession>();
  let port = options.port;

  const sessionOf = (req: IncomingMessage): BrowserSession | null => {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id) return null;
    for (const [key, session] of sessions) if (sameSecret(key, id)) return session;
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostOk(req, port)) return send(res, 421, { 'content-type': 'text/plain' }, 'Misdirected request');
    const isApi = url.pathname.startsWith('/api/');
    if (!originOk(req, port, req.method !== 'GET' && req.method !== 'HEAD')) {
      return isApi
        ? sendEnvelope(res, refusal('host.notAuthorised'), 403)
        : send(res, 403, { 'content-type': 'text/plain' }, 'Forbidden');
    }

    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!sameSecret(offered, token))
        return send(res, 403, { 'content-type': 'text/html; charset=utf-8' }, notAuthorisedPage());
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { client: core.connect(), sockets: new Set() });
      url.searchParams.delete('token');
      // Redirect so the token leaves the address bar and the history entry.
      return send(
        res,
        303,
        { location: url.pathname + url.search, 'set-cookie': sessionCookie(id), 'cache-control': 'no-store' },
        '',
      );
    }

    const session = sessionOf(req);
    if (isApi) {
      if (req.method !== 'POST') return send(res, 405, { allow: 'POST' }, '');
      if (!session) return sendEnvelope(res, refusal('host.notAuthorised'), 401);
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendEnvelope(res, {
          ok: false,
          error: { code: 'input.invalid', params: { details: 'content-type must be application/json' } },
        });
      }
      const body = await readBody(req);
      if (body === null) return send(res, 413, { 'content-type': 'text/plain' }, 'Too large');
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendEnvelope(res, {
          ok: false,
          error: { code: 'input.invalid', params: { details: 'not JSON' } },
        });
      }
      return sendEnvelope(res, await session.client.call(decodeURIComponent(url.pathname.slice(5)), input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { allow: 'GET' }, '');
    if (!session) return send(res, 401, { 'content-type': 'text/html; charset=utf-8' }, notAuthorisedPage());
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
    const session = sessionOf(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !hostOk(req, port) || !originOk(req, port, true) || !session) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      session.sockets.add(ws);
      const unsubscribe = session.client.subscribe((message) => ws.send(JSON.stringify(message)));
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

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const session of sessions.values()) {
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
