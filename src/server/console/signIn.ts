// The console's sign-in, one stage at a time: password (throttled before the hash) → a forced
// change of an initial password → TOTP enrolment with recovery codes → the code at each
// sign-in. Every step that changes who the browser is issues a new session id.
import { and, eq, isNull, or, lt } from 'drizzle-orm';
import { hashPassword, verifyPassword } from '../../shared/node/password.ts';
import type { ConsoleSession } from '../../shared/console/auth.ts';
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../audit.ts';
import { sealerFor } from '../secrets/seal.ts';
import { CONSOLE_PASSWORD_COST, findAccount, getAccount, type AccountRecord } from './accounts.ts';
import { rotateSession, type ConsoleSessionRow, type IssuedSession, type SessionStage } from './sessions.ts';
import { consoleAccounts, consoleRecoveryCodes } from './tables.ts';
import { releaseAttempt, reserveAttempt, signInKeys } from './throttle.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotpEnrolment, totpStep } from './totp.ts';

export interface CallContext {
  ctx: ServerContext;
  session: ConsoleSessionRow;
  sourceAddress: string;
  /** Whether single sign-on is configured (the sign-in page offers it). */
  singleSignOn: boolean;
}

/** What a call did to the session: the cookies the answer must set. */
export interface SessionChange {
  issued?: IssuedSession;
  ended?: boolean;
}

const sealBinding = (username: string): string[] => ['console.totp', username];

/** A hash to spend the same time on as a real check, when there is no account to check. */
let decoyHash: Promise<string> | null = null;
const decoy = (): Promise<string> => (decoyHash ??= hashPassword('decoy password', CONSOLE_PASSWORD_COST));

export function sessionView(
  c: Pick<CallContext, 'ctx' | 'singleSignOn'>,
  stage: SessionStage,
  account: AccountRecord | null,
): ConsoleSession {
  if (stage === 'signedOut' || account === null) return { stage: 'signedOut', singleSignOn: c.singleSignOn };
  if (stage !== 'signedIn') return { stage, username: account.username };
  return {
    stage: 'signedIn',
    account: {
      username: account.username,
      displayName: account.displayName,
      roles: account.roles,
      units: account.units,
      language: account.language,
      seeProtected: account.seeProtected,
      singleSignOn: account.singleSignOn,
    },
    idleSeconds: c.ctx.config.console.idleMinutes * 60,
  };
}

/** The stage after the password: change it first, then the authenticator, then its code. */
function stageAfterPassword(a: AccountRecord): SessionStage {
  if (a.mustChangePassword) return 'changePassword';
  return a.totpSealed === null ? 'enrolTotp' : 'totp';
}

async function moveTo(
  c: CallContext,
  account: AccountRecord,
  stage: SessionStage,
  change: SessionChange,
): Promise<ConsoleSession> {
  change.issued = await rotateSession(c.ctx, c.session, {
    username: account.username,
    stage,
    sourceAddress: c.sourceAddress,
  });
  if (stage === 'signedIn') {
    await c.ctx.database.db.transaction(async (tx) => {
      await tx
        .update(consoleAccounts)
        .set({ lastSignInAt: c.ctx.now() })
        .where(eq(consoleAccounts.username, account.username));
      await recordAudit(tx, {
        action: 'console.signedIn',
        actor: `console:${account.username}`,
        details: { method: account.singleSignOn ? 'oidc' : 'password+totp', sourceAddress: c.sourceAddress },
      });
    });
  }
  return sessionView(c, stage, account);
}

async function pendingAccount(c: CallContext, stage: SessionStage): Promise<AccountRecord> {
  if (c.session.username === null || c.session.stage !== stage) throw new CareDockError('auth.required');
  const a = await getAccount(c.ctx, c.session.username);
  if (!a.active) throw new CareDockError('console.accountInactive');
  return a;
}

export async function signIn(
  c: CallContext,
  input: { username: string; password: string },
  change: SessionChange,
): Promise<ConsoleSession> {
  const keys = signInKeys(input.username, c.sourceAddress);
  await reserveAttempt(c.ctx, keys);
  const account = await findAccount(c.ctx, input.username);
  const stored = account?.passwordHash ?? (await decoy());
  const ok =
    (await verifyPassword(input.password, stored)) && account !== null && account.passwordHash !== null;
  if (!ok || account === null) {
    await recordAudit(c.ctx.database.db, {
      action: 'console.signInFailed',
      actor: 'console',
      details: { username: input.username.slice(0, 64), sourceAddress: c.sourceAddress },
    });
    throw new CareDockError('auth.badCredentials');
  }
  await releaseAttempt(c.ctx, keys);
  if (!account.active) throw new CareDockError('console.accountInactive');
  return moveTo(c, account, stageAfterPassword(account), change);
}

export async function changePassword(
  c: CallContext,
  input: { current: string; next: string },
  change: SessionChange,
): Promise<ConsoleSession> {
  const account = await pendingAccount(c, 'changePassword');
  const keys = signInKeys(account.username, c.sourceAddress);
  await reserveAttempt(c.ctx, keys);
  if (account.passwordHash === null || !(await verifyPassword(input.current, account.passwordHash)))
    throw new CareDockError('auth.badCredentials');
  await releaseAttempt(c.ctx, keys);
  if (input.next === input.current) throw new CareDockError('auth.weakPassword', { min: 12 });
  const passwordHash = await hashPassword(input.next, CONSOLE_PASSWORD_COST);
  await c.ctx.database.db.transaction(async (tx) => {
    await tx
      .update(consoleAccounts)
      .set({ passwordHash, mustChangePassword: false })
      .where(eq(consoleAccounts.username, account.username));
    await recordAudit(tx, { action: 'console.passwordChanged', actor: `console:${account.username}` });
  });
  const after = await getAccount(c.ctx, account.username);
  return moveTo(c, after, stageAfterPassword(after), change);
}

