// TWeb on the admin API (inside its token check): settings and transactions.
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../admin/organisations.ts';
import type { ServerContext } from '../context.ts';
import {
  getTwebSettings,
  listTransactions,
  municipalityParams,
  putTwebSettings,
  transactionsQuery,
} from '../tweb/admin.ts';

export function twebRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const m = (params: unknown) => parseInput(municipalityParams, params).municipalityId;
  app.get('/municipalities/:municipalityId/tweb/settings', async (req) =>
    getTwebSettings(ctx, m(req.params)),
  );
  app.put('/municipalities/:municipalityId/tweb/settings', async (req) =>
    putTwebSettings(ctx, m(req.params), req.body, 'admin'),
  );
  app.get('/municipalities/:municipalityId/tweb/transactions', async (req) =>
    listTransactions(ctx, m(req.params), parseInput(transactionsQuery, req.query).limit),
  );
}
