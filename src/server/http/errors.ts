// Every error leaves as { error: { code } }; the log gets the reason (never a secret).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, SyncError } from '../errors.ts';

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  const isAdmin = req.url.startsWith('/admin');
  if (err instanceof SyncError) {
    if (!err.logged)
      req.log.warn(
        { errorCode: err.code, reason: err.message, url: req.url, method: req.method },
        'request refused',
      );
    void reply.status(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    return;
  }
  if (err instanceof AdminError) {
    req.log.warn({ errorCode: err.code, reason: err.message, url: req.url }, 'admin request refused');
    void reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    return;
  }
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status === 413) {
    req.log.warn({ errorCode: 'sync.batchTooLarge', url: req.url }, 'request refused: body too large');
    void reply.status(413).send({
      error: {
        code: isAdmin ? 'admin.invalid' : 'sync.batchTooLarge',
        message: 'the request body is too large',
      },
    });
    return;
  }
  if (status >= 400 && status < 500) {
    req.log.warn(
      { errorCode: 'sync.invalidRequest', reason: err.message, url: req.url },
      'request refused: invalid',
    );
    void reply
      .status(400)
      .send({ error: { code: isAdmin ? 'admin.invalid' : 'sync.invalidRequest', message: err.message } });
    return;
  }
  req.log.error({ err, url: req.url }, 'request failed');
  void reply
    .status(500)
    .send({ error: { code: 'sync.serverError', message: 'the server failed; try again later' } });
}
