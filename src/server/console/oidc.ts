// The console's OpenID Connect client (openid-client v6): authorization code with PKCE, state and
// nonce, the ID token's signature and claims checked by the library. The provider is found
// (discovery) at the first sign-in, not at server start, and again after a failure: a provider
// that is down must not keep the console (and its password sign-in) from starting.
import { request as httpsRequest } from 'node:https';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ConsoleOidcConfig } from '../config.ts';
import { consoleRoles, type ConsoleRole } from '../../shared/console/roles.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { OidcIdentity, OidcRoutes } from './oidcRoutes.ts';

/** A flow started and not come back within this long is refused (a link kept from yesterday). */
const PENDING_MS = 10 * 60_000;
/** Seconds openid-client waits for the provider per request. */
const PROVIDER_TIMEOUT_S = 10;

/** What the session keeps between start and callback (in the database, never sent to the browser). */
const pendingSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  startedAt: z.number(),
});

/**
 * The ID token's claims we read. Entra puts app roles in `roles` and group object ids in
 * `groups`, both arrays of strings; a person in too many groups gets `_claim_names` instead.
 */
const claimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  preferred_username: z.string().optional(),
  roles: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  _claim_names: z.record(z.string(), z.unknown()).optional(),
});

export interface OidcFlowOptions {
  config: ConsoleOidcConfig;
  clientSecret: string;
  /** `<console publicUrl>/auth/oidc/callback`, registered with the provider as it is. */
  redirectUri: string;
  /** The provider's CA (PEM) when its certificate is not from a public CA. */
  ca?: string;
  log: Logger;
  now: () => Date;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Refuses at start a setup that could never work or would speak plain HTTP off this machine. */
export function checkIssuer(config: ConsoleOidcConfig): void {
  const u = new URL(config.issuer);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && config.allowInsecureLoopback && LOOPBACK.has(u.hostname)) return;
  throw new Error(
    `console.oidc.issuer ${config.issuer} must be https (plain http only on loopback with allowInsecureLoopback)`,
  );
}

/** Console roles from the configured claim's values; values the map does not name give nothing. */
export function mapRoles(values: readonly string[], roleMap: Record<string, ConsoleRole>): ConsoleRole[] {
  const got = new Set<ConsoleRole>();
  for (const v of values) {
    const role = Object.hasOwn(roleMap, v) ? roleMap[v] : undefined;
    if (role !== undefined) got.add(role);
  }
  return consoleRoles.filter((r) => got.has(r));
}

/** fetch over node:https trusting one CA: global fetch cannot be given a CA without undici's Agent. */
function fetchWithCa(ca: string): oidc.CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const body = options.body;
      let payload: Buffer | undefined;
      if (typeof body === 'string') payload = Buffer.from(body);
      else if (body instanceof URLSearchParams) payload = Buffer.from(body.toString());
      else if (body instanceof Uint8Array) payload = Buffer.from(body);
      else if (body instanceof ArrayBuffer) payload = Buffer.from(new Uint8Array(body));
      else if (body !== undefined && body !== null) {
        reject(new Error('unsupported request body for the provider'));
        return;
      }
      const req = httpsRequest(
        url,
        { method: options.method, headers: options.headers, ca, signal: options.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (Array.isArray(v)) for (const one of v) headers.append(k, one);
              else if (v !== undefined) headers.set(k, v);
            }
            const status = res.statusCode ?? 502;
            const noBody = status === 204 || status === 304;
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/** The name of what went wrong, for the log: never the message of a response (it may echo a code). */
function errorKind(err: unknown): Record<string, string> {
  if (err instanceof oidc.ResponseBodyError) return { kind: err.name, error: err.error };
  if (err instanceof oidc.AuthorizationResponseError) return { kind: err.name, error: err.error };
  if (err instanceof oidc.ClientError) return { kind: err.name, code: err.code ?? '' };
  if (err instanceof Error) return { kind: err.name };
  return { kind: typeof err };
}

/** openid-client's errors that mean the provider could not be reached (not that it said no). */
function unreachable(err: unknown): boolean {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return false;
  if (err instanceof oidc.ClientError) return err.code === 'OAUTH_TIMEOUT' || err.cause instanceof TypeError;
  return err instanceof TypeError || (err instanceof Error && err.name === 'AbortError');
}

export function createOidcFlow(opts: OidcFlowOptions): OidcRoutes {
  const { config, log } = opts;
  checkIssuer(config);
  let discovered: Promise<oidc.Configuration> | null = null;

  const discover = (): Promise<oidc.Configuration> => {
    if (discovered === null) {
      const execute = config.allowInsecureLoopback ? [oidc.allowInsecureRequests] : [];
      discovered = oidc
        .discovery(
          new URL(config.issuer),
          config.clientId,
          { client_secret: opts.clientSecret, token_endpoint_auth_method: 'client_secret_post' },
          oidc.ClientSecretPost(opts.clientSecret),
          {
            execute,
            timeout: PROVIDER_TIMEOUT_S,
            ...(opts.ca === undefined ? {} : { [oidc.customFetch]: fetchWithCa(opts.ca) }),
          },
        )
        .catch((err: unknown) => {
          // Forgotten, so the next sign-in tries again once the provider is back.
          discovered = null;
          log.warn({ ...errorKind(err), issuer: config.issuer }, 'identity provider discovery failed');
          throw new CareDockError('console.ssoUnavailable');
        });
    }
    return discovered;
  };

  return {
    redirectUri: opts.redirectUri,

    async begin() {
      const client = await discover();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(client, {
        redirect_uri: opts.redirectUri,
        scope: config.scopes,
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const pending: z.infer<typeof pendingSchema> = {
        state,
        nonce,
        codeVerifier,
        startedAt: opts.now().getTime(),
      };
      return { url: url.href, pending };
    },

    async complete(pendingValue, callbackUrl): Promise<OidcIdentity> {
      const pending = pendingSchema.safeParse(pendingValue);
      if (!pending.success) throw new CareDockError('console.ssoFailed');
      if (opts.now().getTime() - pending.data.startedAt > PENDING_MS)
        throw new CareDockError('console.ssoFailed');
      const client = await discover();
      let claims: z.infer<typeof claimsSchema>;
      try {
        const tokens = await oidc.authorizationCodeGrant(client, callbackUrl, {
          pkceCodeVerifier: pending.data.codeVerifier,
          expectedState: pending.data.state,
          expectedNonce: pending.data.nonce,
          idTokenExpected: true,
        });
        claims = claimsSchema.parse(tokens.claims());
      } catch (err) {
        log.warn({ ...errorKind(err), issuer: config.issuer }, 'single sign-on callback not accepted');
        throw new CareDockError(unreachable(err) ? 'console.ssoUnavailable' : 'console.ssoFailed');
      }
      const values = claims[config.roleClaim];
      if (values === undefined && claims._claim_names?.[config.roleClaim] !== undefined)
        // Entra's "overage": too many groups for the token. Assign groups to the app, or use app roles.
        log.warn({ issuer: config.issuer, claim: config.roleClaim }, 'role claim too large for the ID token');
      const roles = mapRoles(values ?? [], config.roleMap);
      if (roles.length === 0) {
        log.warn({ issuer: claims.iss, subject: claims.sub }, 'single sign-on person has no console role');
        throw new CareDockError('console.ssoNoRole');
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        name: claims.name ?? null,
        email: claims.email ?? claims.preferred_username ?? null,
        roles,
      };
    },
  };
}
