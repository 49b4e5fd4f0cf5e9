// A local OpenID Connect provider (the real `oidc-provider` package) standing in for the
// municipality's Entra ID in tests, on 127.0.0.1 over plain HTTP (the console's config then says
// allowInsecureLoopback) or HTTPS with `tls` (and the console's caFile). One confidential client; users are a table of claims. Its interaction
// has no form: GET /interaction/<uid>?user=<id> (or the user set by setNextUser) signs that user
// in and grants what the client asked for, so a test that follows redirects by hand, or a
// Playwright page, goes straight through. Everything else (state, nonce, PKCE, redirect URI,
// client secret, code reuse) is the provider's own checking.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface FakeOidcUser {
  name?: string;
  email?: string;
  /** Entra ID's app roles. */
  roles?: string[];
  /** Entra ID's group object ids. */
  groups?: string[];
}

export interface FakeOidcOptions {
  /** Where the provider may send the browser back: the console's `<publicUrl>/auth/oidc/callback`. */
  redirectUris: string[];
  /** User id (the ID token's `sub`) → claims. */
  users: Record<string, FakeOidcUser>;
  /** A fixed port (to bring a provider up where the console expects one); 0 or unset: a free one. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /**
   * HTTPS with this key and certificate (for 127.0.0.1) instead of plain HTTP: the console then
   * trusts the certificate's CA through console.oidc.caFile, as for an on-premises provider.
   */
  tls?: { key: string; cert: string };
  /** It closes by itself after this long, so a test that forgets stop() leaves nothing behind. */
  lifetimeMs?: number;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The user the next interaction signs in when its URL names none. */
  setNextUser(id: string): void;
  /** Adds a user or changes one's claims (taken at the next token the provider issues). */
  setUser(id: string, user: FakeOidcUser): void;
  stop(): Promise<void>;
}

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'fake-oidc', use: 'sig', alg: 'RS256' };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

export async function startFakeOidc(opts: FakeOidcOptions): Promise<FakeOidc> {
  const users = new Map(Object.entries(opts.users));
  const clientId = opts.clientId ?? 'caredock-console';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  let nextUser: string | null = null;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    if (handle === null) plain(res, 503, 'starting');
    else handle(req, res);
  };
  const server = opts.tls === undefined ? createServer(route) : createHttpsServer(opts.tls, route);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `${opts.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, id) {
      const user = users.get(id);
      if (user === undefined) return undefined;
      return {
        accountId: id,
        // Read at each token, so setUser() takes effect at the next sign-in as Entra's changes do.
        claims: async () => {
          const u = users.get(id) ?? user;
          return {
            sub: id,
            ...(u.name === undefined ? {} : { name: u.name }),
            ...(u.email === undefined ? {} : { email: u.email }),
            ...(u.roles === undefined ? {} : { roles: u.roles }),
            ...(u.groups === undefined ? {} : { groups: u.groups }),
          };
        },
      };
    },
    // Entra puts roles and groups in the ID token; so does the fake, with the openid scope.
    claims: { openid: ['sub', 'roles', 'groups'], profile: ['name'], email: ['email'] },
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey()] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Required for this confidential client too, as the console always sends it.
    pkce: { required: () => true },
    // Short lives, as a test's flow takes seconds (and saying so keeps the provider from warning).
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
    },
  });
  const providerCallback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const wanted = new URL(req.url ?? '/', issuer).searchParams.get('user') ?? nextUser;
      if (wanted === null || !users.has(wanted)) {
        plain(res, 400, `fake OIDC provider: no such user ${wanted ?? '(none chosen)'}`);
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: wanted } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      const clientIdAsked = details.params.client_id;
      if (accountId === undefined || typeof clientIdAsked !== 'string') {
        plain(res, 400, 'fake OIDC provider: consent without a login');
        return;
      }
      const found = details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId);
      const grant = found ?? new provider.Grant({ accountId, clientId: clientIdAsked });
      const d = details.prompt.details;
      if (Array.isArray(d.missingOIDCScope)) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (Array.isArray(d.missingOIDCClaims))
        grant.addOIDCClaims(d.missingOIDCClaims.filter((c): c is string => typeof c === 'string'));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    plain(res, 400, `fake OIDC provider: unexpected prompt ${details.prompt.name}`);
  };

  handle = (req, res) => {
    if ((req.url ?? '').startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => {
        if (!res.headersSent) plain(res, 400, `fake OIDC provider: ${String(err)}`);
      });
      return;
    }
    providerCallback(req, res);
  };

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  };
  const timer = setTimeout(() => void stop(), opts.lifetimeMs ?? 10 * 60_000);
  timer.unref();

  return {
    issuer,
    clientId,
    clientSecret,
    setNextUser(id) {
      nextUser = id;
    },
    setUser(id, user) {
      users.set(id, user);
    },
    stop,
  };
}
