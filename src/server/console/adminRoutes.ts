// The console's accounts on the admin API (loopback, admin token): how the first municipality
// admin is made, and how the CLI reaches a running server's database.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { consoleLanguage, consoleRole, consoleUsername } from '../../shared/console/auth.ts';
import { parseInput } from '../admin/organisations.ts';
import type { ServerContext } from '../context.ts';
import { accountRow, createAccount, listAccounts, resetAccount } from './accounts.ts';

export const newAccountInput = z.object({
  username: consoleUsername,
  displayName: z.string().trim().min(1).max(120),
  roles: z.array(consoleRole).min(1),
  seeProtected: z.boolean().default(false),
  language: consoleLanguage.default('sv'),
});

export async function createAccountForAdmin(ctx: ServerContext, body: unknown) {
  const made = await createAccount(ctx, parseInput(newAccountInput, body), 'admin');
  return { account: accountRow(made.account), initialPassword: made.initialPassword };
}

export async function resetAccountForAdmin(ctx: ServerContext, username: string) {
  const made = await resetAccount(ctx, parseInput(consoleUsername, username), 'admin');
  return { account: accountRow(made.account), initialPassword: made.initialPassword };
}

export async function listAccountsForAdmin(ctx: ServerContext) {
  return (await listAccounts(ctx)).map(accountRow);
}

export function consoleAdminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/console/accounts', async () => listAccountsForAdmin(ctx));
  app.post('/console/accounts', async (req, reply) =>
    reply.status(201).send(await createAccountForAdmin(ctx, req.body)),
  );
  app.post('/console/accounts/:username/reset', async (req) => {
    const { username } = parseInput(z.object({ username: z.string() }), req.params);
    return resetAccountForAdmin(ctx, username);
  });
}
