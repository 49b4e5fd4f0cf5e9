import { and, asc, eq, isNull } from 'drizzle-orm';
import type {
  AssignmentRecord,
  PenInfo,
  SerialDockRecord,
  StaffRecord,
  TagRecord,
} from '../../shared/api/procedures/devices.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Actor, AuditLog } from '../audit.ts';
import type { Db } from '../db/open.ts';
import { penAssignments, pens, recipients, serialDocks, staff, tags } from '../db/schema.ts';
import { uuidv7 } from '../ids.ts';
import { mayIdentify, type Viewer } from '../recipients/identity.ts';

/** Staff, pens and who carries them, docks on serial ports, and the tags in recipients' homes. */
export class DeviceRegistry {
  readonly #db: Db;
  readonly #audit: AuditLog;
  constructor(db: Db, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
  }

  listStaff(): StaffRecord[] {
    return this.#db
      .select({ id: staff.id, name: staff.name, active: staff.active, source: staff.source })
      .from(staff)
      .orderBy(asc(staff.name))
      .all();
  }

  createStaff(actor: Actor, name: string): StaffRecord {
    const id = uuidv7();
    this.#db.transaction((tx) => {
      tx.insert(staff).values({ id, name }).run();
      this.#audit.record(actor, 'staff.create', id, { name });
    });
    return { id, name, active: true, source: 'local' };
  }

  /** Who carries the pen at a moment (now by default), by the assignment history. */
  currentStaff(serial: string, at = new Date().toISOString()): { id: string; name: string } | null {
    const row = this.#db
      .select({
        id: staff.id,
        name: staff.name,
        validFrom: penAssignments.validFrom,
        validTo: penAssignments.validTo,
      })
      .from(penAssignments)
      .innerJoin(staff, eq(staff.id, penAssignments.staffId))
      .where(eq(penAssignments.penSerial, serial))
      .orderBy(asc(penAssignments.validFrom))
      .all()
      .filter((a) => a.validFrom <= at && (a.validTo === null || a.validTo > at))
      .at(-1);
    return row ? { id: row.id, name: row.name } : null;
  }

  listPens(): PenInfo[] {
    return this.#db
      .select()
      .from(pens)
      .orderBy(asc(pens.serial))
      .all()
      .map((p) => this.#penInfo(p));
  }

  #penInfo(p: typeof pens.$inferSelect, now = new Date().toISOString()): PenInfo {
    return {
      serial: p.serial,
      model: p.model,
      firmware: p.firmware,
      label: p.label,
      firstSeenAt: p.firstSeenAt,
      lastSeenAt: p.lastSeenAt,
      batteryPercent: p.batteryPercent,
      highestSeq: p.highestSeq,
      staff: this.currentStaff(p.serial, now),
    };
  }

  #pen(serial: string): PenInfo {
    const pen = this.#db.select().from(pens).where(eq(pens.serial, serial)).get();
    if (!pen) throw new CareDockError('devices.penUnknown', { pen: serial });
    return this.#penInfo(pen);
  }

  updatePen(actor: Actor, serial: string, label: string): PenInfo {
    this.#pen(serial);
    this.#db.transaction((tx) => {
      tx.update(pens).set({ label }).where(eq(pens.serial, serial)).run();
      this.#audit.record(actor, 'pens.update', serial, { label });
    });
    return this.#pen(serial);
  }

  assignments(serial: string): AssignmentRecord[] {
    return this.#db
      .select({
        id: penAssignments.id,
        penSerial: penAssignments.penSerial,
        staffId: penAssignments.staffId,
        staffName: staff.name,
        validFrom: penAssignments.validFrom,
        validTo: penAssignments.validTo,
        assignedBy: penAssignments.assignedBy,
      })
      .from(penAssignments)
      .innerJoin(staff, eq(staff.id, penAssignments.staffId))
      .where(eq(penAssignments.penSerial, serial))
      .orderBy(asc(penAssignments.validFrom))
      .all();
  }

  /**
   * Hands a pen to a staff member from a moment on (or takes it back with staffId null). The
   * open assignment ends at that moment; history is never rewritten, so old registrations keep
   * the person who carried the pen then.
   */
  assign(actor: Actor, serial: string, staffId: string | null, from: string): AssignmentRecord[] {
    this.#pen(serial);
    this.#db.transaction((tx) => {
      if (staffId !== null && !tx.select({ id: staff.id }).from(staff).where(eq(staff.id, staffId)).get()) {
        throw new CareDockError('devices.staffUnknown');
      }
      tx.update(penAssignments)
        .set({ validTo: from })
        .where(and(eq(penAssignments.penSerial, serial), isNull(penAssignments.validTo)))
        .run();
      if (staffId !== null) {
        tx.insert(penAssignments)
          .values({ penSerial: serial, staffId, validFrom: from, assignedBy: actor.username })
          .run();
      }
      this.#audit.record(actor, 'pens.assign', serial, { staffId, from });
    });
    return this.assignments(serial);
  }

  /** Called when a pen identifies itself at a dock. */
  seePen(identity: { serial: string; model: string; firmware: string; batteryPercent: number }): void {
    const now = new Date().toISOString();
    this.#db
      .insert(pens)
      .values({
        serial: identity.serial,
        model: identity.model,
        firmware: identity.firmware,
        batteryPercent: identity.batteryPercent,
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .onConflictDoUpdate({
        target: pens.serial,
        set: {
          model: identity.model,
          firmware: identity.firmware,
          batteryPercent: identity.batteryPercent,
          lastSeenAt: now,
        },
      })
      .run();
  }

  listSerialDocks(): SerialDockRecord[] {
    return this.#db.select().from(serialDocks).orderBy(asc(serialDocks.path)).all();
  }

  addSerialDock(
    actor: Actor,
    input: { path: string; label: string; kind: 'pen-dock' | 'tag-reader'; baudRate?: number | undefined },
  ): SerialDockRecord {
    if (
      this.#db.select({ id: serialDocks.id }).from(serialDocks).where(eq(serialDocks.path, input.path)).get()
    ) {
      throw new CareDockError('devices.portTaken', { port: input.path });
    }
    const baudRate = input.baudRate ?? (input.kind === 'tag-reader' ? 9600 : 115200);
    const row = this.#db.transaction((tx) => {
      const inserted = tx
        .insert(serialDocks)
        .values({ path: input.path, label: input.label, kind: input.kind, baudRate })
        .returning()
        .get();
      this.#audit.record(actor, 'serialDocks.add', input.path, { kind: input.kind });
      return inserted;
    });
    return row;
  }

  removeSerialDock(actor: Actor, id: number): void {
    this.#db.transaction((tx) => {
      const row = tx.select().from(serialDocks).where(eq(serialDocks.id, id)).get();
      tx.delete(serialDocks).where(eq(serialDocks.id, id)).run();
      if (row) this.#audit.record(actor, 'serialDocks.remove', row.path);
    });
  }

  listTags(viewer: Viewer): TagRecord[] {
    return this.#tags(viewer);
  }

  /** Tags with their home's name as the viewer may see it; all, or the one with `uid`. */
  #tags(viewer: Viewer, uid?: string): TagRecord[] {
    return this.#db
      .select({
        uid: tags.uid,
        recipientId: tags.recipientId,
        recipientName: recipients.name,
        protectedIdentity: recipients.protectedIdentity,
        label: tags.label,
        enrolledAt: tags.enrolledAt,
      })
      .from(tags)
      .leftJoin(recipients, eq(recipients.id, tags.recipientId))
      .where(uid === undefined ? undefined : eq(tags.uid, uid))
      .orderBy(asc(tags.uid))
      .all()
      .map(({ protectedIdentity, ...t }) => ({
        ...t,
        recipientName: mayIdentify(viewer, { protectedIdentity: protectedIdentity === true })
          ? t.recipientName
          : null,
      }));
  }

  enrolTag(
    actor: Actor & Viewer,
    input: { uid: string; recipientId: string | null; label: string },
  ): TagRecord {
    this.#db.transaction((tx) => {
      if (
        input.recipientId !== null &&
        !tx.select({ id: recipients.id }).from(recipients).where(eq(recipients.id, input.recipientId)).get()
      ) {
        throw new CareDockError('devices.recipientUnknown');
      }
      tx.insert(tags)
        .values({
          uid: input.uid,
          recipientId: input.recipientId,
          label: input.label,
          enrolledBy: actor.username,
        })
        .onConflictDoUpdate({
          target: tags.uid,
          set: { recipientId: input.recipientId, label: input.label, enrolledBy: actor.username },
        })
        .run();
      this.#audit.record(actor, 'tags.enrol', input.uid, { recipientId: input.recipientId });
    });
    const [tag] = this.#tags(actor, input.uid);
    if (!tag) throw new CareDockError('internal.unexpected', { time: new Date().toISOString() });
    return tag;
  }
}
