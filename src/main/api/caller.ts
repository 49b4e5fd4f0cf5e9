// Who is calling a procedure, as every area sees it: an audit actor who may or may not identify a
// protected recipient, in their language.
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import type { Actor } from '../audit/log.ts';
import type { UserRow } from '../auth/data.ts';
import type { Viewer } from '../recipients/identity.ts';
import type { CallContext, Handlers } from './dispatcher.ts';
import type { ProcedureName } from '../../shared/api/index.ts';

export interface Caller extends Actor, Viewer {
  readonly id: number;
  readonly username: string;
  readonly language: Language;
}

/** The dispatcher checked access already; this only narrows the type for the handler. */
export function callerOf(ctx: CallContext): UserRow {
  if (!ctx.user) throw new CareDockError('auth.required');
  return ctx.user;
}

/** The handlers of one area: the procedures it answers, typed by the contract. */
export type AreaHandlers<N extends ProcedureName> = Pick<Handlers, N>;
