// The two Fastify apps, each on a listener of its own:
// - the sync app (/v1) over HTTPS with TLS 1.3 only, client certificates requested but judged by
//   authenticate() so a refusal carries a code the workstation can explain;
// - the admin app (/admin) over HTTPS on loopback only, behind the admin token.
// They share nothing but the context: no admin route exists on the listener workstations reach.
import Fastify from 'fastify';
import type { App } from './types.ts';
import { MAX_PUSH_BYTES } from '../../shared/sync/headers.ts';
import type { ServerContext } from '../context.ts';
import type { TlsMaterial } from '../pki/municipalityCa.ts';
import { trustedProxySet } from '../auth/addresses.ts';
import { adminErrorHandler, syncErrorHandler } from './errors.ts';
import { commonFastifyOptions, guardedServerFactory } from './listener.ts';
import { registerV1Routes } from './v1Routes.ts';
import { acceptProxyProtocol } from './proxyProtocol.ts';
import { registerAdminRoutes } from './adminRoutes.ts';

export async function createSyncApp({ ctx, tls }: { ctx: ServerContext; tls: TlsMaterial }): Promise<App> {
  const app: App = Fastify({
    ...commonFastifyOptions(),
    serverFactory: guardedServerFactory(
      {
        key: tls.key,
        cert: tls.cert,
        ca: [tls.ca],
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.3',
      },
      ctx.log,
      'sync.invalidRequest',
    ),
    loggerInstance: ctx.log,
    bodyLimit: MAX_PUSH_BYTES,
  });
  app.server.on('tlsClientError', (err) => {
    // TLS 1.2 clients and broken handshakes end here; there is no request to answer.
    ctx.log.info({ reason: err.message.slice(0, 200) }, 'TLS handshake refused');
  });
  app.setErrorHandler(syncErrorHandler);
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send({ error: { code: 'sync.notFound' } });
  });
  const balancers = trustedProxySet(ctx.config.proxyProtocolFrom);
  await registerV1Routes(app, ctx, {
    trustedProxies: trustedProxySet(ctx.config.trustedProxies),
    balancers: balancers.size > 0 ? acceptProxyProtocol(app.server, balancers, ctx.log) : null,
  });
  await app.ready();
  return app;
}

export async function createAdminApp({
  ctx,
  tls,
  adminToken,
}: {
  ctx: ServerContext;
  tls: TlsMaterial;
  adminToken: string;
}): Promise<App> {
  const app: App = Fastify({
    ...commonFastifyOptions(),
    serverFactory: guardedServerFactory(
      { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.3' },
      ctx.log,
      'admin.invalid',
    ),
    loggerInstance: ctx.log,
    bodyLimit: MAX_PUSH_BYTES,
  });
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send({ error: { code: 'admin.notFound' } });
  });
  await registerAdminRoutes(app, ctx, adminToken);
  await app.ready();
  return app;
}
