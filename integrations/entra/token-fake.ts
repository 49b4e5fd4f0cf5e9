// A Microsoft identity platform stand-in for the client-credentials flow: the tenant's
// OpenID configuration and a v2.0 token endpoint that checks client id and secret and issues
// short-lived bearer tokens for the scope asked (the SMTP fake accepts them for XOAUTH2, the Graph
// fake checks scope and expiry on every request).
import { randomBytes } from 'node:crypto';
import { answer, startFakeHttps } from '../testing/server.ts';

export interface TokenFake {
  url: string;
  ca: string;
  /** Tokens issued, in order (the SMTP fake accepts any of them for its user). */
  issued: string[];
  requests: number;
  /** Is `token` one we issued for `scope`, and not expired or revoked (by the clock now)? */
  validate(token: string, scope: string): 'valid' | 'expired' | 'unknown';
  /** Every token issued so far stops working, as after a revocation: the resource answers 401. */
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startTokenFake(opts: {
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** Lifetime of issued tokens; Entra's is about an hour, a test's can be minutes. */
  expiresInSeconds?: number;
}): Promise<TokenFake> {
  const issued: string[] = [];
  const grants = new Map<string, { scopes: string[]; expiresAt: number }>();
  const expiresIn = opts.expiresInSeconds ?? 3599;
  let requests = 0;
  let base = '';
  const server = await startFakeHttps((req, body, res) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const t = encodeURIComponent(opts.tenant);
    if (req.method === 'GET' && url.pathname === `/${t}/v2.0/.well-known/openid-configuration`) {
      return answer(
        res,
        200,
        JSON.stringify({
          token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
          issuer: `${base}/${t}/v2.0`,
          jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'token'],
        }),
        { 'content-type': 'application/json' },
      );
    }
    if (req.method === 'POST' && url.pathname === `/${t}/oauth2/v2.0/token`) {
      requests++;
      const f = new URLSearchParams(body);
      if (
        f.get('grant_type') !== 'client_credentials' ||
        f.get('client_id') !== opts.clientId ||
        f.get('client_secret') !== opts.clientSecret
      ) {
        return answer(
          res,
          401,
          JSON.stringify({
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret.',
          }),
          {
            'content-type': 'application/json',
          },
        );
      }
      const token = randomBytes(24).toString('base64url');
      issued.push(token);
      grants.set(token, {
        scopes: (f.get('scope') ?? '').split(' ').filter(Boolean),
        expiresAt: Date.now() + expiresIn * 1000,
      });
      return answer(
        res,
        200,
        JSON.stringify({
          token_type: 'Bearer',
          expires_in: expiresIn,
          ext_expires_in: expiresIn,
          access_token: token,
        }),
        {
          'content-type': 'application/json',
        },
      );
    }
    return answer(res, 404, '{}');
  });
  base = server.url;
  return {
    url: server.url,
    ca: server.ca,
    issued,
    get requests() {
      return requests;
    },
    validate(token, scope) {
      const g = grants.get(token);
      if (!g || !g.scopes.includes(scope)) return 'unknown';
      return Date.now() < g.expiresAt ? 'valid' : 'expired';
    },
    revokeAll() {
      grants.clear();
    },
    close: server.close,
  };
}
