// Staff, their pens and who carried which pen when. Staff come down from the server or are added
// here; pens are registered by docking; assignments are history, never rewritten.
import type Database from 'better-sqlite3';
import type { AssignmentRecord, StaffRecord } from '../../shared/api/procedures/devices.ts';
import type { Staff } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface PenRow {
  serial: string;
  model: string;
  firmware: string;
  label: string;
  firstSeenAt: string;
  lastSeenAt: string;
  batteryPercent: number | null;
  highestSeq: number;
}

export interface StaffContact {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface AssignmentSpan {
  staffId: string;
  validFrom: string;
  validTo: string | null;
}

export class StaffData implements ServerRows<Staff> {
  readonly #list: Database.Statement;
  readonly #names: Database.Statement;
  readonly #contacts: Database.Statement;
  readonly #setContact: Database.Statement;
  readonly #calendarAddresses: Database.Statement;
  readonly #setCalendarAddress: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #exists: Database.Statement;
  readonly #pens: Database.Statement;
  readonly #pen: Database.Statement;
  readonly #setLabel: Database.Statement;
  readonly #seePen: Database.Statement;
  readonly #raiseHighest: Database.Statement;
  readonly #highestSeq: Database.Statement;
  readonly #assignments: Database.Statement;
  readonly #spans: Database.Statement;
  readonly #endOpen: Database.Statement;
  readonly #assign: Database.Statement;
  readonly #upsertServer: Database.Statement;
  readonly #deleteUnassigned: Database.Statement;
  readonly #deactivate: Database.Statement;
  readonly #sweepDelete: Database.Statement;
  readonly #sweepDeactivate: Database.Statement;
  readonly #forgetDelete: Database.Statement;
  readonly #forgetDeactivate: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#list = sqlite.prepare('select id, name, active, source from staff order by name');
    this.#names = sqlite.prepare('select id, name from staff');
    this.#contacts = sqlite.prepare(
      'select id, name, phone, email from staff where active = 1 order by name',
    );
    this.#setContact = sqlite.prepare('update staff set phone = ?, email = ? where id = ?');
    this.#calendarAddresses = sqlite.prepare(
      'select id, name, active, calendar_address as address from staff order by name, id',
    );
    this.#setCalendarAddress = sqlite.prepare('update staff set calendar_address = ? where id = ?');
    this.#insert = sqlite.prepare("insert into staff (id, name, source) values (?, ?, 'local')");
    this.#exists = sqlite.prepare('select 1 from staff where id = ?');
    const penColumns = `serial, model, firmware, label, first_seen_at as firstSeenAt, last_seen_at as lastSeenAt,
      battery_percent as batteryPercent, highest_seq as highestSeq`;
    this.#pens = sqlite.prepare(`select ${penColumns} from pens order by serial`);
    this.#pen = sqlite.prepare(`select ${penColumns} from pens where serial = ?`);
    this.#setLabel = sqlite.prepare('update pens set label = ? where serial = ?');
    this.#seePen = sqlite.prepare(
      `insert into pens (serial, model, firmware, battery_percent, first_seen_at, last_seen_at)
       values (@serial, @model, @firmware, @batteryPercent, @now, @now)
       on conflict (serial) do update set model = excluded.model, firmware = excluded.firmware,
         battery_percent = excluded.battery_percent, last_seen_at = excluded.last_seen_at`,
    );
    this.#raiseHighest = sqlite.prepare(`update pens set highest_seq = max(highest_seq, ?) where serial = ?`);
    this.#highestSeq = sqlite.prepare(`select highest_seq from pens where serial = ?`).pluck();
    this.#assignments = sqlite.prepare(
      `select a.id, a.pen_serial as penSerial, a.staff_id as staffId, s.name as staffName,
              a.valid_from as validFrom, a.valid_to as validTo, a.assigned_by as assignedBy
       from pen_assignments a join staff s on s.id = a.staff_id
       where a.pen_serial = ? order by a.valid_from`,
    );
    this.#spans = sqlite.prepare(
      `select staff_id as staffId, valid_from as validFrom, valid_to as validTo from pen_assignments
       where pen_serial = ? order by valid_from`,
    );
    this.#endOpen = sqlite.prepare(
      'update pen_assignments set valid_to = ? where pen_serial = ? and valid_to is null',
    );
    this.#assign = sqlite.prepare(
      'insert into pen_assignments (pen_serial, staff_id, valid_from, assigned_by) values (?, ?, ?, ?)',
    );
    this.#upsertServer = sqlite.prepare(
      `insert into staff (id, name, active, source, updated_at) values (@id, @name, @active, 'server', @now)
       on conflict (id) do update set name = excluded.name, active = excluded.active, source = 'server',
         updated_at = excluded.updated_at`,
    );
    // Someone who carried a pen stays (inactive): their registrations must keep a name.
    this.#deleteUnassigned = sqlite.prepare(
      `delete from staff where id = ? and not exists (select 1 from pen_assignments where staff_id = staff.id)`,
    );
    this.#deactivate = sqlite.prepare(`update staff set active = 0, updated_at = ? where id = ?`);
    const unseen = `not exists (select 1 from sync_resync_seen s where s.entity = 'staff' and s.id = staff.id)`;
    this.#sweepDelete = sqlite.prepare(
      `delete from staff where source = 'server' and ${unseen}
       and not exists (select 1 from pen_assignments a where a.staff_id = staff.id)`,
    );
    this.#sweepDeactivate = sqlite.prepare(
      `update staff set active = 0, updated_at = ? where source = 'server' and active = 1 and ${unseen}`,
    );
    this.#forgetDelete = sqlite.prepare(
      `delete from staff where source = 'server' and not exists (select 1 from pen_assignments a where a.staff_id = staff.id)`,
    );
    this.#forgetDeactivate = sqlite.prepare(`update staff set active = 0 where source = 'server'`);
  }

  list(): StaffRecord[] {
    return (this.#list.all() as (Omit<StaffRecord, 'active'> & { active: number })[]).map((s) => ({
      ...s,
      active: s.active === 1,
    }));
  }

  /** Where a late change reaches each active staff member (kept locally, not synced). */
  /** Whose Exchange calendar holds each person's visits (the calendar area writes to it). */
  calendarAddresses(): { id: string; name: string; active: boolean; address: string | null }[] {
    return (
      this.#calendarAddresses.all() as { id: string; name: string; active: number; address: string | null }[]
    ).map((r) => ({ ...r, active: r.active === 1 }));
  }

  setCalendarAddress(id: string, address: string | null): boolean {
    return this.#setCalendarAddress.run(address, id).changes > 0;
  }

  contacts(): StaffContact[] {
    return this.#contacts.all() as StaffContact[];
  }

  setContact(id: string, phone: string | null, email: string | null): boolean {
    return this.#setContact.run(phone, email, id).changes > 0;
  }

  names(): { id: string; name: string }[] {
    return this.#names.all() as { id: string; name: string }[];
  }

  insert(id: string, name: string): void {
    this.#insert.run(id, name);
  }

  exists(id: string): boolean {
    return this.#exists.get(id) !== undefined;
  }

  pens(): PenRow[] {
    return this.#pens.all() as PenRow[];
  }

  pen(serial: string): PenRow | undefined {
    return this.#pen.get(serial) as PenRow | undefined;
  }

  setPenLabel(serial: string, label: string): void {
    this.#setLabel.run(label, serial);
  }

  /** A pen identified itself at a dock: first seen now, or seen again. */
  seePen(
    pen: { serial: string; model: string; firmware: string; batteryPercent: number },
    now: string,
  ): void {
    this.#seePen.run({ ...pen, now });
  }

  /** The highest sequence ever stored for the pen (a pen reporting less has lost memory). */
  raiseHighestSeq(serial: string, sequence: number): void {
    this.#raiseHighest.run(sequence, serial);
  }

  /** The highest sequence ever stored from this pen (0 when none). */
  highestSeq(serial: string): number {
    return (this.#highestSeq.get(serial) as number | undefined) ?? 0;
  }

  assignments(serial: string): AssignmentRecord[] {
    return this.#assignments.all(serial) as AssignmentRecord[];
  }

  /** Who carried the pen when, oldest first. */
  spans(serial: string): AssignmentSpan[] {
    return this.#spans.all(serial) as AssignmentSpan[];
  }

  /** Ends the open assignment at `from` and, for a staff member, opens theirs. */
  assign(serial: string, staffId: string | null, from: string, by: string | null): void {
    this.#endOpen.run(from, serial);
    if (staffId !== null) this.#assign.run(serial, staffId, from, by);
  }

  upsertFromServer(s: Staff, now: string): boolean {
    this.#upsertServer.run({ id: s.id, name: s.name, active: s.active ? 1 : 0, now });
    return true;
  }

  removeFromServer(id: string, now: string): boolean {
    if (this.#deleteUnassigned.run(id).changes === 0) this.#deactivate.run(now, id);
    return true;
  }

  sweepUnseen(now: string): number {
    const removed = this.#sweepDelete.run().changes;
    this.#sweepDeactivate.run(now);
    return removed;
  }

  forgetServerRows(): void {
    this.#forgetDelete.run();
    this.#forgetDeactivate.run();
  }
}
