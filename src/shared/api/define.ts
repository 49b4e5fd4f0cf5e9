import type { z } from 'zod';

export const roles = ['office', 'coordinator', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Who may call a procedure. `public`: anyone, even before login; `session`: any logged-in,
 * unlocked user; `locked`: a logged-in user even while the screen is locked (to unlock or
 * log out); a role list: a user holding at least one of them.
 */
export type Access = 'public' | 'session' | 'locked' | readonly Role[];

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Calls that change nothing may be retried by a transport after a reconnect. */
  readonly readonly?: boolean;
  /**
   * May be called by a user who still has the initial password an administrator gave them:
   * the password change itself and what the screen for it needs. Everything else waits.
   */
  readonly beforePasswordChange?: boolean;
}

/** Declares a procedure; the literal type is kept, so the core can tell read from write. */
export function procedure<const D extends ProcedureDef>(def: D): D {
  return def;
}
