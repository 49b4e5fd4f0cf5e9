// Docks on serial ports (they have no USB ids to be found by, so an admin names their port) and
// the tags fixed in recipients' homes, enrolled here or come down from the server.
import type Database from 'better-sqlite3';
import type { SerialDockRecord } from '../../shared/api/procedures/devices.ts';
import type { Tag } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface TagRow {
  uid: string;
  recipientId: string | null;
  recipientName: string | null;
  /** Of the home's recipient; false for a tag of no known recipient. */
  protectedIdentity: boolean;
  label: string;
  enrolledAt: string;
}

type StoredDock = Omit<SerialDockRecord, 'enabled'> & { enabled: number };
const dock = (d: StoredDock): SerialDockRecord => ({ ...d, enabled: d.enabled === 1 });

export class DeviceData implements ServerRows<Tag> {
  readonly #docks: Database.Statement;
  readonly #dock: Database.Statement;
  readonly #dockAt: Database.Statement;
  readonly #addDock: Database.Statement;
  readonly #removeDock: Database.Statement;
  readonly #tags: Database.Statement;
  readonly #tag: Database.Statement;
  readonly #enrol: Database.Statement;
  readonly #recipientOf: Database.Statement;
  readonly #firstOf: Database.Statement;
  readonly #upsertServer: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #sweep: Database.Statement;
  readonly #forgetServer: Database.Statement;

  constructor(sqlite: Database.Database) {
    const dockColumns = 'id, path, label, baud_rate as baudRate, kind, enabled';
    this.#docks = sqlite.prepare(`select ${dockColumns} from serial_docks order by path`);
    this.#dock = sqlite.prepare(`select ${dockColumns} from serial_docks where id = ?`);
    this.#dockAt = sqlite.prepare('select 1 from serial_docks where path = ?');
    this.#addDock = sqlite.prepare(
      `insert into serial_docks (path, label, kind, baud_rate) values (@path, @label, @kind, @baudRate)
       returning ${dockColumns}`,
    );
    this.#removeDock = sqlite.prepare('delete from serial_docks where id = ?');
    const tagColumns = `t.uid, t.recipient_id as recipientId, r.name as recipientName,
      coalesce(r.protected_identity, 0) as protectedIdentity, t.label, t.enrolled_at as enrolledAt`;
    this.#tags = sqlite.prepare(
      `select ${tagColumns} from tags t left join recipients r on r.id = t.recipient_id order by t.uid`,
    );
    this.#tag = sqlite.prepare(
      `select ${tagColumns} from tags t left join recipients r on r.id = t.recipient_id where t.uid = ?`,
    );
    this.#enrol = sqlite.prepare(
      `insert into tags (uid, recipient_id, label, enrolled_by) values (@uid, @recipientId, @label, @by)
       on conflict (uid) do update set recipient_id = excluded.recipient_id, label = excluded.label,
         enrolled_by = excluded.enrolled_by`,
    );
    this.#recipientOf = sqlite.prepare(`select recipient_id as recipientId from tags where uid = ?`).pluck();
    this.#firstOf = sqlite
      .prepare('select uid from tags where recipient_id = ? order by uid limit 1')
      .pluck();
    this.#upsertServer = sqlite.prepare(
      `insert into tags (uid, recipient_id, label, source) values (@uid, @recipientId, @label, 'server')
       on conflict (uid) do update set recipient_id = excluded.recipient_id, label = excluded.label, source = 'server'`,
    );
    this.#delete = sqlite.prepare(`delete from tags where uid = ?`);
    // The server names tags in lowercase hex, this PC in uppercase.
    this.#sweep = sqlite.prepare(
      `delete from tags where source = 'server'
       and not exists (select 1 from sync_resync_seen s where s.entity = 'tag' and s.id = lower(tags.uid))`,
    );
    this.#forgetServer = sqlite.prepare(`delete from tags where source = 'server'`);
  }

  serialDocks(): SerialDockRecord[] {
    return (this.#docks.all() as StoredDock[]).map(dock);
  }

  serialDock(id: number): SerialDockRecord | undefined {
    const row = this.#dock.get(id) as StoredDock | undefined;
    return row ? dock(row) : undefined;
  }

  portTaken(path: string): boolean {
    return this.#dockAt.get(path) !== undefined;
  }

  addSerialDock(d: Pick<SerialDockRecord, 'path' | 'label' | 'kind' | 'baudRate'>): SerialDockRecord {
    return dock(this.#addDock.get(d) as StoredDock);
  }

  removeSerialDock(id: number): void {
    this.#removeDock.run(id);
  }

  /** Every tag with its home's recipient, or the one with `uid`. */
  tags(uid?: string): TagRow[] {
    const rows = (uid === undefined ? this.#tags.all() : this.#tag.all(uid)) as (Omit<
      TagRow,
      'protectedIdentity'
    > & { protectedIdentity: number })[];
    return rows.map((t) => ({ ...t, protectedIdentity: t.protectedIdentity === 1 }));
  }

  enrol(tag: { uid: string; recipientId: string | null; label: string }, by: string | null): void {
    this.#enrol.run({ ...tag, by });
  }

  /** The recipient whose home a tag is in: null for a tag of no one, undefined for an unknown tag. */
  recipientOf(uid: string): string | null | undefined {
    return this.#recipientOf.get(uid) as string | null | undefined;
  }

  /** One tag of a recipient's home, for a registration made by hand. */
  firstTagOf(recipientId: string): string | undefined {
    return this.#firstOf.get(recipientId) as string | undefined;
  }

  upsertFromServer(t: Tag): boolean {
    this.#upsertServer.run({ uid: t.id.toUpperCase(), recipientId: t.recipientId, label: t.label ?? '' });
    return true;
  }

  removeFromServer(id: string): boolean {
    this.#delete.run(id.toUpperCase());
    return true;
  }

  sweepUnseen(): number {
    return this.#sweep.run().changes;
  }

  forgetServerRows(): void {
    this.#forgetServer.run();
  }
}
