// Single sign-on as server.json's console.oidc sets it up; null when it is not set up. A setup
// that cannot work (no public URL, no secret file, plain HTTP off loopback) stops the start with
// a message saying so; a provider that is merely down does not (see oidc.ts).
import { readFileSync } from 'node:fs';
import type { ServerContext } from '../context.ts';
import { createOidcFlow } from './oidc.ts';
import type { OidcRoutes } from './oidcRoutes.ts';

export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

function readFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read console.oidc.${what} ${file}`, { cause: err });
  }
}

export async function consoleOidcFromConfig(ctx: ServerContext): Promise<OidcRoutes | null> {
  const config = ctx.config.console.oidc;
  if (config === undefined) return null;
  const publicUrl = ctx.config.console.publicUrl;
  // The provider sends the browser back only to a redirect URI registered with it, so it must be
  // the address browsers use, not whatever this listener happens to bind.
  if (publicUrl === undefined)
    throw new Error('console.oidc needs console.publicUrl (the redirect URI is made from it)');
  // Trimmed: a secret file written by `echo` ends in a newline the provider would not accept.
  const clientSecret = readFile(config.clientSecretFile, 'clientSecretFile').trim();
  if (clientSecret.length === 0)
    throw new Error(`console.oidc.clientSecretFile ${config.clientSecretFile} is empty`);
  const ca = config.caFile === undefined ? undefined : readFile(config.caFile, 'caFile');
  return createOidcFlow({
    config,
    clientSecret,
    redirectUri: new URL(OIDC_CALLBACK_PATH, publicUrl).href,
    ...(ca === undefined ? {} : { ca }),
    log: ctx.log,
    now: ctx.now,
  });
}
