// Staff and their pens: who carries which pen from when. History is never rewritten, so an old
// registration keeps the person who carried the pen then.
import type Database from 'better-sqlite3';
import type { AssignmentRecord, PenInfo, StaffRecord } from '../../shared/api/procedures/devices.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Actor, AuditLog } from '../audit/log.ts';
import { uuidv7 } from '../ids.ts';
import type { PenRow, StaffData } from './data.ts';

export class StaffRegistry {
  readonly #sqlite: Database.Database;
  readonly #data: StaffData;
  readonly #audit: AuditLog;

  constructor(sqlite: Database.Database, data: StaffData, audit: AuditLog) {
    this.#sqlite = sqlite;
    this.#data = data;
    this.#audit = audit;
  }

  listStaff(): StaffRecord[] {
    return this.#data.list();
  }

  createStaff(actor: Actor, name: string): StaffRecord {
    const id = uuidv7();
    this.#sqlite.transaction(() => {
      this.#data.insert(id, name);
      this.#audit.record(actor, 'staff.create', id, { name });
    })();
    return { id, name, active: true, source: 'local' };
  }

  /** Who carries the pen at a moment (now by default), by the assignment history. */
  currentStaff(serial: string, at = new Date().toISOString()): { id: string; name: string } | null {
    const row = this.#data
      .assignments(serial)
      .filter((a) => a.validFrom <= at && (a.validTo === null || a.validTo > at))
      .at(-1);
    return row ? { id: row.staffId, name: row.staffName } : null;
  }

  listPens(): PenInfo[] {
    const now = new Date().toISOString();
    return this.#data.pens().map((p) => this.#penInfo(p, now));
  }

  #penInfo(p: PenRow, now = new Date().toISOString()): PenInfo {
    return { ...p, staff: this.currentStaff(p.serial, now) };
  }

  #pen(serial: string): PenInfo {
    const pen = this.#data.pen(serial);
    if (!pen) throw new CareDockError('devices.penUnknown', { pen: serial });
    return this.#penInfo(pen);
  }

  updatePen(actor: Actor, serial: string, label: string): PenInfo {
    this.#pen(serial);
    this.#sqlite.transaction(() => {
      this.#data.setPenLabel(serial, label);
      this.#audit.record(actor, 'pens.update', serial, { label });
    })();
    return this.#pen(serial);
  }

  assignments(serial: string): AssignmentRecord[] {
    return this.#data.assignments(serial);
  }

  /**
   * Hands a pen to a staff member from a moment on (or takes it back with staffId null). The
   * open assignment ends at that moment.
   */
  assign(actor: Actor, serial: string, staffId: string | null, from: string): AssignmentRecord[] {
    this.#pen(serial);
    this.#sqlite.transaction(() => {
      if (staffId !== null && !this.#data.exists(staffId)) throw new CareDockError('devices.staffUnknown');
      this.#data.assign(serial, staffId, from, actor.username);
      this.#audit.record(actor, 'pens.assign', serial, { staffId, from });
    })();
    return this.assignments(serial);
  }

  /** Called when a pen identifies itself at a dock. */
  seePen(identity: { serial: string; model: string; firmware: string; batteryPercent: number }): void {
    this.#data.seePen(identity, new Date().toISOString());
  }
}
