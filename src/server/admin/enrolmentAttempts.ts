// The rate limit on enrolment: at most N attempts per source address per window. The count lives
// in the database, so every server process on one PostgreSQL counts the same guesses, and the
// attempt is reserved (counted) before the code is looked at, so a burst of parallel guesses is
// cut off at N however fast it arrives. A successful enrolment gives its attempt back: an office
// enrolling many PCs from one address is not slowed by its own successes.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { resultRows } from '../db/database.ts';
import { SyncError } from '../errors.ts';

const reservedRow = z.object({ attempts: z.coerce.number().int(), window_start: z.coerce.date() });

export interface EnrolmentAttempt {
  /** Gives the attempt back (after a successful enrolment). */
  refund(): Promise<void>;
}

export async function reserveEnrolmentAttempt(
  ctx: ServerContext,
  sourceAddress: string | null,
): Promise<EnrolmentAttempt> {
  const address = sourceAddress ?? '(unknown)';
  const now = ctx.now();
  const windowMs = ctx.config.enrolmentWindowMinutes * 60_000;
  const windowFloor = new Date(now.getTime() - windowMs).toISOString();
  const res = await ctx.database.db.execute(sql`
    INSERT INTO enrolment_attempts (address, window_start, attempts)
    VALUES (${address}, ${now.toISOString()}::timestamptz, 1)
    ON CONFLICT (address) DO UPDATE SET
      attempts = CASE WHEN enrolment_attempts.window_start <= ${windowFloor}::timestamptz
                      THEN 1 ELSE enrolment_attempts.attempts + 1 END,
      window_start = CASE WHEN enrolment_attempts.window_start <= ${windowFloor}::timestamptz
                          THEN EXCLUDED.window_start ELSE enrolment_attempts.window_start END
    RETURNING attempts, window_start`);
  const row = reservedRow.parse(resultRows(res)[0]);
  const limit = ctx.config.enrolmentAttemptsPerWindow;
  if (row.attempts > limit) {
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((row.window_start.getTime() + windowMs - now.getTime()) / 1000),
    );
    const err = new SyncError(
      'sync.tooManyAttempts',
      `more than ${limit} enrolment attempts from this address in ${ctx.config.enrolmentWindowMinutes} minutes`,
      { retryAfterSeconds },
    );
    // One line when the limit is first hit, none for every guess after it.
    if (row.attempts === limit + 1)
      ctx.log.warn({ sourceAddress: address, limit, retryAfterSeconds }, 'enrolment attempts limited');
    err.logged = true;
    throw err;
  }
  return {
    async refund() {
      await ctx.database.db.execute(
        sql`UPDATE enrolment_attempts SET attempts = GREATEST(attempts - 1, 0) WHERE address = ${address}`,
      );
    },
  };
}

/** Forgets windows that have ended (the daily housekeeping). */
export async function purgeEnrolmentAttempts(ctx: ServerContext): Promise<void> {
  const floor = new Date(ctx.now().getTime() - ctx.config.enrolmentWindowMinutes * 60_000);
  await ctx.database.db.execute(
    sql`DELETE FROM enrolment_attempts WHERE window_start <= ${floor.toISOString()}::timestamptz`,
  );
}
