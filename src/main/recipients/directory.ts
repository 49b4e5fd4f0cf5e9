import type { RecipientName } from './data.ts';
import { mayIdentify, type Viewer } from './identity.ts';

export interface RecipientRefView {
  id: string;
  name: string;
  masked: boolean;
}

/** Names for ids, read once per request, as the viewer may see them (identity.ts). */
export class Directory {
  readonly #staff = new Map<string, string>();
  readonly #recipients = new Map<string, { name: string; protectedIdentity: boolean }>();
  readonly #viewer: Viewer;

  constructor(
    staff: readonly { id: string; name: string }[],
    recipients: readonly RecipientName[],
    viewer: Viewer,
  ) {
    this.#viewer = viewer;
    for (const row of staff) this.#staff.set(row.id, row.name);
    for (const row of recipients)
      this.#recipients.set(row.id, { name: row.name, protectedIdentity: row.protectedIdentity });
  }

  staff(id: string | null): { id: string; name: string } | null {
    if (id === null) return null;
    return { id, name: this.#staff.get(id) ?? id };
  }

  staffIds(): { id: string; name: string }[] {
    return [...this.#staff]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  recipient(id: string | null): RecipientRefView | null {
    if (id === null) return null;
    const r = this.#recipients.get(id);
    if (!r) return { id, name: id, masked: false };
    if (!mayIdentify(this.#viewer, r)) return { id, name: '', masked: true };
    return { id, name: r.name, masked: false };
  }

  /** The id keys pairing uses for a registration with no staff or recipient. */
  static staffOfKey(key: string): string | null {
    return key.startsWith('pen:') ? null : key;
  }

  static recipientOfKey(key: string): string | null {
    return key.startsWith('tag:') ? null : key;
  }
}
