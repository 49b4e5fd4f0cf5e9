import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ConsoleProcedureName, ConsoleProcedures } from '../../shared/console/contract.ts';
import type { ServerJobQueue } from '../jobs/queue.ts';
import type { AccountRecord } from './accounts.ts';
import type { CallContext, SessionChange } from './signIn.ts';

/** A call from a signed-in account (or, for the sign-in procedures, from any browser). */
export interface ConsoleCall extends CallContext {
  /** The signed-in account; null before sign-in is complete. */
  account: AccountRecord | null;
  /** The process's server queue, opened on first use (its start costs seconds). */
  queue: () => Promise<ServerJobQueue>;
  change: SessionChange;
  /** A file sent as the raw body (exchange.import's route only), read as a stream. */
  upload?: Readable;
}

export interface SignedInCall extends ConsoleCall {
  account: AccountRecord;
}

export type Handler<N extends ConsoleProcedureName> = (
  call: N extends `auth.${string}` ? ConsoleCall : SignedInCall,
  input: z.output<ConsoleProcedures[N]['input']>,
) => Promise<z.input<ConsoleProcedures[N]['output']>>;

export type Handlers<K extends ConsoleProcedureName> = { [N in K]: Handler<N> };

/** The audit's actor for a console account. */
export const actorOf = (call: SignedInCall): string => `console:${call.account.username}`;
