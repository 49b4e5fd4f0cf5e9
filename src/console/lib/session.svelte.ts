// Where this browser stands with the console (auth.session's stages) and every call the page
// makes, so an idle expiry anywhere brings the sign-in back with the catalogue's message.
import type { ConsoleInput, ConsoleOutput, ConsoleProcedureName } from '../../shared/console/contract.ts';
import type { ConsoleSession } from '../../shared/console/auth.ts';
import type { ConsoleRole } from '../../shared/console/roles.ts';
import { CareDockError, isErrorCode } from '../../shared/errors/index.ts';
import { client } from './api.ts';
import { applyLanguage, storedLanguage } from './i18n.svelte.ts';
import { problemOf, type Problem } from './problem.ts';

export const auth = $state<{
  phase: 'loading' | 'ready' | 'unreachable';
  session: ConsoleSession | null;
  /** Why the person is at the sign-in again: an idle expiry, a refused single sign-on. */
  notice: Problem | null;
}>({ phase: 'loading', session: null, notice: null });

let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Checks with the server a little after the idle limit, so an unattended page signs out on screen. */
function watchIdle(): void {
  clearTimeout(idleTimer);
  const s = auth.session;
  if (s?.stage !== 'signedIn') return;
  idleTimer = setTimeout(() => void refresh(), s.idleSeconds * 1000 + 2000);
}

export function setSession(next: ConsoleSession): void {
  const wasSignedIn = auth.session?.stage === 'signedIn';
  if (wasSignedIn && next.stage === 'signedOut') auth.notice = { code: 'console.sessionExpired', params: {} };
  if (next.stage === 'signedIn') {
    auth.notice = null;
    applyLanguage(next.account.language);
  }
  auth.session = next;
  watchIdle();
}

/** A procedure call; an expired session turns the page back to the sign-in. */
export async function call<N extends ConsoleProcedureName>(
  name: N,
  input: ConsoleInput<N>,
): Promise<ConsoleOutput<N>> {
  return watched(() => client.call(name, input));
}

/** An exchange file's upload, watched for an expired session as every call is. */
export async function importFile(
  input: ConsoleInput<'exchange.import'>,
  file: Blob,
): Promise<ConsoleOutput<'exchange.import'>> {
  return watched(() => client.importFile(input, file));
}

async function watched<T>(run: () => Promise<T>): Promise<T> {
  try {
    const out = await run();
    watchIdle();
    return out;
  } catch (err) {
    if (err instanceof CareDockError && err.code === 'console.sessionExpired') {
      auth.notice = { code: 'console.sessionExpired', params: {} };
      auth.session = await client.call('auth.session', {}).catch(() => auth.session);
    }
    throw err;
  }
}

export async function refresh(): Promise<void> {
  try {
    setSession(await client.call('auth.session', {}));
    auth.phase = 'ready';
  } catch (err) {
    if (auth.phase === 'loading') auth.phase = 'unreachable';
    else auth.notice = problemOf(err);
  }
}

/** The first load: the language chosen here before, a refused single sign-on's code, the stage. */
export async function boot(): Promise<void> {
  const lang = storedLanguage();
  if (lang) applyLanguage(lang);
  // Read once at start, not state: a plain URLSearchParams is what is wanted here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const query = new URLSearchParams(window.location.search);
  const code = query.get('error');
  if (code !== null) {
    auth.notice = { code: isErrorCode(code) ? code : 'internal.unexpected', params: {} };
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  }
  auth.phase = 'loading';
  await refresh();
}

export async function signOut(): Promise<void> {
  clearTimeout(idleTimer);
  const next = await client.call('auth.signOut', {});
  auth.notice = null;
  auth.session = next;
}

export function roles(): readonly ConsoleRole[] {
  return auth.session?.stage === 'signedIn' ? auth.session.account.roles : [];
}

/** Whether the signed-in account may call an admin procedure (the server judges it anyway). */
export function isAdmin(): boolean {
  return roles().includes('municipalityAdmin');
}
