// Application state: what the core told us about itself and about this client's session, and the
// one wrapper every view uses to call the core (errors land in the notice area, auth errors switch
// screens).
import {
  createClient,
  type ProcedureInput,
  type ProcedureName,
  type ProcedureOutput,
  type SessionInfo,
} from '../../shared/api/index.ts';
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import { getBridge } from './bridge.ts';
import { rememberLanguage, setLanguage, storedLanguage } from './i18n.svelte.ts';
import { clearNotices, notify, notifyError, notifyUi } from './notices.svelte.ts';
import { nowIso, setDisplayZone } from './time.ts';

export const bridge = getBridge();
export const client = createClient(bridge);

export type AppInfo = ProcedureOutput<'app.info'>;

export const app = $state<{
  phase: 'loading' | 'unreachable' | 'ready';
  info: AppInfo | null;
  session: SessionInfo | null;
}>({ phase: 'loading', info: null, session: null });

export type CallResult<N extends ProcedureName> =
  { ok: true; value: ProcedureOutput<N> } | { ok: false; error: CareDockError };

function asCareDockError(e: unknown): CareDockError {
  if (e instanceof CareDockError) return e;
  return new CareDockError('internal.unexpected', { time: nowIso() });
}

/** Reacts to errors that mean the session is gone or locked; returns true when it did. */
function handleAuthError(error: CareDockError): boolean {
  if (error.code === 'auth.locked') {
    if (app.session) app.session = { ...app.session, locked: true };
    return true;
  }
  if (error.code === 'auth.required') {
    sessionGone();
    return true;
  }
  if (error.code === 'auth.mustChangePassword') {
    if (app.session)
      app.session = { ...app.session, user: { ...app.session.user, mustChangePassword: true } };
    return true;
  }
  if (error.code === 'auth.setupDone' && app.info) app.info = { ...app.info, setupNeeded: false };
  return false;
}

/**
 * Calls a procedure. On failure the error is shown in the notice area (unless `quiet`) and
 * returned, so a form can also mark its fields.
 */
export async function call<N extends ProcedureName>(
  name: N,
  input: ProcedureInput<N>,
  options: { quiet?: boolean } = {},
): Promise<CallResult<N>> {
  try {
    return { ok: true, value: await client.call(name, input) };
  } catch (e) {
    const error = asCareDockError(e);
    const handled = handleAuthError(error);
    if (!handled && !options.quiet) {
      const params =
        error.code === 'internal.unexpected' && !('time' in error.params)
          ? { ...error.params, time: nowIso() }
          : error.params;
      notifyError(error.code, params);
    }
    return { ok: false, error };
  }
}

/** After setup, login or a reload with a live session: adopt it and settle the language. */
export async function startSession(session: SessionInfo): Promise<void> {
  app.session = session;
  const chosen = storedLanguage();
  if (!chosen) {
    setLanguage(session.user.language);
    return;
  }
  setLanguage(chosen);
  if (session.user.language !== chosen && !session.locked) {
    const r = await call('auth.setLanguage', { language: chosen }, { quiet: true });
    if (r.ok) app.session = r.value;
  }
}

/** The language switch: the UI changes at once; a logged-in user's choice is saved in the core. */
export async function chooseLanguage(lang: Language): Promise<void> {
  setLanguage(lang);
  // A notice read in the old language is stale: what is on screen now says the rest.
  clearNotices();
  rememberLanguage(lang);
  const session = app.session;
  if (session && !session.locked && session.user.language !== lang) {
    const r = await call('auth.setLanguage', { language: lang }, { quiet: true });
    if (r.ok) app.session = r.value;
  }
}

/** Set while this UI logs out, so the core's session.changed(null) is not taken as "ended". */
let loggingOut = false;

export async function logout(): Promise<void> {
  loggingOut = true;
  try {
    const r = await call('auth.logout', {});
    if (r.ok || r.error.code === 'auth.required') {
      app.session = null;
      clearNotices();
      notifyUi('info', 'logout.done');
    }
  } finally {
    loggingOut = false;
  }
}

function sessionGone(): void {
  if (app.session && !loggingOut) {
    clearNotices();
    notifyUi('warning', 'session.ended');
  }
  app.session = null;
}

export async function refreshSession(): Promise<void> {
  const r = await call('auth.session', {}, { quiet: true });
  if (!r.ok) return;
  if (r.value === null) {
    sessionGone();
  } else {
    app.session = r.value;
  }
}

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  client.on('session.changed', (session) => {
    if (session === null) {
      sessionGone();
    } else {
      app.session = session;
    }
  });
  client.on('notice', (n) => notify({ level: n.level, kind: 'error', code: n.code, params: n.params }));
  // Events may have been missed while the stream was down: re-read the session.
  bridge.onReconnect(() => void refreshSession());
}

export async function boot(): Promise<void> {
  app.phase = 'loading';
  const info = await call('app.info', {}, { quiet: true });
  if (!info.ok) {
    app.phase = 'unreachable';
    notifyError(info.error.code, info.error.params);
    return;
  }
  app.info = info.value;
  setDisplayZone(info.value.timeZone);
  setLanguage(storedLanguage() ?? info.value.defaultLanguage);
  listen();
  if (!info.value.setupNeeded) {
    const session = await call('auth.session', {}, { quiet: true });
    if (session.ok && session.value) await startSession(session.value);
  }
  app.phase = 'ready';
}
