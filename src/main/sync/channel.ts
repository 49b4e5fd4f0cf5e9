// The HTTPS channel to the municipality's central server: TLS 1.3 only, the municipality CA from
// the install profile pinned (no system CAs), the client certificate from enrolment, and the
// source address bound when the PC has several. Electron's `net` cannot present a client
// certificate, so this is node:https in both shells.
import { Agent, request, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import { CLIENT_VERSION_HEADER, MUNICIPALITY_HEADER } from '../../shared/sync/headers.ts';

export interface ChannelOptions {
  serverUrl: string;
  caCertificatePem: string;
  /** Absent for enrolment: the PC has no certificate yet. */
  identity?: { certificatePem: string; privateKeyPem: string };
  municipalityId?: string;
  clientVersion: string;
  /** Bind outgoing connections to this local address (fixed-IP PCs with several addresses). */
  localAddress?: string | null;
  /** Per request: connect, and each quiet period while waiting for bytes. */
  timeoutMs: number;
  /** Largest answer we read (a pull page of 5000 orders stays far below). */
  maxResponseBytes?: number;
}

export interface Answer {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
}

/**
 * Why a request got no HTTP answer. `untrusted`: the server's certificate does not chain to the
 * pinned CA; `localAddress`: the source address does not exist on this PC; `network`: anything
 * else (refused, reset, timed out, truncated) — worth retrying.
 */
export class ChannelError extends Error {
  readonly kind: 'network' | 'untrusted' | 'localAddress';
  constructor(kind: ChannelError['kind'], message: string) {
    super(message);
    this.name = 'ChannelError';
    this.kind = kind;
  }
}

const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

function classify(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (UNTRUSTED_CODES.has(code)) return new ChannelError('untrusted', `${code}: ${message}`);
  if (code === 'EADDRNOTAVAIL' || code === 'EINVAL') return new ChannelError('localAddress', message);
  return new ChannelError('network', code ? `${code}: ${message}` : message);
}

export class Channel {
  readonly #options: ChannelOptions;
  readonly #url: URL;
  readonly #agent: Agent;

  constructor(options: ChannelOptions) {
    this.#options = options;
    this.#url = new URL(options.serverUrl);
    // Keep-alive: a 100,000-item push should not pay a TLS handshake per batch. Two sockets: the
    // uploader keeps two batches in flight.
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: 2,
      ca: [options.caCertificatePem],
      cert: options.identity?.certificatePem,
      key: options.identity?.privateKeyPem,
      minVersion: 'TLSv1.3',
    });
  }

  request(method: 'GET' | 'POST', pathAndQuery: string, bodyText?: string): Promise<Answer> {
    const o = this.#options;
    const host = this.#url.hostname.replace(/^\[|\]$/g, '');
    const headers: Record<string, string | number> = {
      [CLIENT_VERSION_HEADER]: o.clientVersion,
      accept: 'application/json',
    };
    if (o.municipalityId) headers[MUNICIPALITY_HEADER] = o.municipalityId;
    if (bodyText !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(bodyText);
    }
    const base = this.#url.pathname.replace(/\/$/, '');
    const options: RequestOptions = {
      agent: this.#agent,
      host,
      port: this.#url.port === '' ? 443 : Number(this.#url.port),
      method,
      path: `${base}${pathAndQuery}`,
      headers,
      // An IP in the URL is checked against the certificate's IP SANs; SNI takes names only.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      timeout: o.timeoutMs,
    };
    const limit = o.maxResponseBytes ?? 64 * 1024 * 1024;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        reject(classify(err));
      };
      // A hard deadline besides the idle timeout: a server dribbling one byte a minute is down.
      const deadline = setTimeout(
        () => req.destroy(new ChannelError('network', 'request deadline passed')),
        o.timeoutMs * 4,
      );
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limit) req.destroy(new ChannelError('network', 'answer too large'));
          else chunks.push(c);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new ChannelError('network', 'answer cut off')));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new ChannelError('network', 'answer cut off'));
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            // A 2xx that is not JSON is a truncated or garbled answer: retry. An error status
            // without JSON is still an answer with a status.
            if ((res.statusCode ?? 0) < 300) return fail(new ChannelError('network', 'answer is not JSON'));
          }
          settled = true;
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.on('timeout', () => req.destroy(new ChannelError('network', 'timed out')));
      req.on('error', fail);
      req.end(bodyText);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
