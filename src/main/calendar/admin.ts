// The admin's side of the Exchange calendars: settings in (secrets to the secret store), the
// view out (never a secret), each staff member's calendar address, and the connection test.
import type { z } from 'zod';
import type { ExchangeView, exchangeSettingsInput } from '../../shared/api/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { SecretStore } from '../integrations/secrets.ts';
import type { StaffData } from '../staff/data.ts';
import type { CalendarData } from './data.ts';
import type { BackendFactory } from './service.ts';
import type { ExchangeConfig, ExchangeSettings } from './settings.ts';

type Input = z.output<typeof exchangeSettingsInput>;

const address = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export class CalendarAdmin {
  readonly #settings: ExchangeSettings;
  readonly #secrets: SecretStore;
  readonly #staff: StaffData;
  readonly #data: CalendarData;
  readonly #backend: BackendFactory;

  constructor(opts: {
    settings: ExchangeSettings;
    secrets: SecretStore;
    staff: StaffData;
    data: CalendarData;
    backend: BackendFactory;
  }) {
    this.#settings = opts.settings;
    this.#secrets = opts.secrets;
    this.#staff = opts.staff;
    this.#data = opts.data;
    this.#backend = opts.backend;
  }

  view(): ExchangeView {
    const c = this.#settings.get();
    return {
      settings: c && {
        backend: c.backend,
        url: c.url,
        authType: c.authType,
        user: c.user,
        domain: c.domain,
        tenant: c.tenant,
        clientId: c.clientId,
        authorityHost: c.authorityHost,
        privacy: c.privacy,
        weeksAhead: c.weeksAhead,
        hasCa: c.ca !== undefined,
        passwordSaved: this.#secrets.has('exchange.password'),
        clientSecretSaved: this.#secrets.has('exchange.clientSecret'),
      },
      staff: this.#staff
        .calendarAddresses()
        .filter((s) => s.active || s.address !== null)
        .map(({ id, name, address }) => ({ id, name, address })),
      items: this.#data.count(),
    };
  }

  save(input: Input): void {
    if (!input.url.startsWith('https://')) throw new CareDockError('calendar.insecureUrl');
    const previous = this.#settings.get();
    const config: ExchangeConfig = {
      backend: input.backend,
      url: input.url,
      authType: input.authType,
      user: input.user,
      domain: input.domain,
      tenant: input.tenant,
      clientId: input.clientId,
      authorityHost: input.authorityHost,
      privacy: input.privacy,
      weeksAhead: input.weeksAhead,
      // An empty field keeps the saved CA, as a secret field keeps its secret.
      ...(input.ca !== undefined
        ? input.ca.trim()
          ? { ca: input.ca }
          : {}
        : previous?.ca
          ? { ca: previous.ca }
          : {}),
    };
    this.#settings.set(config);
    if (input.password !== undefined) this.#secrets.set('exchange.password', input.password);
    if (input.clientSecret !== undefined) this.#secrets.set('exchange.clientSecret', input.clientSecret);
  }

  turnOff(): void {
    this.#settings.set(null);
  }

  setStaffAddress(id: string, value: string | null): void {
    const a = value === null || value.trim() === '' ? null : value.trim().toLowerCase();
    if (a !== null && !address.test(a)) throw new CareDockError('calendar.addressInvalid', { address: a });
    if (!this.#staff.setCalendarAddress(id, a)) throw new CareDockError('devices.staffUnknown');
  }

  async test(mailbox: string): Promise<{ displayName: string }> {
    const c = this.#settings.get();
    if (!c) throw new CareDockError('calendar.notConfigured');
    const backend = this.#backend(c);
    if ('status' in backend) throw new CareDockError(backend.code, backend.params);
    const r = await backend.check(mailbox.trim().toLowerCase());
    if (!r.ok) throw new CareDockError(r.code, r.params);
    return { displayName: r.displayName };
  }
}
