// The admin API under /admin, on a listener of its own bound to loopback: a bearer token from
// the data dir, checked by a hook of this encapsulated plugin, so it runs for exactly the routes
// the router matched here. The municipality's admins work on the server host (or through ssh).
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { App } from './types.ts';
import { z } from 'zod';
import { syncEntityTypeSchema } from '../../shared/sync/entities.ts';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import { createEnrolmentCode } from '../admin/enrolmentCodes.ts';
import {
  addMunicipality,
  addMunicipalityInput,
  addProviderInput,
  addProvider,
  addProviderAddress,
  getProvider,
  listMunicipalities,
  listProviders,
  parseInput,
  removeProviderAddress,
} from '../admin/organisations.ts';
import { erasePerson, exportPerson, personInput } from '../admin/people.ts';
import { exportInstallProfile } from '../admin/profile.ts';
import { listWorkstations, revokeWorkstation } from '../admin/workstations.ts';
import { isLoopback } from '../auth/addresses.ts';
import type { ServerContext } from '../context.ts';
import { AdminError } from '../errors.ts';
import { deleteEntity, purgeTombstones, putEntity } from '../sync/entities.ts';
import { sequencePendingChanges } from '../sync/sequencer.ts';
import { listAudit, listAuditInput, recordAudit } from '../audit.ts';
import { exchangeRoutes } from './exchangeRoutes.ts';
import { inboxRoutes } from './inboxRoutes.ts';
import { twebRoutes } from './twebRoutes.ts';
import { consoleAdminRoutes } from '../console/adminRoutes.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

const providerParams = z.object({ providerId: externalIdSchema });
const entityParams = z.object({
  providerId: externalIdSchema,
  entity: syncEntityTypeSchema,
  entityId: z.string().min(1).max(64),
});

export async function registerAdminRoutes(app: App, ctx: ServerContext, adminToken: string): Promise<void> {
  await app.register((admin) => adminRoutes(admin, ctx, adminToken), { prefix: '/admin' });
}

