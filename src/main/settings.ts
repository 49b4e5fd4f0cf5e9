import { settingsRecord, type Settings } from '../shared/api/index.ts';
import type { Db } from './db/open.ts';
import { settings as settingsTable } from './db/schema.ts';

const defaults: Settings = {
  idleLockSeconds: 600,
  defaultLanguage: 'sv',
  timeZone: 'Europe/Stockholm',
  // The layout Swedish municipalities' payment systems commonly read; each can change it.
  billingColumns: [
    { key: 'month', header: 'Period' },
    { key: 'recipientId', header: 'Brukar-ID' },
    { key: 'recipientName', header: 'Brukare' },
    { key: 'serviceCode', header: 'Insatskod' },
    { key: 'serviceName', header: 'Insats' },
    { key: 'grantedHours', header: 'Beviljad tid (h)' },
    { key: 'plannedHours', header: 'Planerad tid (h)' },
    { key: 'performedHours', header: 'Utförd tid (h)' },
    { key: 'deviations', header: 'Avvikelser' },
  ],
};

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettingsStore(db: Db): SettingsStore {
  let cache: Settings | null = null;
  const read = (): Settings => {
    const rows = db.select().from(settingsTable).all();
    const stored: Record<string, unknown> = {};
    for (const row of rows) stored[row.key] = JSON.parse(row.value);
    // A value written by a newer version that this one does not understand falls back to the default.
    const parsed = settingsRecord.partial().safeParse(stored);
    return { ...defaults, ...(parsed.success ? parsed.data : {}) };
  };
  return {
    get() {
      cache ??= read();
      return cache;
    },
    update(patch) {
      db.transaction((tx) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) continue;
          const json = JSON.stringify(value);
          tx.insert(settingsTable)
            .values({ key, value: json })
            .onConflictDoUpdate({ target: settingsTable.key, set: { value: json } })
            .run();
        }
      });
      cache = null;
      return this.get();
    },
  };
}
