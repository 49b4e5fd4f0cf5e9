// An HTTPS server that refuses odd request targets before Fastify routes them, and the Fastify
// options both listeners share.
import { createServer, type Server, type ServerOptions } from 'node:https';
import { createServer as createPlainServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LogController, type FastifyServerFactory } from 'fastify';
import type { Logger } from 'pino';
import { refuseRequestTarget } from './requestTarget.ts';

/** The code a refused target is answered with, in the family of the listener. */
export type RefusalCode = 'sync.invalidRequest' | 'admin.invalid' | 'host.badRequest';

/**
 * `tls` null: plain HTTP, for the console behind a reverse proxy that ends TLS (on loopback).
 * Fastify types the server as HTTPS either way; only `listen` and `close` are used on it.
 */
export function guardedServerFactory(
  tls: ServerOptions | null,
  log: Logger,
  code: RefusalCode,
): FastifyServerFactory<Server> {
  return (handler) => {
    const guarded = (req: IncomingMessage, res: ServerResponse): void => {
      const why = refuseRequestTarget(req.url);
      if (why === null) {
        handler(req, res);
        return;
      }
      log.warn(
        { errorCode: code, reason: why, method: req.method, sourceAddress: req.socket.remoteAddress },
        'request refused: request target',
      );
      const body = JSON.stringify({ error: { code, message: `the request target is refused: ${why}` } });
      res.writeHead(400, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      res.end(body);
    };
    return tls === null ? (createPlainServer(guarded) as unknown as Server) : createServer(tls, guarded);
  };
}

/** What both listeners' Fastify instances share (each gets its own copy). */
export function commonFastifyOptions() {
  return {
    // Per-request lines would drown the refusals; we log what matters ourselves.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    return503OnClosing: true,
  } as const;
}
