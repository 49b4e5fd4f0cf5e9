import { CareDockError, isErrorCode } from '../errors/catalogue.ts';
import { envelope } from '../api/envelope.ts';
import {
  CONSOLE_API_PREFIX,
  CSRF_HEADER,
  type ConsoleInput,
  type ConsoleOutput,
  type ConsoleProcedureName,
} from './contract.ts';

export interface ConsoleClient {
  call<N extends ConsoleProcedureName>(name: N, input: ConsoleInput<N>): Promise<ConsoleOutput<N>>;
}

export interface ConsoleTransport {
  fetch: typeof fetch;
  /** The CSRF token the server set for this browser (its cookie), sent back in a header. */
  csrfToken(): string | null;
  /** Where the console is served; the page's own origin in a browser. */
  base?: string;
}

/** The console's typed client over HTTP: one POST per call, the answer an envelope. */
export function createConsoleClient(t: ConsoleTransport): ConsoleClient {
  return {
    async call(name, input) {
      let raw: unknown;
      try {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        const csrf = t.csrfToken();
        if (csrf) headers[CSRF_HEADER] = csrf;
        const res = await t.fetch(`${t.base ?? ''}${CONSOLE_API_PREFIX}${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers,
          body: JSON.stringify(input ?? {}),
        });
        raw = await res.json();
      } catch {
        throw new CareDockError('transport.unreachable');
      }
      const parsed = envelope.safeParse(raw);
      if (!parsed.success) throw new CareDockError('transport.unreachable');
      if (!parsed.data.ok) {
        const { code, params } = parsed.data.error;
        throw new CareDockError(isErrorCode(code) ? code : 'internal.unexpected', params);
      }
      // The server validated the output against the contract before it left.
      return parsed.data.result as ConsoleOutput<typeof name>;
    },
  };
}
