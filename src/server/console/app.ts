// The console's own listener: HTTPS with the console's web certificate (not the municipality
// CA), or, behind a reverse proxy that ends TLS, plain HTTP on loopback with forwarded headers
// believed only from the configured proxies. It serves the web page and one POST per console
// procedure; no workstation route exists here, and no console route on the sync listener.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { httpStatusFor } from '../../shared/api/envelope.ts';
import { Readable } from 'node:stream';
import {
  CONSOLE_API_PREFIX,
  CSRF_COOKIE,
  CSRF_HEADER,
  isConsoleProcedureName,
  SESSION_COOKIE,
} from '../../shared/console/contract.ts';
import { consoleProcedures } from '../../shared/console/contract.ts';
import type { ConsoleProcedureDef } from '../../shared/console/define.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { clientAddress, trustedProxySet } from '../auth/addresses.ts';
import type { ServerContext } from '../context.ts';
import { commonFastifyOptions, guardedServerFactory } from '../http/listener.ts';
import type { App } from '../http/types.ts';
import type { ServerJobQueue } from '../jobs/queue.ts';
import { MAX_UPLOAD_BYTES } from '../exchange/admin.ts';
import { consoleTlsMaterial } from '../pki/consoleCertificate.ts';
import { consoleAssetsDir, readAsset } from './assets.ts';
import { dispatchConsole } from './dispatch.ts';
import type { ConsoleCall } from './handlerTypes.ts';
import { csrfMatches, openSession, type IssuedSession } from './sessions.ts';
import type { SessionChange } from './signIn.ts';
import { registerOidcRoutes, type OidcRoutes } from './oidcRoutes.ts';

