// The workstation's settings: defaults, overridden by what an administrator stored.
import { settingsRecord, type Settings } from '../../shared/api/index.ts';
import type { SettingsData } from './data.ts';

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
    { key: 'attestVersion', header: 'Attestversion' },
  ],
  attestOpenProblems: 'confirm',
};

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettingsStore(data: SettingsData): SettingsStore {
  let cache: Settings | null = null;
  const read = (): Settings => {
    const stored: Record<string, unknown> = {};
    for (const row of data.all()) stored[row.key] = JSON.parse(row.value);
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
      data.put(
        Object.entries(patch).flatMap(([key, value]) =>
          value === undefined ? [] : [{ key, value: JSON.stringify(value) }],
        ),
      );
      cache = null;
      return this.get();
    },
  };
}
