// A workstation-shaped HTTPS client for tests: pins the CA, presents a client certificate,
// binds a source address, and can be made to speak TLS 1.2 only.
import { request, type Agent } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { CLIENT_VERSION_HEADER, MUNICIPALITY_HEADER } from '../../../src/shared/sync/headers.ts';

export interface Identity {
  key: string;
  cert: string;
}

export interface CallOptions {
  port: number;
  ca: string;
  method?: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  identity?: Identity;
  localAddress?: string;
  maxVersion?: SecureVersion;
  municipalityId?: string;
  clientVersion?: string | null;
  headers?: Record<string, string>;
  /** A keep-alive agent to reuse connections; by default a fresh TLS session per call. */
  agent?: Agent;
  /** Give up after this long without an answer. */
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  json: unknown;
  headers?: Record<string, string | string[] | undefined>;
  /** rawCall only: the client's port (one connection per call) and when the request went out. */
  clientPort?: number;
  sentAt?: number;
}

export function call(o: CallOptions): Promise<CallResult> {
  const payload = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const headers: Record<string, string | number> = { ...o.headers };
  if (o.clientVersion !== null) headers[CLIENT_VERSION_HEADER] = o.clientVersion ?? '0.1.0';
  if (o.municipalityId) headers[MUNICIPALITY_HEADER] = o.municipalityId;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: o.port,
        method: o.method ?? (payload === undefined ? 'GET' : 'POST'),
        path: o.path,
        servername: 'localhost',
        ca: o.ca,
        key: o.identity?.key,
        cert: o.identity?.cert,
        localAddress: o.localAddress,
        maxVersion: o.maxVersion,
        agent: o.agent ?? false, // a fresh TLS session per call: identities must not leak across calls
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    if (o.timeoutMs !== undefined) req.setTimeout(o.timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface RawCallOptions {
  port: number;
  ca: string;
  /** Sent as it is: the request line's target, e.g. "/%61dmin/x" or "https://localhost/admin/x". */
  target: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  identity?: Identity;
  localAddress?: string;
  /** Written before TLS starts, as a TCP balancer writes a PROXY protocol header. */
  before?: Uint8Array;
}

/**
 * One HTTP/1.1 request written by hand over TLS, so the request target reaches the server
 * exactly as given (Node's client would refuse or rewrite some of them).
 */
export function rawCall(o: RawCallOptions): Promise<CallResult> {
  const payload = o.body === undefined ? '' : JSON.stringify(o.body);
  const headers: Record<string, string> = {
    host: 'localhost',
    connection: 'close',
    [CLIENT_VERSION_HEADER]: '0.1.0',
    ...o.headers,
  };
  if (payload !== '') {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const head = [
    `${o.method ?? (payload === '' ? 'GET' : 'POST')} ${o.target} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const tcp = netConnect({ host: '127.0.0.1', port: o.port, localAddress: o.localAddress });
    if (o.before) tcp.write(o.before);
    let clientPort = 0;
    let sentAt = 0;
    const socket = tlsConnect(
      { socket: tcp, servername: 'localhost', ca: o.ca, key: o.identity?.key, cert: o.identity?.cert },
      () => {
        clientPort = tcp.localPort ?? 0;
        sentAt = (performance.timeOrigin + performance.now()) / 1000;
        // Not end(): a half-closed connection may be dropped before the answer. The server
        // closes it after answering (connection: close).
        socket.write(`${head}\r\n\r\n${payload}`);
      },
    );
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      let body = split < 0 ? '' : text.slice(split + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(text.slice(0, split))) {
        let out = '';
        for (let rest = body; ;) {
          const nl = rest.indexOf('\r\n');
          const size = parseInt(rest.slice(0, nl), 16);
          if (!size) break;
          out += rest.slice(nl + 2, nl + 2 + size);
          rest = rest.slice(nl + 2 + size + 2);
        }
        body = out;
      }
      let json: unknown = body;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON: keep the text */
      }
      resolve({ status, json, clientPort, sentAt });
    });
  });
}