function adminRoutes(app: FastifyInstance, ctx: ServerContext, adminToken: string): void {
  const expected = digest(adminToken);
  app.addHook('onRequest', async (req) => {
    // The listener is bound to loopback; this holds even if it is ever forwarded.
    if (!isLoopback(req.raw.socket.remoteAddress ?? '')) {
      throw new AdminError('admin.unauthorized', 'the admin API answers only on loopback');
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    // Compare digests: constant time, and lengths never differ.
    if (!timingSafeEqual(digest(token), expected))
      throw new AdminError('admin.unauthorized', 'missing or wrong admin token');
  });

  app.get('/municipalities', async () => listMunicipalities(ctx));
  app.post('/municipalities', async (req, reply) =>
    reply.status(201).send(await addMunicipality(ctx, parseInput(addMunicipalityInput, req.body))),
  );
  app.get('/municipalities/:municipalityId/profile', async (req) => {
    const { municipalityId } = parseInput(z.object({ municipalityId: externalIdSchema }), req.params);
    const { serverUrl } = parseInput(
      z.object({ serverUrl: z.url({ protocol: /^https$/ }).optional() }),
      req.query,
    );
    return exportInstallProfile(ctx, municipalityId, serverUrl);
  });

  app.get('/providers', async (req) => {
    const { municipalityId } = parseInput(
      z.object({ municipalityId: externalIdSchema.optional() }),
      req.query,
    );
    return listProviders(ctx, municipalityId);
  });
  app.post('/providers', async (req, reply) =>
    reply.status(201).send(await addProvider(ctx, parseInput(addProviderInput, req.body))),
  );
  app.get('/providers/:providerId', async (req) =>
    getProvider(ctx, parseInput(providerParams, req.params).providerId),
  );
  app.post('/providers/:providerId/addresses', async (req) => {
    const { providerId } = parseInput(providerParams, req.params);
    const { address } = parseInput(z.object({ address: z.string() }), req.body);
    return addProviderAddress(ctx, { providerId, address });
  });
  app.delete('/providers/:providerId/addresses/:address', async (req) => {
    const { providerId, address } = parseInput(providerParams.extend({ address: z.string() }), req.params);
    return removeProviderAddress(ctx, { providerId, address });
  });
  app.post('/providers/:providerId/enrolment-codes', async (req, reply) => {
    const { providerId } = parseInput(providerParams, req.params);
    const { validHours } = parseInput(z.object({ validHours: z.number().int().optional() }), req.body ?? {});
    return reply.status(201).send(await createEnrolmentCode(ctx, { providerId, validHours }));
  });

  app.get('/workstations', async (req) => {
    const { providerId } = parseInput(z.object({ providerId: externalIdSchema.optional() }), req.query);
    return listWorkstations(ctx, providerId);
  });
  app.post('/workstations/:workstationId/revoke', async (req) => {
    const { workstationId } = parseInput(z.object({ workstationId: z.string() }), req.params);
    const { reason } = parseInput(z.object({ reason: z.string().optional() }), req.body ?? {});
    await revokeWorkstation(ctx, { workstationId, reason });
    return { revoked: workstationId };
  });

  // The municipality's data that flows down to a provider's workstations.
  app.put('/providers/:providerId/entities/:entity/:entityId', async (req) => {
    const { providerId, entity, entityId } = parseInput(entityParams, req.params);
    const provider = await getProvider(ctx, providerId);
    const body: unknown = req.body;
    const bodyId = typeof body === 'object' && body !== null && 'id' in body ? body.id : undefined;
    if (bodyId !== entityId) throw new AdminError('admin.invalid', 'the body id must match the URL');
    await ctx.database.db.transaction(async (tx) => {
      await putEntity(tx, providerId, entity, body);
      await recordAudit(tx, {
        action: 'entity.stored',
        actor: 'admin',
        municipalityId: provider.municipalityId,
        providerId,
        details: { entity, entityId },
      });
    });
    await sequencePendingChanges(ctx.database.db);
    return { stored: entityId };
  });
  // A person's data: export, and erasure that flows down to the workstations.
  app.post('/providers/:providerId/people/export', async (req) => {
    const { providerId } = parseInput(providerParams, req.params);
    return exportPerson(ctx, providerId, parseInput(personInput, req.body));
  });
  app.post('/providers/:providerId/people/erase', async (req) => {
    const { providerId } = parseInput(providerParams, req.params);
    return erasePerson(ctx, providerId, parseInput(personInput, req.body));
  });
  app.delete('/providers/:providerId/entities/:entity/:entityId', async (req) => {
    const { providerId, entity, entityId } = parseInput(entityParams, req.params);
    const deleted = await ctx.database.db.transaction(async (tx) => {
      if (!(await deleteEntity(tx, providerId, entity, entityId))) return false;
      await recordAudit(tx, {
        action: 'entity.deleted',
        actor: 'admin',
        providerId,
        details: { entity, entityId },
      });
      return true;
    });
    if (!deleted)
      throw new AdminError('admin.notFound', `no ${entity} ${entityId} for provider ${providerId}`);
    await sequencePendingChanges(ctx.database.db);
    return { deleted: entityId };
  });
  app.post('/tombstones/purge', async (req) => {
    const { olderThanDays } = parseInput(
      z.object({ olderThanDays: z.number().int().min(0).optional() }),
      req.body ?? {},
    );
    const days = olderThanDays ?? ctx.config.tombstoneRetentionDays;
    const r = await purgeTombstones(
      ctx.database.db,
      new Date(ctx.now().getTime() - days * 86_400_000),
      'admin',
    );
    return { purged: r.purged, horizon: r.horizon.toString() };
  });

  app.get('/audit', async (req) => listAudit(ctx.database.db, parseInput(listAuditInput, req.query)));
  exchangeRoutes(app, ctx);
  inboxRoutes(app, ctx);
  twebRoutes(app, ctx);
  consoleAdminRoutes(app, ctx);
}
