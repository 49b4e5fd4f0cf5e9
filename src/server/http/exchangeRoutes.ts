// The file exchange on the admin API (inside its token check): upload a file to import, list what
// was taken, read and set the MFU column mappings, export a month by hand.
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import { parseInput } from '../admin/organisations.ts';
import type { ServerContext } from '../context.ts';
import {
  exportInput,
  getExchangeSettings,
  importParams,
  importUpload,
  listExchangeFiles,
  listFilesInput,
  municipalityParams,
  putExchangeSettings,
  uploadNameSchema,
} from '../exchange/admin.ts';
import { exportMonth } from '../exchange/exportMonth.ts';

export function exchangeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // A file to import arrives as the raw body and streams to disk: never read whole into memory.
  app.addContentTypeParser(
    ['application/octet-stream', 'application/xml', 'text/xml', 'text/csv'],
    (_req, payload, done) => done(null, payload),
  );
  app.post('/municipalities/:municipalityId/exchange/:format', async (req, reply) => {
    const { municipalityId, format } = parseInput(importParams, req.params);
    const { name } = parseInput(z.object({ name: uploadNameSchema }), req.query);
    const outcome = await importUpload(ctx, municipalityId, format, name, req.body as Readable);
    return reply.status(outcome.status === 'imported' ? 201 : 200).send(outcome);
  });
  app.get('/municipalities/:municipalityId/exchange/files', async (req) => {
    const { municipalityId } = parseInput(municipalityParams, req.params);
    const { limit } = parseInput(listFilesInput, req.query);
    return listExchangeFiles(ctx, municipalityId, limit);
  });
  app.get('/municipalities/:municipalityId/exchange/settings', async (req) =>
    getExchangeSettings(ctx, parseInput(municipalityParams, req.params).municipalityId),
  );
  app.put('/municipalities/:municipalityId/exchange/settings', async (req) =>
    putExchangeSettings(ctx, parseInput(municipalityParams, req.params).municipalityId, req.body),
  );
  app.post('/providers/:providerId/exchange/export', async (req) => {
    const { providerId } = parseInput(z.object({ providerId: externalIdSchema }), req.params);
    const { month } = parseInput(exportInput, req.body);
    return exportMonth(ctx, providerId, month);
  });
}
