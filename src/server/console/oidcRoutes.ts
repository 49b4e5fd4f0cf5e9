// Single sign-on through the municipality's OpenID Connect provider (Entra ID): the browser is
// sent there from /auth/oidc/start and comes back to /auth/oidc/callback. The provider vouches
// for the person (and its own second factor); the console maps its roles or groups to console
// roles at every sign-in, so a change in Entra takes effect at the next one.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { ConsoleRole } from '../../shared/console/roles.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import type { App } from '../http/types.ts';
import { SESSION_COOKIE } from '../../shared/console/contract.ts';
import { findAccount } from './accounts.ts';
import { openSession, rotateSession, setOidcPending } from './sessions.ts';
import { consoleAccounts } from './tables.ts';
import { parseCookies, sessionCookies } from './app.ts';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  roles: ConsoleRole[];
}

/** What the console needs of a sign-in flow (src/server/console/oidc.ts makes the real one). */
export interface OidcRoutes {
  begin(): Promise<{ url: string; pending: unknown }>;
  complete(pending: unknown, callbackUrl: URL): Promise<OidcIdentity>;
  /** Where the provider sends the browser back to. */
  redirectUri: string;
}

const USERNAME = /^[a-z0-9._@-]{2,64}$/;

/** The account a provider's person signs in as: linked by issuer and subject, made the first time. */
export async function accountForIdentity(ctx: ServerContext, id: OidcIdentity): Promise<string> {
  const db = ctx.database.db;
  const [linked] = await db
    .select({ username: consoleAccounts.username, active: consoleAccounts.active })
    .from(consoleAccounts)
    .where(and(eq(consoleAccounts.oidcIssuer, id.issuer), eq(consoleAccounts.oidcSubject, id.subject)));
  const displayName = (id.name ?? id.email ?? id.subject).slice(0, 120);
  if (linked) {
    if (!linked.active) throw new CareDockError('console.accountInactive');
    await db
      .update(consoleAccounts)
      .set({ roles: id.roles, displayName })
      .where(eq(consoleAccounts.username, linked.username));
    return linked.username;
  }
  // Never linked to a local account of the same name: that would hand it to whoever the
  // provider calls by it.
  const wanted = (id.email ?? '').toLowerCase();
  const fallback = `sso-${createHash('sha256').update(`${id.issuer}\n${id.subject}`).digest('hex').slice(0, 12)}`;
  const username = USERNAME.test(wanted) && (await findAccount(ctx, wanted)) === null ? wanted : fallback;
  await db
    .insert(consoleAccounts)
    .values({
      username,
      displayName,
      roles: id.roles,
      units: [],
      language: 'sv',
      seeProtected: false,
      active: true,
      passwordHash: null,
      mustChangePassword: false,
      oidcIssuer: id.issuer,
      oidcSubject: id.subject,
    })
    .onConflictDoNothing();
  await recordAudit(db, {
    action: 'console.accountCreated',
    actor: 'console:oidc',
    details: { username, roles: id.roles.join(','), singleSignOn: true },
  });
  return username;
}

export function registerOidcRoutes(
  app: App,
  ctx: ServerContext,
  oidc: OidcRoutes,
  sourceOf: (req: FastifyRequest) => string,
): void {
  app.get('/auth/oidc/start', async (req, reply) => {
    const opened = await openSession(
      ctx,
      parseCookies(req.headers.cookie).get(SESSION_COOKIE),
      sourceOf(req),
    );
    try {
      const { url, pending } = await oidc.begin();
      await setOidcPending(ctx, opened.session, pending);
      if (opened.newId !== null)
        void reply.header('set-cookie', sessionCookies({ ...opened, newId: opened.newId }));
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    } catch (err) {
      const code = err instanceof CareDockError ? err.code : 'internal.unexpected';
      if (!(err instanceof CareDockError)) req.log.error({ err }, 'single sign-on could not start');
      if (opened.newId !== null)
        void reply.header('set-cookie', sessionCookies({ ...opened, newId: opened.newId }));
      return reply.redirect(`/?error=${encodeURIComponent(code)}`, 302);
    }
  });
  app.get('/auth/oidc/callback', async (req, reply) => {
    const opened = await openSession(
      ctx,
      parseCookies(req.headers.cookie).get(SESSION_COOKIE),
      sourceOf(req),
    );
    try {
      const pending = opened.session.oidcPending;
      if (pending === null || pending === undefined) throw new CareDockError('console.ssoFailed');
      // The pending flow is used once, whatever the outcome: a second callback finds none.
      await setOidcPending(ctx, opened.session, null);
      const identity = await oidc.complete(pending, new URL(req.url, oidc.redirectUri));
      const username = await accountForIdentity(ctx, identity);
      const issued = await rotateSession(ctx, opened.session, {
        username,
        stage: 'signedIn',
        sourceAddress: sourceOf(req),
      });
      await ctx.database.db
        .update(consoleAccounts)
        .set({ lastSignInAt: ctx.now() })
        .where(eq(consoleAccounts.username, username));
      await recordAudit(ctx.database.db, {
        action: 'console.signedIn',
        actor: `console:${username}`,
        details: { method: 'oidc', sourceAddress: sourceOf(req) },
      });
      void reply.header('set-cookie', sessionCookies(issued));
      return reply.header('cache-control', 'no-store').redirect('/', 302);
    } catch (err) {
      const code = err instanceof CareDockError ? err.code : 'internal.unexpected';
      if (!(err instanceof CareDockError)) req.log.error({ err }, 'single sign-on failed');
      else req.log.warn({ errorCode: code }, 'single sign-on refused');
      // As a refused password is: an admin looking at the audit log sees who was turned away.
      await recordAudit(ctx.database.db, {
        action: 'console.signInFailed',
        actor: 'console:oidc',
        details: { method: 'oidc', errorCode: code, sourceAddress: sourceOf(req) },
      }).catch((auditErr: unknown) => req.log.error({ err: auditErr }, 'could not audit a refused sign-in'));
      if (opened.newId !== null)
        void reply.header('set-cookie', sessionCookies({ ...opened, newId: opened.newId }));
      return reply.header('cache-control', 'no-store').redirect(`/?error=${encodeURIComponent(code)}`, 302);
    }
  });
}
