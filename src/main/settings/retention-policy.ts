// The municipality's retention rules as this workstation holds them: one settings row, written
// from the install profile or by sync (it is a ServerRows area of its own), never by a local admin.
import { retentionPolicySchema, type RetentionPolicy } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';
import type { SettingsData } from './data.ts';

const KEY = 'retention.policy';

export class RetentionPolicies implements ServerRows<RetentionPolicy> {
  readonly #data: SettingsData;

  constructor(data: SettingsData) {
    this.#data = data;
  }

  /** The rules in force, or null: without them nothing is removed. */
  current(): RetentionPolicy | null {
    const raw = this.#data.get(KEY);
    if (raw === undefined) return null;
    const parsed = retentionPolicySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  upsertFromServer(row: RetentionPolicy): boolean {
    this.#data.put([{ key: KEY, value: JSON.stringify(row) }]);
    return true;
  }

  removeFromServer(): boolean {
    this.#data.remove(KEY);
    return true;
  }

  /** Kept after a full resync: only a delete or newer rules replace them. */
  sweepUnseen(): number {
    return 0;
  }

  forgetServerRows(): void {
    this.#data.remove(KEY);
  }
}
