// The Fastify app over HTTPS: TLS 1.3 only, client certificates requested but judged by
// authenticate() so a refusal carries a code the workstation can explain.
import Fastify, { LogController } from 'fastify';
import type { App } from './types.ts';
import { MAX_PUSH_BYTES } from '../../shared/sync/headers.ts';
import type { ServerContext } from '../context.ts';
import type { TlsMaterial } from '../pki/municipalityCa.ts';
import { trustedProxySet } from '../auth/addresses.ts';
import { errorHandler } from './errors.ts';
import { registerV1Routes } from './v1Routes.ts';
import { registerAdminRoutes } from './adminRoutes.ts';

export interface CreateAppOptions {
  ctx: ServerContext;
  tls: TlsMaterial;
  adminToken: string;
}

export async function createApp({ ctx, tls, adminToken }: CreateAppOptions): Promise<App> {
  const app = Fastify({
    https: {
      key: tls.key,
      cert: tls.cert,
      ca: [tls.ca],
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.3',
    },
    loggerInstance: ctx.log,
    // Per-request lines would drown the refusals; we log what matters ourselves.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_PUSH_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.server.on('tlsClientError', (err) => {
    // TLS 1.2 clients and broken handshakes end here; there is no request to answer.
    ctx.log.info({ reason: err.message.slice(0, 200) }, 'TLS handshake refused');
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send({ error: { code: req.url.startsWith('/admin') ? 'admin.notFound' : 'sync.notFound' } });
  });
  registerV1Routes(app, ctx, trustedProxySet(ctx.config.trustedProxies));
  registerAdminRoutes(app, ctx, adminToken);
  await app.ready();
  return app;
}
