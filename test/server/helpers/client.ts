// A workstation-shaped HTTPS client for tests: pins the CA, presents a client certificate,
// binds a source address, and can be made to speak TLS 1.2 only.
import { request } from 'node:https';
import type { SecureVersion } from 'node:tls';
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
}

export interface CallResult {
  status: number;
  json: unknown;
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
        agent: false, // a fresh TLS session per call: identities must not leak across calls
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
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
