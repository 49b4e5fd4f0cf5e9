// The 1177 inbox on the admin API (inside its token check): settings, consent, messages, cost.
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../admin/organisations.ts';
import type { ServerContext } from '../context.ts';
import {
  consentInput,
  consentParams,
  getInboxSettings,
  inboxCost,
  listMessages,
  messagesQuery,
  municipalityParams,
  putConsent,
  putInboxSettings,
} from '../inbox/admin.ts';

export function inboxRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const m = (params: unknown) => parseInput(municipalityParams, params).municipalityId;
  app.get('/municipalities/:municipalityId/inbox/settings', async (req) =>
    getInboxSettings(ctx, m(req.params)),
  );
  app.put('/municipalities/:municipalityId/inbox/settings', async (req) =>
    putInboxSettings(ctx, m(req.params), req.body, 'admin'),
  );
  app.put('/municipalities/:municipalityId/inbox/recipients/:recipientId/consent', async (req) => {
    const { municipalityId, recipientId } = parseInput(consentParams, req.params);
    return putConsent(ctx, municipalityId, recipientId, parseInput(consentInput, req.body), 'admin');
  });
  app.get('/municipalities/:municipalityId/inbox/messages', async (req) =>
    listMessages(ctx, m(req.params), parseInput(messagesQuery, req.query).limit),
  );
  app.get('/municipalities/:municipalityId/inbox/cost', async (req) => inboxCost(ctx, m(req.params)));
}
