// Admin → Integrationer → Exchange, as stored: which backend, where, how to sign in, and how
// much an item shows. Secrets (the service account's password, the app's secret) are in the
// secret store beside the other channels'.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { SettingsData } from '../settings/data.ts';
import { calendarPrivacyLevels } from './content.ts';

export const exchangeConfig = z.object({
  backend: z.enum(['ews', 'graph']),
  /** EWS: the endpoint (https://mail.example.se/EWS/Exchange.asmx). Graph: the API's base. */
  url: z.url(),
  /** EWS only: how the service account signs in. */
  authType: z.enum(['ntlm', 'basic', 'oauth2']).default('ntlm'),
  user: z.string().max(254).default(''),
  domain: z.string().max(200).default(''),
  /** Graph, and EWS with OAuth: the tenant, the app's id and the authority host (tests point it at a fake). */
  tenant: z.string().max(200).default(''),
  clientId: z.string().max(200).default(''),
  authorityHost: z.url().default('https://login.microsoftonline.com'),
  privacy: z.enum(calendarPrivacyLevels).default('standard'),
  /** How far ahead the daily reconciliation looks. */
  weeksAhead: z.number().int().min(1).max(12).default(4),
  ca: z.string().max(20_000).optional(),
});
export type ExchangeConfig = z.infer<typeof exchangeConfig>;

const key = 'integrations.exchange';

export interface ExchangeSettings {
  get(): ExchangeConfig | null;
  set(c: ExchangeConfig | null): void;
}

export function exchangeSettings(sqlite: Database.Database): ExchangeSettings {
  const data = new SettingsData(sqlite);
  return {
    get() {
      const v = data.get(key);
      if (v === undefined) return null;
      const parsed = exchangeConfig.safeParse(JSON.parse(v));
      return parsed.success ? parsed.data : null;
    },
    set(c) {
      if (c === null) data.remove(key);
      else data.put([{ key, value: JSON.stringify(exchangeConfig.parse(c)) }]);
    },
  };
}
