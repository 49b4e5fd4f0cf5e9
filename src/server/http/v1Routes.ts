// The sync API, /v1. Every route but /v1/enrol is behind authenticate(); /v1/enrol is behind
// the one-time code and the provider's fixed addresses instead (the PC has no certificate yet).
import { sealerFor } from '../secrets/seal.ts';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from './types.ts';
import { z } from 'zod';
import { enrolRequestSchema, renewCertificateRequestSchema } from '../../shared/sync/enrolment.ts';
import { MAX_PUSH_BYTES, MAX_PUSH_ITEMS } from '../../shared/sync/headers.ts';
import { pullQuerySchema } from '../../shared/sync/pull.ts';
import { pushRequestSchema } from '../../shared/sync/push.ts';
import { reconciliationIdsQuerySchema, reconciliationQuerySchema } from '../../shared/sync/reconciliation.ts';
import type { ServerTimeResponse } from '../../shared/sync/time.ts';
import { enrolWorkstation } from '../admin/enrol.ts';
import { reserveEnrolmentAttempt } from '../admin/enrolmentAttempts.ts';
import { renewWorkstationCertificate } from '../admin/renew.ts';
import {
  authenticate,
  checkClientVersion,
  sourceAddressOf,
  type SourcePolicy,
} from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import type { ServerContext } from '../context.ts';
import { SyncError } from '../errors.ts';
import { pullChanges } from '../sync/pull.ts';
import { pushItems } from '../sync/push.ts';
import { reconciliation, reconciliationIds } from '../sync/reconcile.ts';
import { SERVER_VERSION } from '../version.ts';

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new SyncError('sync.invalidRequest', z.prettifyError(r.error).slice(0, 1000));
  return r.data;
}

/**
 * The /v1 routes as one encapsulated plugin. /v1/enrol sits outside the authenticated scope (the
 * PC has no certificate yet); every other route is registered inside a child scope whose
 * onRequest hook authenticates, so the check runs for exactly the routes the router matched
 * there, however the path was spelled.
 */
export async function registerV1Routes(app: App, ctx: ServerContext, policy: SourcePolicy): Promise<void> {
  await app.register(
    async (v1) => {
      v1.post('/enrol', { bodyLimit: 64 * 1024 }, async (req) => {
        const address = sourceAddressOf(req.raw.socket as TLSSocket, req.headers, policy);
        // Counted before anything is looked at: malformed and well-formed guesses alike.
        const attempt = await reserveEnrolmentAttempt(ctx, address);
        checkClientVersion(ctx, req.headers);
        const body = parse(enrolRequestSchema, req.body);
        const enrolled = await enrolWorkstation(ctx, body, address);
        await attempt.refund();
        return enrolled;
      });
      await v1.register(async (authed) => authenticatedRoutes(authed, ctx, policy));
    },
    { prefix: '/v1' },
  );
}

function authenticatedRoutes(app: FastifyInstance, ctx: ServerContext, policy: SourcePolicy): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  const who = (req: FastifyRequest): Principal => {
    const p = principals.get(req);
    // Unreachable: the hook below runs for every route of this scope. Refuse rather than fail.
    if (!p) throw new SyncError('sync.certificateMissing', 'the request was not authenticated');
    return p;
  };

  app.addHook('onRequest', async (req) => {
    const socket = req.raw.socket as TLSSocket;
    try {
      principals.set(req, await authenticate(ctx, socket, req.headers, policy));
    } catch (err) {
      if (err instanceof SyncError) {
        // Who tried, from where, and why — never the certificate or headers themselves.
        req.log.warn(
          {
            errorCode: err.code,
            reason: err.message,
            sourceAddress: sourceAddressOf(socket, req.headers, policy),
            route: req.routeOptions.url,
          },
          'sync request refused',
        );
        err.logged = true;
      }
      throw err;
    }
  });

  app.get('/time', async (req): Promise<ServerTimeResponse> => {
    const p = who(req);
    return {
      serverTime: ctx.now().toISOString(),
      workstationId: p.workstationId,
      providerId: p.providerId,
      municipalityId: p.municipalityId,
      sourceAddress: p.sourceAddress,
      certificateNotAfter: p.certificateNotAfter.toISOString(),
      serverVersion: SERVER_VERSION,
    };
  });

  app.post('/push', { bodyLimit: MAX_PUSH_BYTES }, async (req) => {
    const p = who(req);
    const body: unknown = req.body;
    // Too many items is "too large" (413), like too many bytes: the client splits the batch.
    if (
      typeof body === 'object' &&
      body !== null &&
      'items' in body &&
      Array.isArray(body.items) &&
      body.items.length > MAX_PUSH_ITEMS
    ) {
      throw new SyncError('sync.batchTooLarge', `at most ${MAX_PUSH_ITEMS} items per batch`);
    }
    const { items } = parse(pushRequestSchema, body);
    const results = await pushItems(ctx.database.db, p, items, ctx.now());
    const counts = { accepted: 0, duplicate: 0, rejected: 0 };
    for (const r of results) counts[r.status]++;
    req.log.info({ workstationId: p.workstationId, ...counts }, 'push');
    return { results, serverTime: ctx.now().toISOString() };
  });

  // Renewal: authenticated like every call here (revoked, unknown, expired or from an address not
  // registered: refused before this runs), so the certificate is what proves who asks.
  app.post('/certificate/renew', { bodyLimit: 64 * 1024 }, async (req) => {
    const p = who(req);
    const body = parse(renewCertificateRequestSchema, req.body);
    const presented = (req.raw.socket as TLSSocket).getPeerCertificate(false).raw;
    return renewWorkstationCertificate(ctx, p, presented, body);
  });

  app.get('/changes', async (req) => {
    const p = who(req);
    const q = parse(pullQuerySchema, req.query);
    return pullChanges(
      ctx.database.db,
      p.providerId,
      q.cursor,
      q.limit,
      ctx.now(),
      sealerFor(ctx.paths.secretsKey),
      (count) =>
        ctx.log.error(
          { count, providerId: p.providerId },
          'door codes that do not open with the secrets key',
        ),
    );
  });

  app.get('/reconciliation', async (req) => {
    const q = parse(reconciliationQuerySchema, req.query);
    return reconciliation(ctx.database.db, who(req), q);
  });

  app.get('/reconciliation/ids', async (req) => {
    const q = parse(reconciliationIdsQuerySchema, req.query);
    return reconciliationIds(ctx.database.db, who(req), q);
  });
}
