import type { z } from 'zod';
import {
  isProcedureName,
  procedures,
  type Access,
  type Envelope,
  type ProcedureDef,
  type ProcedureName,
  type ProcedureOutput,
  type Procedures,
  type Role,
} from '../../shared/api/index.ts';
import { inputError } from '../../shared/api/inputError.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Logger } from '../log/logger.ts';
import type { UserRow } from '../auth/data.ts';
import type { ClientState } from './clients.ts';

const committedValue = Symbol('committed');

/** What an asynchronous write handler ends with: its last writes and its answer, checked together. */
export interface Committed<T> {
  readonly [committedValue]: T;
}

export interface CallContext {
  client: ClientState;
  /** The caller, re-read from the database on every call so role changes bite at once. */
  user: UserRow | null;
  /**
   * Runs a write handler's last, synchronous step in one transaction and checks the answer
   * against the contract before that transaction commits: an answer outside the contract rolls
   * the writes back. An asynchronous write handler must end with it (the types insist), because
   * a transaction cannot stay open across an await.
   */
  commit<T>(step: () => T): Committed<T>;
}

type IsReadonly<N extends ProcedureName> = Procedures[N] extends { readonly readonly: true } ? true : false;

export type Handler<N extends ProcedureName> = (
  input: z.output<Procedures[N]['input']>,
  ctx: CallContext,
) => IsReadonly<N> extends true
  ? Promise<ProcedureOutput<N>> | ProcedureOutput<N>
  : Promise<Committed<ProcedureOutput<N>>> | ProcedureOutput<N>;
export type Handlers = { [N in ProcedureName]: Handler<N> };

export interface DispatcherDeps {
  handlers: Handlers;
  logger: Logger;
  /** Resolves the client's user and applies the idle lock before access is checked. */
  authenticate(client: ClientState, name: ProcedureName): UserRow | null;
  /** Runs a synchronous step in one write transaction (a savepoint inside an open one). */
  transaction<T>(step: () => T): T;
}

/**
 * Whether a client may use something guarded by `access`: null when it may, else the refusal.
 * The same rule decides calls and which live events a client receives.
 */
export function accessRefusal(
  access: Access,
  client: ClientState,
  user: UserRow | null,
  beforePasswordChange = false,
): CareDockError | null {
  if (access === 'public') return null;
  if (!user) return new CareDockError('auth.required');
  if (access === 'locked') return null;
  if (client.locked) return new CareDockError('auth.locked');
  if (access !== 'session') {
    const allowed = access as readonly Role[];
    if (!user.roles.some((r) => allowed.includes(r)))
      return new CareDockError('auth.forbidden', { roles: allowed.join(', ') });
  }
  if (user.mustChangePassword && !beforePasswordChange) return new CareDockError('auth.mustChangePassword');
  return null;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * The single way into the core for every transport: validate, authorise, run, validate the
 * answer. Whatever happens, the caller gets an envelope; nothing unplanned leaks out, and a write
 * that answers with an error has written nothing.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const outsideContract = (name: string, error: z.ZodError): CareDockError => {
    deps.logger.error(
      { procedure: name, issues: error.issues.slice(0, 5) },
      'procedure answered outside its contract',
    );
    return new CareDockError('internal.unexpected', { time: new Date().toISOString() });
  };

  return async function dispatch(client: ClientState, name: string, rawInput: unknown): Promise<Envelope> {
    try {
      if (!isProcedureName(name))
        throw new CareDockError('api.unknownProcedure', { name: name.slice(0, 80) });
      const def = procedures[name];
      const user = deps.authenticate(client, name);
      // Access first: a caller without the right learns nothing about what the input should be.
      const { access, readonly, beforePasswordChange } = def as ProcedureDef;
      const refusal = accessRefusal(access, client, user, beforePasswordChange === true);
      if (refusal) throw refusal;
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw inputError(parsed.error);

      const checkOutput = (result: unknown): unknown => {
        const output = def.output.safeParse(result);
        if (!output.success) throw outsideContract(name, output.error);
        return output.data;
      };
      const ctx: CallContext = {
        client,
        user,
        commit: (step) => {
          const value = deps.transaction(() => checkOutput(step()));
          return { [committedValue]: value } as Committed<never>;
        },
      };
      const handler = deps.handlers[name] as (input: unknown, ctx: CallContext) => unknown;

      if (readonly === true) {
        return { ok: true, result: checkOutput(await handler(parsed.data, ctx)) };
      }
      // A synchronous write runs whole inside one transaction with its answer checked there.
      const ran = deps.transaction(() => {
        const result = handler(parsed.data, ctx);
        return isPromise(result) ? { pending: result } : { value: checkOutput(result) };
      });
      if ('value' in ran) return { ok: true, result: ran.value };
      const settled = (await ran.pending) as Partial<Committed<unknown>> | null;
      if (settled === null || typeof settled !== 'object' || !(committedValue in settled)) {
        // Only a handler that bypassed ctx.commit gets here; its answer is not trusted.
        deps.logger.error({ procedure: name }, 'an asynchronous write answered without ctx.commit');
        throw new CareDockError('internal.unexpected', { time: new Date().toISOString() });
      }
      return { ok: true, result: settled[committedValue] };
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
