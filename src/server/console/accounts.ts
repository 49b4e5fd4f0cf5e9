// Console accounts: local ones (password + TOTP) made by a municipality admin or the CLI, and
// single sign-on ones made at their first sign-in through the identity provider.
import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '../../shared/node/password.ts';
import { consoleRoles, type ConsoleRole } from '../../shared/console/roles.ts';
import { languages, type Language } from '../../shared/errors/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../audit.ts';
import { consoleAccounts, consoleRecoveryCodes } from './tables.ts';
import { endSessionsOf } from './sessions.ts';

/** scrypt cost for console passwords: N = 2^15 (32 MiB per hash). */
export const CONSOLE_PASSWORD_COST = 15;

const roleList = z.array(z.enum(consoleRoles));
const unitList = z.array(z.string());

export interface AccountRecord {
  username: string;
  displayName: string;
  roles: ConsoleRole[];
  units: string[];
  language: Language;
  seeProtected: boolean;
  active: boolean;
  passwordHash: string | null;
  mustChangePassword: boolean;
  totpSealed: string | null;
  totpPendingSealed: string | null;
  totpLastStep: number | null;
  singleSignOn: boolean;
  lastSignInAt: Date | null;
}

function recordOf(r: typeof consoleAccounts.$inferSelect): AccountRecord {
  return {
    username: r.username,
    displayName: r.displayName,
    roles: roleList.parse(r.roles),
    units: unitList.parse(r.units),
    language: z.enum(languages).catch('sv').parse(r.language),
    seeProtected: r.seeProtected,
    active: r.active,
    passwordHash: r.passwordHash,
    mustChangePassword: r.mustChangePassword,
    totpSealed: r.totpSealed,
    totpPendingSealed: r.totpPendingSealed,
    totpLastStep: r.totpLastStep,
    singleSignOn: r.oidcSubject !== null,
    lastSignInAt: r.lastSignInAt,
  };
}

export async function findAccount(ctx: ServerContext, username: string): Promise<AccountRecord | null> {
  const [r] = await ctx.database.db
    .select()
    .from(consoleAccounts)
    .where(eq(consoleAccounts.username, username));
  return r ? recordOf(r) : null;
}

export async function getAccount(ctx: ServerContext, username: string): Promise<AccountRecord> {
  const a = await findAccount(ctx, username);
  if (!a) throw new CareDockError('console.notFound', { id: username });
  return a;
}

export async function listAccounts(ctx: ServerContext): Promise<AccountRecord[]> {
  const rows = await ctx.database.db.select().from(consoleAccounts).orderBy(consoleAccounts.username);
  return rows.map(recordOf);
}

export function accountRow(a: AccountRecord) {
  return {
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    seeProtected: a.seeProtected,
    active: a.active,
    totpEnrolled: a.totpSealed !== null,
    singleSignOn: a.singleSignOn,
    lastSignInAt: a.lastSignInAt?.toISOString() ?? null,
  };
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** An initial password, shown once to the admin who made it, changed at the first sign-in. */
export function newInitialPassword(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

export interface NewAccount {
  username: string;
  displayName: string;
  roles: ConsoleRole[];
  seeProtected: boolean;
  language: Language;
}

export async function createAccount(
  ctx: ServerContext,
  input: NewAccount,
  actor: string,
): Promise<{ account: AccountRecord; initialPassword: string }> {
  const initialPassword = newInitialPassword();
  const passwordHash = await hashPassword(initialPassword, CONSOLE_PASSWORD_COST);
  const created = await ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .insert(consoleAccounts)
      .values({
        username: input.username,
        displayName: input.displayName,
        roles: input.roles,
        units: [],
        language: input.language,
        seeProtected: input.seeProtected,
        active: true,
        passwordHash,
        mustChangePassword: true,
      })
      .onConflictDoNothing()
      .returning();
    if (rows.length === 0) return false;
    await recordAudit(tx, {
      action: 'console.accountCreated',
      actor,
      details: { username: input.username, roles: input.roles.join(','), seeProtected: input.seeProtected },
    });
    return true;
  });
  if (!created) throw new CareDockError('console.exists', { id: input.username });
  return { account: await getAccount(ctx, input.username), initialPassword };
}

async function activeAdmins(ctx: ServerContext, except: string): Promise<number> {
  const [r] = await ctx.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(consoleAccounts)
    .where(
      and(
        eq(consoleAccounts.active, true),
        sql`${consoleAccounts.roles} @> '["municipalityAdmin"]'::jsonb`,
        sql`${consoleAccounts.username} <> ${except}`,
      ),
    );
  return r?.n ?? 0;
}

export async function updateAccount(
  ctx: ServerContext,
  input: { username: string; roles?: ConsoleRole[]; seeProtected?: boolean; active?: boolean },
  actor: string,
): Promise<AccountRecord> {
  const before = await getAccount(ctx, input.username);
  const losesAdmin =
    before.roles.includes('municipalityAdmin') &&
    before.active &&
    (input.active === false || (input.roles !== undefined && !input.roles.includes('municipalityAdmin')));
  if (losesAdmin && (await activeAdmins(ctx, input.username)) === 0)
    throw new CareDockError('console.lastAdmin');
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(consoleAccounts)
      .set({
        ...(input.roles ? { roles: input.roles } : {}),
        ...(input.seeProtected === undefined ? {} : { seeProtected: input.seeProtected }),
        ...(input.active === undefined ? {} : { active: input.active }),
      })
      .where(eq(consoleAccounts.username, input.username));
    await recordAudit(tx, {
      action: 'console.accountChanged',
      actor,
      details: {
        username: input.username,
        before: JSON.stringify({
          roles: before.roles,
          seeProtected: before.seeProtected,
          active: before.active,
        }),
        after: JSON.stringify({
          roles: input.roles ?? before.roles,
          seeProtected: input.seeProtected ?? before.seeProtected,
          active: input.active ?? before.active,
        }),
      },
    });
  });
  // Less right than before takes effect at once, not at the next sign-in.
  if (input.active === false || input.roles !== undefined || input.seeProtected === false)
    await endSessionsOf(ctx, input.username);
  return getAccount(ctx, input.username);
}

/** A new initial password and no authenticator: for someone who lost theirs. */
export async function resetAccount(
  ctx: ServerContext,
  username: string,
  actor: string,
): Promise<{ account: AccountRecord; initialPassword: string }> {
  const before = await getAccount(ctx, username);
  if (before.singleSignOn && before.passwordHash === null)
    throw new CareDockError('console.notFound', { id: username });
  const initialPassword = newInitialPassword();
  const passwordHash = await hashPassword(initialPassword, CONSOLE_PASSWORD_COST);
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(consoleAccounts)
      .set({
        passwordHash,
        mustChangePassword: true,
        totpSealed: null,
        totpPendingSealed: null,
        totpLastStep: null,
      })
      .where(eq(consoleAccounts.username, username));
    await tx.delete(consoleRecoveryCodes).where(eq(consoleRecoveryCodes.username, username));
    await recordAudit(tx, { action: 'console.accountReset', actor, details: { username } });
  });
  await endSessionsOf(ctx, username);
  return { account: await getAccount(ctx, username), initialPassword };
}
