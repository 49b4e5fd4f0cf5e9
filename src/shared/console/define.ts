import type { z } from 'zod';
import type { ConsoleRole } from './roles.ts';

/**
 * Who may call a console procedure, enforced on the server. `public`: anyone (sign-in itself);
 * `pending`: a browser that has given its password but not yet its one-time code, or still has
 * to change an initial password; a role list: a fully signed-in account holding one of them.
 */
export type ConsoleAccess = 'public' | 'pending' | readonly ConsoleRole[];

export interface ConsoleProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: ConsoleAccess;
  /** Changes nothing: safe to repeat, and not audited as a change. */
  readonly readonly?: boolean;
}

export function consoleProcedure<const D extends ConsoleProcedureDef>(def: D): D {
  return def;
}

/** Every role: reading is open to all of them. */
export const anyRole = ['municipalityAdmin', 'unitAdmin', 'viewer'] as const;
export const adminOnly = ['municipalityAdmin'] as const;
