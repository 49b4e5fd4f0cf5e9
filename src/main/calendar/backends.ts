// The backend the admin chose, built per attempt from the settings and the secret store, so a
// corrected password or URL takes effect on the next job without a restart.
import { createHash } from 'node:crypto';
import type { CalendarBackend, CalendarFailure } from '../../../integrations/calendar/backend.ts';
import { createEwsBackend } from '../../../integrations/ews/client.ts';
import { msalTokenSource } from '../../../integrations/entra/token.ts';
import { createGraphBackend } from '../../../integrations/graph/client.ts';
import type { SecretStore } from '../integrations/secrets.ts';
import type { BackendFactory } from './service.ts';
import type { ExchangeConfig } from './settings.ts';

export function calendarBackendOf(secrets: SecretStore): BackendFactory {
  // One backend while nothing changed: it holds the app token (MSAL's cache) and its
  // connections; a new one per job would fetch a token per visit.
  let cached: { key: string; backend: CalendarBackend } | null = null;
  return (c: ExchangeConfig): CalendarBackend | CalendarFailure => {
    const key = createHash('sha256')
      .update(JSON.stringify([c, secrets.get('exchange.password'), secrets.get('exchange.clientSecret')]))
      .digest('hex');
    if (cached?.key === key) return cached.backend;
    const made = build(c, secrets);
    cached = 'status' in made ? null : { key, backend: made };
    return made;
  };
}

function build(c: ExchangeConfig, secrets: SecretStore): CalendarBackend | CalendarFailure {
  if (!c.url.startsWith('https://')) return { status: 'pause', code: 'calendar.insecureUrl' };
  const ca = c.ca ? { ca: c.ca } : {};
  if (c.backend === 'graph')
    return createGraphBackend({
      graphUrl: c.url,
      tenant: c.tenant,
      clientId: c.clientId,
      clientSecret: secrets.get('exchange.clientSecret') ?? '',
      authorityHost: c.authorityHost,
      ...ca,
    });
  if (c.authType === 'oauth2') {
    // Exchange with hybrid modern authentication: an app token for the EWS host itself.
    const tokens = msalTokenSource({
      authorityHost: c.authorityHost,
      tenant: c.tenant,
      clientId: c.clientId,
      clientSecret: secrets.get('exchange.clientSecret') ?? '',
      scope: `${new URL(c.url).origin}/.default`,
      ...ca,
    });
    return createEwsBackend({ url: c.url, auth: { type: 'bearer', token: () => tokens.token() }, ...ca });
  }
  const password = secrets.get('exchange.password') ?? '';
  return createEwsBackend({
    url: c.url,
    auth:
      c.authType === 'ntlm'
        ? { type: 'ntlm', user: c.user, domain: c.domain, password }
        : { type: 'basic', user: c.user, password },
    ...ca,
  });
}
