// Every error leaves as { error: { code } }; the log gets the reason (never a secret). Each
// listener has its own family of codes — sync.* for workstations, admin.* for the admin API —
// decided by which listener answers, never by reading the URL.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, SyncError } from '../errors.ts';
import { CareDockError } from '../../shared/errors/index.ts';

type Handler = (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => void;

const statusOf = (err: FastifyError | Error): number =>
  'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;

/** What every listener does with an error that is not one of its own codes. */
function generic(
  err: FastifyError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
  codes: { invalid: string; tooLarge: string; failed: string },
): void {
  const status = statusOf(err);
  if (status === 413) {
    req.log.warn(
      { errorCode: codes.tooLarge, route: req.routeOptions.url },
      'request refused: body too large',
    );
    void reply
      .status(413)
      .send({ error: { code: codes.tooLarge, message: 'the request body is too large' } });
    return;
  }
  if (status >= 400 && status < 500) {
    req.log.warn(
      { errorCode: codes.invalid, reason: err.message, route: req.routeOptions.url },
      'request refused: invalid',
    );
    void reply.status(400).send({ error: { code: codes.invalid, message: err.message } });
    return;
  }
  req.log.error({ err, route: req.routeOptions.url }, 'request failed');
  void reply
    .status(500)
    .send({ error: { code: codes.failed, message: 'the server failed; try again later' } });
}

export const syncErrorHandler: Handler = (err, req, reply) => {
  if (err instanceof SyncError) {
    if (!err.logged)
      req.log.warn(
        { errorCode: err.code, reason: err.message, route: req.routeOptions.url, method: req.method },
        'request refused',
      );
    if (err.extra.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(err.extra.retryAfterSeconds));
    void reply.status(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    return;
  }
  generic(err, req, reply, {
    invalid: 'sync.invalidRequest',
    tooLarge: 'sync.batchTooLarge',
    failed: 'sync.serverError',
  });
};

export const adminErrorHandler: Handler = (err, req, reply) => {
  if (err instanceof AdminError) {
    req.log.warn(
      { errorCode: err.code, reason: err.message, route: req.routeOptions.url },
      'admin request refused',
    );
    void reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    return;
  }
  // A code from the shared catalogue (the file exchange's): the caller shows it in its language.
  if (err instanceof CareDockError) {
    req.log.warn({ errorCode: err.code, route: req.routeOptions.url }, 'admin request refused');
    void reply.status(400).send({ error: { code: err.code, params: err.params, message: err.message } });
    return;
  }
  generic(err, req, reply, { invalid: 'admin.invalid', tooLarge: 'admin.invalid', failed: 'admin.failed' });
};