/** The page's policy: nothing inline, nothing from elsewhere, never framed. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

export interface ConsoleAppOptions {
  ctx: ServerContext;
  queue: () => Promise<ServerJobQueue>;
  oidc?: OidcRoutes | null;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!out.has(k)) out.set(k, part.slice(i + 1).trim());
  }
  return out;
}

export function sessionCookies(issued: IssuedSession & { newId: string }): string[] {
  return [
    // Lax, not Strict: the identity provider's redirect back is a cross-site navigation, and
    // every change needs the CSRF header besides.
    `${SESSION_COOKIE}=${issued.newId}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    // Readable by the page's script, which sends it back in a header: a cross-site form cannot.
    `${CSRF_COOKIE}=${issued.session.csrfToken}; Path=/; Secure; SameSite=Strict`,
  ];
}

function securityHeaders(reply: FastifyReply, tls: boolean): void {
  void reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin');
  if (tls) void reply.header('strict-transport-security', 'max-age=31536000');
}

export async function createConsoleApp(opts: ConsoleAppOptions): Promise<App> {
  const { ctx } = opts;
  const cfg = ctx.config.console;
  const proxies = trustedProxySet(cfg.behindProxy?.trustedProxies ?? []);
  const tls = cfg.behindProxy ? null : await consoleTlsMaterial(ctx.paths, cfg);
  const app: App = Fastify({
    ...commonFastifyOptions(),
    serverFactory: guardedServerFactory(
      tls === null ? null : { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' },
      ctx.log,
      'host.badRequest',
    ),
    loggerInstance: ctx.log,
    bodyLimit: 64 * 1024,
  });
  const assets = consoleAssetsDir();
  const sourceOf = (req: FastifyRequest): string =>
    clientAddress(req.raw.socket.remoteAddress, req.headers['x-forwarded-for'], proxies) ?? 'unknown';

  app.addHook('onSend', async (_req, reply) => securityHeaders(reply, tls !== null));

  const answer = (reply: FastifyReply, change: SessionChange, body: unknown, status = 200) => {
    if (change.issued?.newId)
      void reply.header('set-cookie', sessionCookies({ ...change.issued, newId: change.issued.newId }));
    void reply.header('cache-control', 'no-store').status(status).send(body);
  };

  // One road for every call, JSON or upload: the session, the CSRF check, the dispatch with its
  // access check, the call log (procedure and account only: never the input) and the envelope.
  const serve = async (
    req: FastifyRequest,
    reply: FastifyReply,
    name: string,
    rawInput: unknown,
    upload?: Readable,
  ): Promise<void> => {
    const change: SessionChange = {};
    const opened = await openSession(
      ctx,
      parseCookies(req.headers.cookie).get(SESSION_COOKIE),
      sourceOf(req),
    );
    if (opened.newId !== null) change.issued = opened;
    try {
      if (!isConsoleProcedureName(name))
        throw new CareDockError('api.unknownProcedure', { name: name.slice(0, 64) });
      // auth.session is how a fresh page gets its CSRF token; it changes nothing.
      if (name !== 'auth.session') {
        if (opened.expired) throw new CareDockError('console.sessionExpired');
        const site = req.headers['sec-fetch-site'];
        if (
          opened.newId !== null ||
          (site !== undefined && site !== 'same-origin') ||
          !csrfMatches(opened.session, headerOf(req))
        )
          throw new CareDockError('console.csrf');
      }
      const call: ConsoleCall = {
        ctx,
        session: opened.session,
        sourceAddress: sourceOf(req),
        singleSignOn: opts.oidc != null,
        account: null,
        queue: opts.queue,
        change,
        ...(upload === undefined ? {} : { upload }),
      };
      const result = await dispatchConsole(call, name, rawInput, opened.expired);
      if (!(consoleProcedures[name] as ConsoleProcedureDef).readonly)
        ctx.log.info({ procedure: name, actor: call.account?.username ?? null }, 'console call');
      answer(reply, change, { ok: true, result });
    } catch (err) {
      const e =
        err instanceof CareDockError
          ? err
          : (req.log.error({ err, procedure: name }, 'console call failed'),
            new CareDockError('internal.unexpected', { time: new Date().toISOString() }));
      if (!(err instanceof CareDockError) || httpStatusFor(e.code) >= 500 || e.code === 'console.csrf')
        req.log.warn(
          { errorCode: e.code, procedure: name, sourceAddress: sourceOf(req) },
          'console call refused',
        );
      answer(reply, change, { ok: false, error: { code: e.code, params: e.params } }, httpStatusFor(e.code));
    } finally {
      // A refused upload is never read: drain it, so the answer is not cut off by the client's send.
      if (upload !== undefined && !upload.readableEnded) upload.resume();
    }
  };

  app.post<{ Params: { name: string } }>('/api/:name', async (req, reply) =>
    // The procedure is the router's match, never a reading of the raw URL.
    serve(req, reply, req.params.name, req.body),
  );

  // The CLI's `import bfu|mfu`: the file is the raw body, streamed to the data folder by the
  // admin API's own upload code (its size limit included); the rest of the input is the query.
  // In its own scope, so no other console route takes a raw body.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    scope.post(`${CONSOLE_API_PREFIX}exchange.import`, { bodyLimit: MAX_UPLOAD_BYTES }, async (req, reply) =>
      serve(req, reply, 'exchange.import', req.query, req.body instanceof Readable ? req.body : undefined),
    );
  });

  if (opts.oidc) registerOidcRoutes(app, ctx, opts.oidc, sourceOf);

  const page = async (name: string, reply: FastifyReply) => {
    const file = assets === null ? null : readAsset(assets, name);
    if (file === null) {
      void reply.status(assets === null ? 503 : 404).type('text/plain; charset=utf-8');
      return assets === null
        ? 'The console page is not built: run "node scripts/build-console.mjs".'
        : 'Not found';
    }
    void reply
      .type(file.type)
      .header('cache-control', name === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    return file.body;
  };
  app.get('/', async (_req, reply) => page('index.html', reply));
  app.get<{ Params: { file: string } }>('/assets/:file', async (req, reply) => page(req.params.file, reply));

  // Workstations have their own listener; a sync request here is answered, not served.
  app.all('/v1/*', async (_req, reply) =>
    reply.status(404).send({ ok: false, error: { code: 'console.wrongListener', params: {} } }),
  );
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send({ ok: false, error: { code: 'api.unknownProcedure', params: { name: '' } } });
  });
  app.setErrorHandler((err: Error, req, reply) => {
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'console request failed');
    const code = status < 500 ? 'input.invalid' : 'internal.unexpected';
    void reply.status(status < 500 ? 400 : 500).send({ ok: false, error: { code, params: {} } });
  });
  await app.ready();
  return app;
}

function headerOf(req: FastifyRequest): string | undefined {
  const v = req.headers[CSRF_HEADER];
  return Array.isArray(v) ? v[0] : v;
}
