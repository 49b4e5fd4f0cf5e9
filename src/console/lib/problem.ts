// What went wrong, kept as the catalogue's code and parameters rather than as text, so a
// message already on screen follows a language switch.
import { CareDockError, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';

export interface Problem {
  code: ErrorCode;
  params: ErrorParams;
}

export function problemOf(err: unknown): Problem {
  if (err instanceof CareDockError) return { code: err.code, params: err.params };
  // A bug of the page itself: said as the catalogue's unexpected error, never as its English.
  return { code: 'internal.unexpected', params: { time: new Date().toISOString() } };
}
