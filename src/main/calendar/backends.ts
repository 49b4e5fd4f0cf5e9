// The backend the admin chose, built per attempt from the settings and the secret store, so a
// corrected password or URL takes effect on the next job without a restart.
import type { CalendarBackend, CalendarFailure } from '../../../integrations/calendar/backend.ts';
import { createEwsBackend } from '../../../integrations/ews/client.ts';
import { createGraphBackend } from '../../../integrations/graph/client.ts';
import type { SecretStore } from '../integrations/secrets.ts';
import type { BackendFactory } from './service.ts';
import type { ExchangeConfig } from './settings.ts';

export function calendarBackendOf(secrets: SecretStore): BackendFactory {
  return (c: ExchangeConfig): CalendarBackend | CalendarFailure => {
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
    const password = secrets.get('exchange.password') ?? '';
    return createEwsBackend({
      url: c.url,
      auth:
        c.authType === 'ntlm'
          ? { type: 'ntlm', user: c.user, domain: c.domain, password }
          : { type: 'basic', user: c.user, password },
      ...ca,
    });
  };
}
