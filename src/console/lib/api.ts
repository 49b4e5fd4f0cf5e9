// The console page's only way to the server: the contract's typed client over the page's own
// origin, the CSRF token read from the cookie the server set and sent back in a header.
import { createConsoleClient } from '../../shared/console/client.ts';
import { CSRF_COOKIE } from '../../shared/console/contract.ts';

function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === CSRF_COOKIE) return part.slice(i + 1).trim();
  }
  return null;
}

export const client = createConsoleClient({ fetch: (input, init) => window.fetch(input, init), csrfToken });
