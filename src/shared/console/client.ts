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
  /** exchange.import: the file sent as the raw body, the input as the query string. */
  importFile(input: ConsoleInput<'exchange.import'>, file: Blob): Promise<ConsoleOutput<'exchange.import'>>;
}

export interface ConsoleTransport {
  fetch: typeof fetch;
  /** The CSRF token the server set for this browser (its cookie), sent back in a header. */
  csrfToken(): string | null;
  /** Where the console is served; the page's own origin in a browser. */
  base?: string;
}

async function post(
  t: ConsoleTransport,
  url: string,
  contentType: string,
  body: string | Blob,
): Promise<unknown> {
  let raw: unknown;
  try {
    const headers: Record<string, string> = { 'content-type': contentType };
    const csrf = t.csrfToken();
    if (csrf) headers[CSRF_HEADER] = csrf;
    const res = await t.fetch(`${t.base ?? ''}${url}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body,
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
  return parsed.data.result;
}

/** The console's typed client over HTTP: one POST per call, the answer an envelope. */
export function createConsoleClient(t: ConsoleTransport): ConsoleClient {
  return {
    async call(name, input) {
      const out = await post(
        t,
        `${CONSOLE_API_PREFIX}${name}`,
        'application/json',
        JSON.stringify(input ?? {}),
      );
      return out as ConsoleOutput<typeof name>;
    },
    async importFile(input, file) {
      // The file is the raw body, so a large one is never turned into JSON; the rest is the query.
      const query = new URLSearchParams(input).toString();
      const out = await post(
        t,
        `${CONSOLE_API_PREFIX}exchange.import?${query}`,
        'application/octet-stream',
        file,
      );
      return out as ConsoleOutput<'exchange.import'>;
    },
  };
}
