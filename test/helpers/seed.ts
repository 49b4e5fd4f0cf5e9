import type Database from 'better-sqlite3';
import { uuidv7 } from '../../src/main/ids.ts';
import { zonedInstant } from '../../src/shared/domain/time.ts';

export const TZ = 'Europe/Stockholm';
export const at = (date: string, time: string) => new Date(zonedInstant(date, time, TZ)).toISOString();

export function seedPeople(sqlite: Database.Database): void {
  const staff = sqlite.prepare("insert into staff (id, name, source) values (?, ?, 'server')");
  staff.run('s-anna', 'Anna Undersköterska');
  staff.run('s-bo', 'Bo Vårdbiträde');
  const recipient = sqlite.prepare(
    "insert into recipients (id, name, personal_id, address, protected_identity, source) values (?, ?, ?, ?, ?, 'server')",
  );
  recipient.run('r-1', 'Karin Karlsson', '19121212-1212', 'Storgatan 1', 0);
  recipient.run('r-2', 'Skyddad Person', '19121212-1212', 'Hemlig väg 2', 1);
  recipient.run('r-3', '=HYPERLINK("http://x","y")', null, null, 0);
  const tag = sqlite.prepare(
    "insert into tags (uid, recipient_id, label, source) values (?, ?, '', 'server')",
  );
  tag.run('AAAAAAAA', 'r-1');
  tag.run('BBBBBBBB', 'r-2');
  tag.run('CCCCCCCC', 'r-3');
  const order = sqlite.prepare(
    "insert into orders (id, recipient_id, valid_from, valid_to, source) values (?, ?, ?, ?, 'server')",
  );
  const service = sqlite.prepare(
    'insert into order_services (order_id, code, name, granted_minutes_per_month) values (?, ?, ?, ?)',
  );
  order.run('o-1', 'r-1', '2026-01-01', null);
  service.run('o-1', 'PO', 'Personlig omvårdnad', 600);
  service.run('o-1', 'SE', 'Service', 120);
  order.run('o-2', 'r-2', '2026-01-01', '2026-12-31');
  service.run('o-2', 'PO', 'Personlig omvårdnad', 300);
  order.run('o-3', 'r-3', '2026-05-10', '2026-05-31');
  service.run('o-3', 'PO', 'Personlig omvårdnad', 310);
}

let sequence = 0;
export function seedRegistration(
  sqlite: Database.Database,
  r: {
    staffId: string | null;
    recipientId: string | null;
    tagUid: string;
    time: string;
    kind: 'arrive' | 'depart' | 'task';
    pen?: string;
  },
): string {
  const id = uuidv7();
  sqlite
    .prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?, null, '[]', ?, ?, null, ?)`,
    )
    .run(
      id,
      r.pen ?? 'PEN-1',
      ++sequence,
      r.tagUid,
      r.time,
      r.time,
      r.kind,
      r.staffId,
      r.recipientId,
      new Date().toISOString(),
    );
  sqlite.prepare("insert into outbox (kind, item_id) values ('registration', ?)").run(id);
  return id;
}
