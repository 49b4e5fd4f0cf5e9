// One HTTPS request with the answer every adapter needs for at-most-once sends: did a failure
// happen before the request was fully handed to the network (nothing can have been acted on), or
// after (the other side may have acted). A fresh connection per request, no keep-alive: a pooled
// socket the server closed just as we wrote is the classic source of "did it go through?".
import https from 'node:https';

export interface HttpRequest {
  url: string;
  /** PATCH and DELETE for REST APIs such as Graph; both are idempotent, POST is the one that is not. */
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Extra CA to trust (PEM): the tests' fakes; a real gateway uses the system's roots. */
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * A connection to keep between requests. Only NTLM asks for it: its handshake authenticates
   * the connection, not the request. Everyone else gets a fresh connection per request.
   */
  agent?: https.Agent;
  /** Largest answer read; more is a broken or hostile server. */
  maxBytes?: number;
}

export type HttpAnswer =
  | {
      ok: true;
      status: number;
      headers: Record<string, string | string[] | undefined>;
      /** The body read as UTF-8; `raw` for answers in another charset. */
      body: string;
      raw: Buffer;
    }
  | {
      ok: false;
      /** before-send: the request never fully left; after-send: it did, and no answer came. */
      phase: 'before-send' | 'after-send';
      reason: 'connect' | 'tls' | 'timeout' | 'reset' | 'aborted' | 'too-large';
      detail: string;
    };

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|EPROTO/;

export function httpsRequest(req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:') {
    return Promise.resolve({ ok: false, phase: 'before-send', reason: 'tls', detail: 'not https' });
  }
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    let handedOver = false;
    const finish = (a: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(a);
    };
    const fail = (reason: Extract<HttpAnswer, { ok: false }>['reason'], detail: string) =>
      finish({ ok: false, phase: handedOver ? 'after-send' : 'before-send', reason, detail });
    const r = https.request(
      url,
      {
        method: req.method,
        headers: {
          ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
          ...req.headers,
        },
        agent: req.agent ?? false,
        ...(req.ca ? { ca: req.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            r.destroy();
            fail('too-large', `answer over ${maxBytes} bytes`);
          } else chunks.push(c);
        });
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          finish({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: raw.toString('utf8'),
            raw,
          });
        });
        res.on('error', (e) => fail('reset', e.message));
      },
    );
    r.on('finish', () => {
      handedOver = true;
    });
    r.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (tlsCodes.test(code) || tlsCodes.test(e.message)) fail('tls', code || e.message);
      else if (!handedOver && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.test(code))
        fail('connect', code);
      else fail('reset', code || e.message);
    });
    const timer = setTimeout(() => {
      fail('timeout', `no answer in ${req.timeoutMs} ms`);
      r.destroy();
    }, req.timeoutMs);
    const onAbort = () => {
      fail('aborted', 'aborted');
      r.destroy();
    };
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    r.end(req.body);
  });
}

/** Seconds or an HTTP date, as Retry-After carries it; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
