// Test data written straight into a workstation's SQLite file (<data dir>/caredock.db) while no
// host has it open: staff, recipients with tags and orders, registrations and planned visits.
// Times are local wall-clock times in Europe/Stockholm, the zone the tests' browser runs in.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { zonedInstant } from '../../../src/shared/domain/time.ts';

export const timeZone = 'Europe/Stockholm';

export interface Staff {
  id: string;
  name: string;
}
export interface Recipient {
  id: string;
  name: string;
  protectedIdentity?: boolean;
  personalId?: string;
  address?: string;
  tag: string;
}
export interface Order {
  id: string;
  recipientId: string;
  validFrom: string;
  validTo: string | null;
  services: { code: string; name: string; minutesPerMonth: number }[];
  /** Imported from the municipality's BFU file: its name, when, and the order's version. */
  origin?: { file: string; importedAt: string; version: number };
}
export interface Registration {
  id?: string;
  staffId: string;
  recipientId: string;
  date: string;
  time: string;
  kind: 'arrive' | 'depart' | 'task';
  taskCode?: number;
}
export interface Plan {
  id?: string;
  recipientId: string;
  orderId: string | null;
  staffIds: string[];
  date: string;
  start: string;
  end: string;
  tasks?: string[];
}

export interface Seed {
  staff?: Staff[];
  recipients?: Recipient[];
  orders?: Order[];
  registrations?: Registration[];
  plans?: Plan[];
}

/** The instant of a local date and time as an ISO string. */
export function isoAt(date: string, time: string): string {
  return new Date(zonedInstant(date, time, timeZone)).toISOString();
}

/** Today's date in the municipality's zone (YYYY-MM-DD). */
export function localToday(now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function seedDatabase(dataDir: string, seed: Seed): void {
  const db = new Database(path.join(dataDir, 'caredock.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const now = new Date().toISOString();
  db.transaction(() => {
    const staff = db.prepare("insert into staff (id, name, active, source) values (?, ?, 1, 'local')");
    for (const s of seed.staff ?? []) staff.run(s.id, s.name);
    const recipient = db.prepare(
      "insert into recipients (id, name, protected_identity, source, personal_id, address) values (?, ?, ?, 'local', ?, ?)",
    );
    const tag = db.prepare("insert into tags (uid, recipient_id, label, source) values (?, ?, '', 'local')");
    for (const r of seed.recipients ?? []) {
      recipient.run(r.id, r.name, r.protectedIdentity ? 1 : 0, r.personalId ?? null, r.address ?? null);
      tag.run(r.tag, r.id);
    }
    const order = db.prepare(
      "insert into orders (id, recipient_id, valid_from, valid_to, version, origin_file, origin_at, source) values (?, ?, ?, ?, ?, ?, ?, 'server')",
    );
    const service = db.prepare(
      'insert into order_services (order_id, code, name, granted_minutes_per_month) values (?, ?, ?, ?)',
    );
    for (const o of seed.orders ?? []) {
      order.run(
        o.id,
        o.recipientId,
        o.validFrom,
        o.validTo,
        o.origin?.version ?? null,
        o.origin?.file ?? null,
        o.origin?.importedAt ?? null,
      );
      for (const s of o.services) service.run(o.id, s.code, s.name, s.minutesPerMonth);
    }
    const tagOf = new Map((seed.recipients ?? []).map((r) => [r.id, r.tag]));
    const registration = db.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, null, ?)`,
    );
    let sequence = 0;
    for (const r of seed.registrations ?? []) {
      const at = isoAt(r.date, r.time);
      const tagUid = tagOf.get(r.recipientId) ?? '00000000';
      registration.run(
        r.id ?? randomUUID(),
        `PEN-${r.staffId}`,
        ++sequence,
        tagUid,
        at,
        at,
        r.kind,
        r.taskCode ?? null,
        r.staffId,
        r.recipientId,
        now,
      );
    }
    const plan = db.prepare(
      `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by, source)
       values (?, ?, ?, ?, ?, ?, ?, 'planned', ?, 'seed', 'local')`,
    );
    for (const p of seed.plans ?? []) {
      plan.run(
        p.id ?? randomUUID(),
        p.recipientId,
        p.orderId,
        JSON.stringify(p.staffIds),
        isoAt(p.date, p.start),
        isoAt(p.date, p.end),
        JSON.stringify(p.tasks ?? []),
        now,
      );
    }
  })();
  db.close();
}
