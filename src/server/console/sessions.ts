// Browser sessions of the console, one row per browser in the database (so any server process
// can answer any request). The cookie carries a random id; only its SHA-256 is stored. A new id
// and a new CSRF token are issued whenever the session's identity or stage changes, so an id
// planted before sign-in (session fixation) is worth nothing after it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { consoleSessions } from './tables.ts';

export const sessionStages = ['signedOut', 'changePassword', 'enrolTotp', 'totp', 'signedIn'] as const;
export type SessionStage = (typeof sessionStages)[number];
const stageSchema = z.enum(sessionStages);

export interface ConsoleSessionRow {
  idHash: string;
  csrfToken: string;
  username: string | null;
  stage: SessionStage;
  oidcPending: unknown;
}

/** What a request carries out: the cookies to set when the session was made or renewed. */
export interface IssuedSession {
  session: ConsoleSessionRow;
  /** The raw id for the cookie; set when a new id was issued. */
  newId: string | null;
  /** The previous session ended for idleness (the page says so). */
  expired: boolean;
}

/** A signed-out browser's row is kept this long without a call. */
const ANONYMOUS_IDLE_MS = 60 * 60_000;
/** last_seen_at is written at most this often. */
const TOUCH_MS = 15_000;

const token = (): string => randomBytes(32).toString('base64url');
export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

function rowOf(r: typeof consoleSessions.$inferSelect): ConsoleSessionRow {
  return {
    idHash: r.idHash,
    csrfToken: r.csrfToken,
    username: r.username,
    stage: stageSchema.parse(r.stage),
    oidcPending: r.oidcPending,
  };
}

async function create(
  ctx: ServerContext,
  fields: { username: string | null; stage: SessionStage; sourceAddress: string | null },
): Promise<IssuedSession & { newId: string }> {
  const id = token();
  const now = ctx.now();
  const [row] = await ctx.database.db
    .insert(consoleSessions)
    .values({
      idHash: hashSessionId(id),
      csrfToken: token(),
      username: fields.username,
      stage: fields.stage,
      sourceAddress: fields.sourceAddress,
      createdAt: now,
      lastSeenAt: now,
    })
    .returning();
  if (!row) throw new Error('session insert returned nothing');
  return { session: rowOf(row), newId: id, expired: false };
}

/** The browser's session, made when it has none (or only a stale one). */
export async function openSession(
  ctx: ServerContext,
  cookieId: string | undefined,
  sourceAddress: string | null,
): Promise<IssuedSession> {
  if (cookieId !== undefined && cookieId.length > 0 && cookieId.length <= 100) {
    const [row] = await ctx.database.db
      .select()
      .from(consoleSessions)
      .where(eq(consoleSessions.idHash, hashSessionId(cookieId)));
    if (row) {
      const now = ctx.now();
      const idle = now.getTime() - row.lastSeenAt.getTime();
      const limit = row.stage === 'signedOut' ? ANONYMOUS_IDLE_MS : ctx.config.console.idleMinutes * 60_000;
      if (idle < limit) {
        if (idle >= TOUCH_MS)
          await ctx.database.db
            .update(consoleSessions)
            .set({ lastSeenAt: now })
            .where(eq(consoleSessions.idHash, row.idHash));
        return { session: rowOf(row), newId: null, expired: false };
      }
      await endSession(ctx, row.idHash);
      const fresh = await create(ctx, { username: null, stage: 'signedOut', sourceAddress });
      return { ...fresh, expired: row.stage !== 'signedOut' };
    }
  }
  return create(ctx, { username: null, stage: 'signedOut', sourceAddress });
}

/** Ends the old session and issues a new id and CSRF token for the next stage. */
export async function rotateSession(
  ctx: ServerContext,
  old: ConsoleSessionRow,
  next: { username: string | null; stage: SessionStage; sourceAddress: string | null },
): Promise<IssuedSession & { newId: string }> {
  await endSession(ctx, old.idHash);
  return create(ctx, next);
}

export async function setOidcPending(
  ctx: ServerContext,
  s: ConsoleSessionRow,
  pending: unknown,
): Promise<void> {
  await ctx.database.db
    .update(consoleSessions)
    .set({ oidcPending: pending })
    .where(eq(consoleSessions.idHash, s.idHash));
}

export async function endSession(ctx: ServerContext, idHash: string): Promise<void> {
  await ctx.database.db.delete(consoleSessions).where(eq(consoleSessions.idHash, idHash));
}

/** Every session of an account (deactivated, reset): it is signed out everywhere. */
export async function endSessionsOf(ctx: ServerContext, username: string): Promise<void> {
  await ctx.database.db.delete(consoleSessions).where(eq(consoleSessions.username, username));
}

export async function purgeIdleSessions(ctx: ServerContext): Promise<void> {
  const horizon = new Date(
    ctx.now().getTime() - Math.max(ANONYMOUS_IDLE_MS, ctx.config.console.idleMinutes * 60_000),
  );
  await ctx.database.db.delete(consoleSessions).where(lt(consoleSessions.lastSeenAt, horizon));
}

/** The page's CSRF header against the session's token, in constant time. */
export function csrfMatches(s: ConsoleSessionRow, header: string | undefined): boolean {
  if (header === undefined) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(s.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
