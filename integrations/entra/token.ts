// An app-only OAuth token from Microsoft Entra ID (client credentials), shared by every adapter
// that talks to Microsoft 365: XOAUTH2 for SMTP (Basic SMTP authentication goes away for existing
// tenants at the end of December 2026) and Microsoft Graph for the calendars. The authority host
// is configurable so tests point it at a local token endpoint; MSAL caches the token and fetches a
// new one five minutes before it expires.
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { httpsRequest } from '../http/request.ts';

export interface TokenSource {
  /**
   * A valid access token. `fresh` skips MSAL's cache: the resource refused the cached one (401),
   * e.g. after the app's secret was rotated or the token was revoked before its expiry.
   */
  token(opts?: { fresh?: boolean }): Promise<string>;
}

/** MSAL's HTTP through our client, so the configured CA applies (MSAL's own trusts only the system's). */
function networkClient(ca: string | undefined): INetworkModule {
  const call = async <T>(
    method: 'GET' | 'POST',
    url: string,
    headers?: Record<string, string>,
    body?: string,
  ) => {
    const a = await httpsRequest({
      url,
      method,
      headers: headers ?? {},
      ...(body !== undefined ? { body } : {}),
      timeoutMs: 15_000,
      ...(ca ? { ca } : {}),
    });
    if (!a.ok) throw new Error(`token endpoint: ${a.reason}`);
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(a.headers))
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
    return {
      status: a.status,
      headers: flat,
      body: JSON.parse(a.body || '{}') as T,
    } satisfies NetworkResponse<T>;
  };
  return {
    sendGetRequestAsync: (url, options) => call('GET', url, options?.headers),
    sendPostRequestAsync: (url, options) => call('POST', url, options?.headers, options?.body),
  };
}

export function msalTokenSource(opts: {
  authorityHost: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** The resource's `.default` scope: `https://graph.microsoft.com/.default`, `https://outlook.office365.com/.default`. */
  scope: string;
  ca?: string;
}): TokenSource {
  const host = new URL(opts.authorityHost);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      authority: new URL(`/${encodeURIComponent(opts.tenant)}`, host).toString(),
      // A host MSAL knows is not looked up in Microsoft's cloud discovery first (tests: no internet).
      knownAuthorities: [host.host],
    },
    system: { networkClient: networkClient(opts.ca) },
  });
  return {
    async token(o) {
      const r = await app.acquireTokenByClientCredential({
        scopes: [opts.scope],
        ...(o?.fresh ? { skipCache: true } : {}),
      });
      if (!r?.accessToken) throw new Error('no access token');
      return r.accessToken;
    },
  };
}
