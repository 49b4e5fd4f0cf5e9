import type { z } from 'zod';
import {
  isProcedureName,
  procedures,
  type Envelope,
  type ProcedureName,
  type ProcedureOutput,
  type Procedures,
  type Role,
} from '../../shared/api/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Logger } from '../log/logger.ts';
import type { UserRow } from '../auth/data.ts';
import type { ClientState } from './clients.ts';

export interface CallContext {
  client: ClientState;
  /** The caller, re-read from the database on every call so role changes bite at once. */
  user: UserRow | null;
}

export type Handler<N extends ProcedureName> = (
  input: z.output<Procedures[N]['input']>,
  ctx: CallContext,
) => Promise<ProcedureOutput<N>> | ProcedureOutput<N>;
export type Handlers = { [N in ProcedureName]: Handler<N> };

export interface DispatcherDeps {
  handlers: Handlers;
  logger: Logger;
  /** Resolves the client's user and applies the idle lock before access is checked. */
  authenticate(client: ClientState, name: ProcedureName): UserRow | null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
    .join('; ');
}

function checkAccess(name: ProcedureName, ctx: CallContext): void {
  const access = procedures[name].access;
  if (access === 'public') return;
  if (!ctx.user) throw new CareDockError('auth.required');
  if (access === 'locked') return;
  if (ctx.client.locked) throw new CareDockError('auth.locked');
  if (access === 'session') return;
  const allowed = access as readonly Role[];
  if (!ctx.user.roles.some((r) => allowed.includes(r))) {
    throw new CareDockError('auth.forbidden', { roles: allowed.join(', ') });
  }
}

/**
 * The single way into the core for every transport: validate, authorise, run, validate the
 * answer. Whatever happens, the caller gets an envelope; nothing unplanned leaks out.
 */
export function createDispatcher(deps: DispatcherDeps) {
  return async function dispatch(client: ClientState, name: string, rawInput: unknown): Promise<Envelope> {
    try {
      if (!isProcedureName(name))
        throw new CareDockError('api.unknownProcedure', { name: name.slice(0, 80) });
      const def = procedures[name];
      // Access first: a caller without the right learns nothing about what the input should be.
      const ctx: CallContext = { client, user: deps.authenticate(client, name) };
      checkAccess(name, ctx);
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success)
        throw new CareDockError('input.invalid', { details: describeIssues(parsed.error) });
      const handler = deps.handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      const result = await handler(parsed.data, ctx);
      const output = def.output.safeParse(result);
      if (!output.success) {
        deps.logger.error(
          { procedure: name, issues: output.error.issues.slice(0, 5) },
          'procedure answered outside its contract',
        );
        throw new CareDockError('internal.unexpected', { time: new Date().toISOString() });
      }
      return { ok: true, result: output.data };
    } catch (error) {
      if (error instanceof CareDockError)
        return { ok: false, error: { code: error.code, params: error.params } };
      const time = new Date().toISOString();
      deps.logger.error({ err: error, procedure: name.slice(0, 80), time }, 'procedure failed');
      return { ok: false, error: { code: 'internal.unexpected', params: { time } } };
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
