// How CareDock signs its TWeb calls (docs/integrations/tweb.md, "Authentication"): an OAuth2
// client-credentials token, kept until shortly before it expires and fetched afresh after a 401,
// or a fixed API key in a header. A failure to get a token is an outcome like any call's: a
// refused client pauses the channel, an unreachable token endpoint is retried.
import { z } from 'zod';
import type { Outcome } from '../../src/shared/jobs/contract.ts';
import { httpsRequest } from '../http/request.ts';
import type { TwebAuthSettings } from './settings.ts';

type NotSent = Exclude<Outcome, { status: 'sent' }>;
export type AuthHeaders = { ok: true; headers: Record<string, string> } | { ok: false; outcome: NotSent };

export interface TwebAuth {
  /** Whether a 401 is worth one more try with fresh credentials (a token, not a key). */
  readonly refreshable: boolean;
  headers(opts?: { fresh?: boolean; signal?: AbortSignal }): Promise<AuthHeaders>;
}

export interface AuthOptions {
  ca?: string;
  timeoutMs: number;
  /** The clock the token's expiry is measured on (tests move it). */
  now?: () => number;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive().optional(),
});

/** Without expires_in a token is taken to live this long (RFC 6749 leaves it to the server). */
const DEFAULT_LIFETIME_S = 300;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64'd. */
const formEncode = (s: string) => new URLSearchParams({ s }).toString().slice(2);

export function createTwebAuth(settings: TwebAuthSettings, opts: AuthOptions): TwebAuth {
  if (settings.type === 'apiKey') {
    const headers = { [settings.header.toLowerCase()]: settings.key };
    return { refreshable: false, headers: async () => ({ ok: true, headers }) };
  }
  const auth = settings;
  const now = opts.now ?? Date.now;
  const host = hostOf(auth.tokenUrl);
  let cached: { token: string; refreshAt: number } | null = null;
  let pending: Promise<AuthHeaders> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<AuthHeaders> {
    if (!auth.tokenUrl.startsWith('https://'))
      return { ok: false, outcome: { status: 'pause', code: 'tweb.insecureUrl' } };
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (auth.clientAuth === 'post') {
      form.set('client_id', auth.clientId);
      form.set('client_secret', auth.clientSecret);
    } else {
      const pair = `${formEncode(auth.clientId)}:${formEncode(auth.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const a = await httpsRequest({
      url: auth.tokenUrl,
      method: 'POST',
      headers,
      body: form.toString(),
      timeoutMs: opts.timeoutMs,
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(signal ? { signal } : {}),
    });
    if (!a.ok) {
      if (a.reason === 'tls')
        return { ok: false, outcome: { status: 'pause', code: 'tweb.tlsFailed', params: { host } } };
      return { ok: false, outcome: { status: 'retry', code: 'tweb.tokenUnavailable', params: { host } } };
    }
    if (a.status === 400 || a.status === 401 || a.status === 403)
      return { ok: false, outcome: { status: 'pause', code: 'tweb.tokenRefused', params: { host } } };
    let body: unknown;
    try {
      body = JSON.parse(a.body);
    } catch {
      body = null;
    }
    const t = a.status === 200 ? tokenAnswer.safeParse(body) : null;
    if (!t?.success)
      return { ok: false, outcome: { status: 'retry', code: 'tweb.tokenUnavailable', params: { host } } };
    const lifetimeMs = (t.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    // A minute's margin for clock skew and the call's own time, or a tenth of a short token's life.
    const margin = Math.min(60_000, lifetimeMs / 10);
    cached = { token: t.data.access_token, refreshAt: now() + lifetimeMs - margin };
    return { ok: true, headers: { authorization: `Bearer ${t.data.access_token}` } };
  }

  return {
    refreshable: true,
    async headers(o) {
      if (o?.fresh) cached = null;
      if (cached && now() < cached.refreshAt)
        return { ok: true, headers: { authorization: `Bearer ${cached.token}` } };
      // Calls made at once share one token request.
      pending ??= fetchToken(o?.signal).finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
