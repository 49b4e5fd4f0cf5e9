// Small named values the sync keeps in sync_state, and the installation row.
import type Database from 'better-sqlite3';
import { z } from 'zod';

export const SYNC_STATE_KEYS = [
  'cursor',
  'resyncing',
  'lastSuccessAt',
  'lastAttemptAt',
  'serverOffsetMs',
  'serverOffsetMeasuredAt',
  'roundTripMs',
  'seenAddress',
  'sourceAddress',
  'paused',
  'lastError',
  'lastReconcileAt',
] as const;
export type SyncStateKey = (typeof SYNC_STATE_KEYS)[number];

export class SyncStateStore {
  readonly #get: Database.Statement;
  readonly #set: Database.Statement;
  readonly #delete: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#get = sqlite.prepare('select value from sync_state where key = ?').pluck();
    this.#set = sqlite.prepare(
      'insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    );
    this.#delete = sqlite.prepare('delete from sync_state where key = ?');
  }

  get(key: SyncStateKey): string | null {
    return (this.#get.get(key) as string | undefined) ?? null;
  }
  set(key: SyncStateKey, value: string): void {
    this.#set.run(key, value);
  }
  delete(key: SyncStateKey): void {
    this.#delete.run(key);
  }
  getJson<S extends z.ZodType>(key: SyncStateKey, schema: S): z.output<S> | null {
    const raw = this.get(key);
    if (raw === null) return null;
    try {
      const r = schema.safeParse(JSON.parse(raw));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }
  setJson(key: SyncStateKey, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }
}

export const storedErrorSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  at: z.string(),
});
export type StoredError = z.infer<typeof storedErrorSchema>;

export interface Installation {
  municipalityId: string;
  municipalityName: string;
  serverUrl: string;
  caCertificatePem: string;
  workstationId: string;
  workstationName: string;
  providerId: string;
  providerName: string;
  certificatePem: string;
  certificateNotAfter: string;
  installedAt: string;
}

export class InstallationStore {
  readonly #sqlite: Database.Database;
  readonly #get: Database.Statement;
  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#get = sqlite.prepare(
      `select municipality_id as municipalityId, municipality_name as municipalityName, server_url as serverUrl,
       ca_certificate_pem as caCertificatePem, workstation_id as workstationId, workstation_name as workstationName,
       provider_id as providerId, provider_name as providerName, certificate_pem as certificatePem,
       certificate_not_after as certificateNotAfter, installed_at as installedAt
       from sync_installation where id = 1`,
    );
  }
  get(): Installation | null {
    return (this.#get.get() as Installation | undefined) ?? null;
  }
  put(i: Omit<Installation, 'installedAt'>): void {
    this.#sqlite
      .prepare(
        `insert into sync_installation (id, municipality_id, municipality_name, server_url, ca_certificate_pem,
           workstation_id, workstation_name, provider_id, provider_name, certificate_pem, certificate_not_after)
         values (1, @municipalityId, @municipalityName, @serverUrl, @caCertificatePem, @workstationId, @workstationName,
           @providerId, @providerName, @certificatePem, @certificateNotAfter)`,
      )
      .run(i);
  }
  /** The demo's embedded server may come back on another port. */
  setServerUrl(url: string): void {
    this.#sqlite.prepare('update sync_installation set server_url = ? where id = 1').run(url);
  }
  remove(): void {
    this.#sqlite.prepare('delete from sync_installation').run();
  }
}
