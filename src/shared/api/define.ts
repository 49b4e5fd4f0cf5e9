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
}

export function procedure<I extends z.ZodType, O extends z.ZodType>(
  def: ProcedureDef<I, O>,
): ProcedureDef<I, O> {
  return def;
}
