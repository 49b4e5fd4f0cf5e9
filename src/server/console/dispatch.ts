// One console call: the procedure the router matched, its access judged against the session on
// the server, its input parsed by the contract's schema, its output checked before it leaves.
import { inputError } from '../../shared/api/inputError.ts';
import { consoleProcedures, type ConsoleProcedureName } from '../../shared/console/contract.ts';
import type { ConsoleAccess } from '../../shared/console/define.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { AdminError } from '../errors.ts';
import { findAccount } from './accounts.ts';
import { authHandlers } from './authHandlers.ts';
import { channelHandlers } from './channelHandlers.ts';
import type { ConsoleCall, Handler } from './handlerTypes.ts';
import { operationHandlers } from './operationHandlers.ts';
import { organisationHandlers } from './organisationHandlers.ts';
import { peopleHandlers } from './peopleHandlers.ts';
import { recordHandlers } from './recordHandlers.ts';

const handlers = {
  ...authHandlers,
  ...organisationHandlers,
  ...recordHandlers,
  ...operationHandlers,
  ...channelHandlers,
  ...peopleHandlers,
};

const PENDING_STAGES = new Set(['changePassword', 'enrolTotp', 'totp']);

/** null when the call may go ahead, else why not. */
async function refusal(
  call: ConsoleCall,
  access: ConsoleAccess,
  expired: boolean,
): Promise<CareDockError | null> {
  if (access === 'public') return null;
  const signedInNeeded = expired ? 'console.sessionExpired' : 'auth.required';
  if (access === 'pending')
    return PENDING_STAGES.has(call.session.stage) ? null : new CareDockError(signedInNeeded);
  if (call.session.stage !== 'signedIn' || call.account === null) return new CareDockError(signedInNeeded);
  if (!call.account.active) return new CareDockError('console.accountInactive');
  if (!call.account.roles.some((r) => access.includes(r)))
    return new CareDockError('auth.forbidden', { roles: access.join(', ') });
  return null;
}

/** The admin functions' own codes, said for the person at the desk. */
function catalogued(err: unknown): CareDockError | null {
  if (err instanceof CareDockError) return err;
  if (err instanceof AdminError) {
    if (err.code === 'admin.notFound') return new CareDockError('console.notFound', { id: '' });
    if (err.code === 'admin.exists') return new CareDockError('console.exists', { id: '' });
    if (err.code === 'admin.invalid') return new CareDockError('input.invalid', { details: '' });
  }
  return null;
}

export async function dispatchConsole(
  call: ConsoleCall,
  name: ConsoleProcedureName,
  rawInput: unknown,
  expired: boolean,
): Promise<unknown> {
  const def = consoleProcedures[name];
  if (call.session.username !== null) {
    call.account = await findAccount(call.ctx, call.session.username);
  }
  const refused = await refusal(call, def.access, expired);
  if (refused) throw refused;
  const input = def.input.safeParse(rawInput ?? {});
  if (!input.success) throw inputError(input.error);
  const handler = handlers[name] as Handler<ConsoleProcedureName>;
  try {
    const out = await handler(call as Parameters<typeof handler>[0], input.data as never);
    return def.output.parse(out);
  } catch (err) {
    const c = catalogued(err);
    if (c) throw c;
    throw err;
  }
}
