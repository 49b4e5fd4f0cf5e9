import { z } from 'zod';

/** What every transport carries back for a call: a result or a catalogue error, never a stack. */
export const errorBody = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorBody }),
]);
export type Envelope = z.infer<typeof envelope>;

/**
 * The raw bridge each shell provides on `window.caredock`: Electron's preload over IPC, or the
 * headless host's HTTP + WebSocket client. The typed client in client.ts wraps it.
 */
export interface CareDockBridge {
  invoke(name: string, input: unknown): Promise<Envelope>;
  subscribe(listener: (message: { event: string; payload: unknown }) => void): () => void;
  readonly shell: 'electron' | 'headless';
}

/** HTTP status a transport answers with for a given error code. */
export function httpStatusFor(code: string): number {
  if (code === 'input.invalid') return 400;
  if (code === 'auth.required' || code === 'auth.badCredentials' || code === 'console.sessionExpired')
    return 401;
  if (code === 'auth.forbidden' || code === 'console.csrf' || code === 'console.ssoNoRole') return 403;
  if (
    code === 'api.unknownProcedure' ||
    code === 'users.notFound' ||
    code === 'console.notFound' ||
    code === 'console.wrongListener'
  )
    return 404;
  if (code === 'users.usernameTaken' || code === 'auth.setupDone' || code === 'console.exists') return 409;
  if (code === 'auth.locked') return 423;
  if (code === 'auth.tooManyAttempts') return 429;
  if (code === 'internal.unexpected') return 500;
  if (code === 'console.ssoUnavailable') return 503;
  return 422;
}
