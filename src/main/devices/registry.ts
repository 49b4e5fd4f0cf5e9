// Admin → Devices: docks on serial ports, the tags in recipients' homes, and "hold the tag to the
// reader" (one wait at a time, kept here rather than in a handler).
import type Database from 'better-sqlite3';
import type { SerialDockRecord, TagRecord } from '../../shared/api/procedures/devices.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Actor, AuditLog } from '../audit/log.ts';
import type { RecipientData } from '../recipients/data.ts';
import { mayIdentify, type Viewer } from '../recipients/identity.ts';
import type { DeviceData } from './data.ts';
import { readOneTag } from './tag-reader.ts';

export class DeviceRegistry {
  readonly #sqlite: Database.Database;
  readonly #data: DeviceData;
  readonly #recipients: RecipientData;
  readonly #audit: AuditLog;
  /** The wait for a tag in progress: a new one (or Cancel) ends it and frees its ports. */
  #tagRead: AbortController | null = null;

  constructor(sqlite: Database.Database, data: DeviceData, recipients: RecipientData, audit: AuditLog) {
    this.#sqlite = sqlite;
    this.#data = data;
    this.#recipients = recipients;
    this.#audit = audit;
  }

  listSerialDocks(): SerialDockRecord[] {
    return this.#data.serialDocks();
  }

  addSerialDock(
    actor: Actor,
    input: { path: string; label: string; kind: 'pen-dock' | 'tag-reader'; baudRate?: number | undefined },
  ): SerialDockRecord {
    if (this.#data.portTaken(input.path)) throw new CareDockError('devices.portTaken', { port: input.path });
    const baudRate = input.baudRate ?? (input.kind === 'tag-reader' ? 9600 : 115200);
    return this.#sqlite.transaction(() => {
      const added = this.#data.addSerialDock({
        path: input.path,
        label: input.label,
        kind: input.kind,
        baudRate,
      });
      this.#audit.record(actor, 'serialDocks.add', input.path, { kind: input.kind });
      return added;
    })();
  }

  removeSerialDock(actor: Actor, id: number): void {
    this.#sqlite.transaction(() => {
      const row = this.#data.serialDock(id);
      this.#data.removeSerialDock(id);
      if (row) this.#audit.record(actor, 'serialDocks.remove', row.path);
    })();
  }

  /** Tags with their home's name as the viewer may see it; all, or the one with `uid`. */
  listTags(viewer: Viewer, uid?: string): TagRecord[] {
    return this.#data.tags(uid).map(({ protectedIdentity, ...t }) => ({
      ...t,
      recipientName: mayIdentify(viewer, { protectedIdentity }) ? t.recipientName : null,
    }));
  }

  enrolTag(
    actor: Actor & Viewer,
    input: { uid: string; recipientId: string | null; label: string },
  ): TagRecord {
    this.#sqlite.transaction(() => {
      if (input.recipientId !== null && !this.#recipients.exists(input.recipientId))
        throw new CareDockError('devices.recipientUnknown');
      this.#data.enrol(input, actor.username);
      this.#audit.record(actor, 'tags.enrol', input.uid, { recipientId: input.recipientId });
    })();
    const [tag] = this.listTags(actor, input.uid);
    if (!tag) throw new CareDockError('internal.unexpected', { time: new Date().toISOString() });
    return tag;
  }

  /** Waits for the next tag held to an enabled tag reader. */
  async readTag(timeoutSeconds: number): Promise<{ uid: string; reader: string }> {
    this.#tagRead?.abort();
    const mine = new AbortController();
    this.#tagRead = mine;
    try {
      return await readOneTag(
        this.listSerialDocks().filter((r) => r.enabled && r.kind === 'tag-reader'),
        timeoutSeconds * 1000,
        mine.signal,
      );
    } finally {
      if (this.#tagRead === mine) this.#tagRead = null;
    }
  }

  cancelTagRead(): void {
    this.#tagRead?.abort();
  }
}