export async function totpEnrolment(c: CallContext): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const account = await pendingAccount(c, 'enrolTotp');
  const e = await newTotpEnrolment(c.ctx.config.console.totpIssuer, account.username);
  const sealed = sealerFor(c.ctx.paths.secretsKey).sealText(e.secret, sealBinding(account.username));
  await c.ctx.database.db
    .update(consoleAccounts)
    .set({ totpPendingSealed: sealed })
    .where(eq(consoleAccounts.username, account.username));
  return e;
}

function unsealed(c: CallContext, username: string, sealed: string | null): string | null {
  if (sealed === null) return null;
  return sealerFor(c.ctx.paths.secretsKey).unsealText(sealed, sealBinding(username));
}

/**
 * Records that a code for `step` was used, unless one for it (or a later one) already was: the
 * conditional update is what refuses a replay, even from two requests at once.
 */
async function claimStep(c: CallContext, username: string, step: number): Promise<boolean> {
  const rows = await c.ctx.database.db
    .update(consoleAccounts)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(consoleAccounts.username, username),
        or(isNull(consoleAccounts.totpLastStep), lt(consoleAccounts.totpLastStep, step)),
      ),
    )
    .returning({ username: consoleAccounts.username });
  return rows.length > 0;
}

export async function confirmTotp(
  c: CallContext,
  input: { code: string },
  change: SessionChange,
): Promise<{ session: ConsoleSession; recoveryCodes: string[] }> {
  const account = await pendingAccount(c, 'enrolTotp');
  const secret = unsealed(c, account.username, account.totpPendingSealed);
  if (secret === null) throw new CareDockError('console.totpNotStarted');
  const step = totpStep(secret, input.code, c.ctx.now());
  if (step === null) throw new CareDockError('console.totpInvalid');
  const codes = newRecoveryCodes();
  await c.ctx.database.db.transaction(async (tx) => {
    await tx
      .update(consoleAccounts)
      .set({ totpSealed: account.totpPendingSealed, totpPendingSealed: null, totpLastStep: step })
      .where(eq(consoleAccounts.username, account.username));
    await tx.delete(consoleRecoveryCodes).where(eq(consoleRecoveryCodes.username, account.username));
    await tx
      .insert(consoleRecoveryCodes)
      .values(codes.map((code) => ({ username: account.username, codeHash: hashRecoveryCode(code) })));
    await recordAudit(tx, { action: 'console.totpEnrolled', actor: `console:${account.username}` });
  });
  const after = await getAccount(c.ctx, account.username);
  return { session: await moveTo(c, after, 'signedIn', change), recoveryCodes: codes };
}

export async function verifyTotp(
  c: CallContext,
  input: { code: string },
  change: SessionChange,
): Promise<ConsoleSession> {
  const account = await pendingAccount(c, 'totp');
  // A million codes is few enough to guess at without a limit: count them like passwords.
  const keys = signInKeys(account.username, c.sourceAddress);
  await reserveAttempt(c.ctx, keys);
  const secret = unsealed(c, account.username, account.totpSealed);
  const step = secret === null ? null : totpStep(secret, input.code, c.ctx.now());
  if (step === null) throw new CareDockError('console.totpInvalid');
  if (!(await claimStep(c, account.username, step))) throw new CareDockError('console.totpReplayed');
  await releaseAttempt(c.ctx, keys);
  return moveTo(c, account, 'signedIn', change);
}

export async function useRecoveryCode(
  c: CallContext,
  input: { code: string },
  change: SessionChange,
): Promise<ConsoleSession> {
  const account = await pendingAccount(c, 'totp');
  const keys = signInKeys(account.username, c.sourceAddress);
  await reserveAttempt(c.ctx, keys);
  const used = await c.ctx.database.db.transaction(async (tx) => {
    const rows = await tx
      .update(consoleRecoveryCodes)
      .set({ usedAt: c.ctx.now() })
      .where(
        and(
          eq(consoleRecoveryCodes.username, account.username),
          eq(consoleRecoveryCodes.codeHash, hashRecoveryCode(input.code)),
          isNull(consoleRecoveryCodes.usedAt),
        ),
      )
      .returning();
    if (rows.length > 0)
      await recordAudit(tx, { action: 'console.recoveryCodeUsed', actor: `console:${account.username}` });
    return rows.length > 0;
  });
  if (!used) throw new CareDockError('console.recoveryInvalid');
  await releaseAttempt(c.ctx, keys);
  return moveTo(c, account, 'signedIn', change);
}

export async function signOut(c: CallContext, change: SessionChange): Promise<ConsoleSession> {
  if (c.session.username !== null && c.session.stage === 'signedIn')
    await recordAudit(c.ctx.database.db, {
      action: 'console.signedOut',
      actor: `console:${c.session.username}`,
    });
  change.issued = await rotateSession(c.ctx, c.session, {
    username: null,
    stage: 'signedOut',
    sourceAddress: c.sourceAddress,
  });
  return sessionView(c, 'signedOut', null);
}

export async function setLanguage(
  c: CallContext,
  account: AccountRecord,
  language: Language,
): Promise<ConsoleSession> {
  await c.ctx.database.db
    .update(consoleAccounts)
    .set({ language })
    .where(eq(consoleAccounts.username, account.username));
  return sessionView(c, 'signedIn', await getAccount(c.ctx, account.username));
}
