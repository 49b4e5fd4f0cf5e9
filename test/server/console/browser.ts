// A browser's view of the console for tests: a cookie jar, the CSRF header the page sends, the
// console's self-signed CA trusted, and nothing else a real page would not do.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../src/shared/console/contract.ts';
import { consoleCaCertPath } from '../../../src/server/pki/consoleCertificate.ts';
import type { DataPaths } from '../../../src/server/paths.ts';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
}

export interface ConsoleBrowser {
  cookies: Map<string, string>;
  /** Calls a procedure as the page does; returns the envelope and the HTTP status. */
  call(
    name: string,
    input?: unknown,
    opts?: { csrf?: string | null; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** The result of a call that must succeed. */
  ok<T = Record<string, unknown>>(name: string, input?: unknown): Promise<T>;
  /** The error code of a call that must fail. */
  refused(name: string, input?: unknown): Promise<string>;
  raw(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Answer>;
}

export function consoleBrowser(consoleUrl: string, paths: DataPaths): ConsoleBrowser {
  const url = new URL(consoleUrl);
  const ca = readFileSync(consoleCaCertPath(paths), 'utf8');
  const cookies = new Map<string, string>();
  const raw = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const req = request(
        {
          host: url.hostname,
          port: Number(url.port),
          method,
          path,
          ca,
          servername: 'localhost',
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(cookie ? { cookie } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const setCookie = res.headers['set-cookie'] ?? [];
            for (const c of setCookie) {
              const [pair] = c.split(';');
              const i = pair?.indexOf('=') ?? -1;
              if (pair && i > 0) cookies.set(pair.slice(0, i), pair.slice(i + 1));
            }
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = null;
            try {
              json = JSON.parse(text);
            } catch {
              json = null;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
          });
        },
      );
      req.setTimeout(20_000, () => req.destroy(new Error('console request timed out')));
      req.on('error', reject);
      req.end(body);
    });
  const b: ConsoleBrowser = {
    cookies,
    raw,
    async call(name, input = {}, opts = {}) {
      const csrf = opts.csrf === undefined ? cookies.get(CSRF_COOKIE) : opts.csrf;
      return raw('POST', `/api/${name}`, JSON.stringify(input), {
        ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
        'sec-fetch-site': 'same-origin',
        ...opts.headers,
      });
    },
    async ok<T>(name: string, input?: unknown) {
      const a = await b.call(name, input);
      const env = a.json as { ok: boolean; result?: unknown; error?: { code: string } };
      if (!env?.ok) throw new Error(`${name} failed: ${a.status} ${a.body}`);
      return env.result as T;
    },
    async refused(name, input) {
      const a = await b.call(name, input);
      const env = a.json as { ok: boolean; error?: { code: string } };
      if (env?.ok !== false || !env.error) throw new Error(`${name} was not refused: ${a.body}`);
      return env.error.code;
    },
  };
  return b;
}
