// What a person's data request reads and erases. The reads are of the areas' tables by one
// recipient; the erasure runs the same statements on the live database and on each kept backup
// (of any schema age since 0002), which is why it is one set of plain statements here.
import type Database from 'better-sqlite3';
import type { Erasure } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface PersonRecipient {
  id: string;
  name: string;
  personalId: string | null;
  address: string | null;
  protectedIdentity: number;
}

export interface PersonRegistration {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  correctedTime: string;
  kind: string;
  taskCode: number | null;
  staffId: string | null;
  flags: string;
}

export interface ConfirmedErasure {
  recipientId: string;
  name: string | null;
  personalId: string | null;
  erasedAt: string | null;
}

export class PeopleData implements ServerRows<Erasure> {
  readonly #recipients: Database.Statement;
  readonly #registrations: Database.Statement;
  readonly #corrections: Database.Statement;
  readonly #plans: Database.Statement;
  readonly #orders: Database.Statement;
  readonly #audit: Database.Statement;
  readonly #notices: Database.Statement;
  readonly #confirm: Database.Statement;
  readonly #confirmed: Database.Statement;
  readonly #erased: Database.Statement;
  readonly #remove: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#recipients = sqlite.prepare(
      `select id, name, personal_id as personalId, address, protected_identity as protectedIdentity
       from recipients where personal_id is not null`,
    );
    // No index leads with the recipient: a request is rare, and one more index would cost every docking.
    this.#registrations = sqlite.prepare(
      `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime,
              corrected_time as correctedTime, kind, task_code as taskCode, staff_id as staffId, flags
       from registrations where recipient_id = ? order by corrected_time, id`,
    );
    this.#corrections = sqlite.prepare(
      `select c.id, c.corrects_id as correctsId, c.reason, c.changes, c.created_at as createdAt, c.created_by as createdBy
       from corrections c join registrations r on r.id = c.corrects_id where r.recipient_id = ? order by c.created_at`,
    );
    this.#plans = sqlite.prepare(
      `select id, staff_ids as staffIds, planned_start as plannedStart, planned_end as plannedEnd, tasks, status
       from visit_plans where recipient_id = ? order by planned_start`,
    );
    this.#orders = sqlite.prepare(
      `select o.id, o.valid_from as validFrom, o.valid_to as validTo, s.code, s.name, s.granted_minutes_per_month as grantedMinutesPerMonth
       from orders o left join order_services s on s.order_id = o.id where o.recipient_id = ? order by o.valid_from, s.code`,
    );
    this.#audit = sqlite.prepare(
      `select at, actor, action, details from audit_log where subject = ? order by id`,
    );
    this.#notices = sqlite.prepare(
      `select id, kind, channel, state, created_at as createdAt from jobs where instr(payload, ?) > 0 order by id`,
    );
    this.#confirm = sqlite.prepare(
      `insert into erasures (recipient_id, personal_id_hash, name, personal_id, confirmed_at)
       select @id, @hash, r.name, r.personal_id, @now from (select 1) left join recipients r on r.id = @id
       where true
       on conflict (recipient_id) do update set personal_id_hash = excluded.personal_id_hash,
         name = coalesce(erasures.name, excluded.name), personal_id = coalesce(erasures.personal_id, excluded.personal_id)`,
    );
    this.#confirmed = sqlite.prepare(
      `select recipient_id as recipientId, name, personal_id as personalId, erased_at as erasedAt
       from erasures where personal_id_hash = ?`,
    );
    this.#erased = sqlite.prepare(
      `update erasures set erased_at = ?, name = null, personal_id = null where recipient_id = ?`,
    );
    this.#remove = sqlite.prepare(`delete from erasures where recipient_id = ? and erased_at is null`);
  }

  /** Recipients with a personnummer; the caller compares the normalised forms. */
  withPersonalId(): PersonRecipient[] {
    return this.#recipients.all() as PersonRecipient[];
  }

  registrations(recipientId: string): PersonRegistration[] {
    return this.#registrations.all(recipientId) as PersonRegistration[];
  }

  corrections(recipientId: string): Record<string, unknown>[] {
    return this.#corrections.all(recipientId) as Record<string, unknown>[];
  }

  plans(recipientId: string): Record<string, string>[] {
    return this.#plans.all(recipientId) as Record<string, string>[];
  }

  orders(recipientId: string): Record<string, string | number | null>[] {
    return this.#orders.all(recipientId) as Record<string, string | number | null>[];
  }

  /** Audit entries about the recipient: who opened their details and when. */
  audit(recipientId: string): { at: string; actor: string | null; action: string; details: string }[] {
    return this.#audit.all(recipientId) as {
      at: string;
      actor: string | null;
      action: string;
      details: string;
    }[];
  }

  /** Notices (email, SMS jobs) whose payload names the recipient. */
  notices(needle: string): Record<string, string | number>[] {
    return this.#notices.all(needle) as Record<string, string | number>[];
  }

  /** Erasures the server confirmed for this personnummer hash. */
  confirmed(personalIdHash: string): ConfirmedErasure[] {
    return this.#confirmed.all(personalIdHash) as ConfirmedErasure[];
  }

  markErased(recipientId: string, at: string): void {
    this.#erased.run(at, recipientId);
  }

  upsertFromServer(row: Erasure, now: string): boolean {
    this.#confirm.run({ id: row.id, hash: row.personalIdHash, now });
    return true;
  }

  removeFromServer(id: string): boolean {
    this.#remove.run(id);
    return true;
  }

  /** A confirmation stays: what was erased here stays erased. */
  sweepUnseen(): number {
    return 0;
  }

  forgetServerRows(): void {}
}

/**
 * Erases a recipient from one database: their row and notices go, and what must stay as evidence
 * for payment (registrations, plans, orders) keeps only a pseudonym that names nobody. The tables
 * are the old ones every backup has; a table a backup lacks is skipped.
 */
export function eraseRecipient(
  sqlite: Database.Database,
  person: { id: string; name: string; personalId: string | null },
  pseudonym: string,
): number {
  const recipientId = person.id;
  // Free text a person typed may name them: a correction's reason, a notice's text.
  const names = [person.name, person.personalId].filter((n): n is string => !!n && n.length >= 3);
  const tables = new Set(
    sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[],
  );
  const run = (table: string, sql: string, ...args: unknown[]) =>
    tables.has(table) ? sqlite.prepare(sql).run(...args).changes : 0;
  return sqlite.transaction(() => {
    const registrations = run(
      'registrations',
      'update registrations set recipient_id = ? where recipient_id = ?',
      pseudonym,
      recipientId,
    );
    run(
      'visit_plans',
      'update visit_plans set recipient_id = ? where recipient_id = ?',
      pseudonym,
      recipientId,
    );
    run(
      'visit_plan_edits',
      `update visit_plan_edits set payload = json_set(payload, '$.recipientId', ?) where json_extract(payload, '$.recipientId') = ?`,
      pseudonym,
      recipientId,
    );
    run('orders', 'update orders set recipient_id = ? where recipient_id = ?', pseudonym, recipientId);
    run('tags', 'update tags set recipient_id = null where recipient_id = ?', recipientId);
    for (const needle of [recipientId, ...names])
      run('jobs', 'delete from jobs where instr(payload, ?) > 0', needle);
    for (const name of names)
      run(
        'corrections',
        `update corrections set reason = replace(reason, ?, '***') where instr(reason, ?) > 0`,
        name,
        name,
      );
    run('recipients', 'delete from recipients where id = ?', recipientId);
    return registrations;
  })();
}
