// The attestations table: a month locked as the basis for payment, for the whole provider or one
// recipient; reopening is recorded on the row, never a deletion.
import type Database from 'better-sqlite3';

export interface AttestationRow {
  id: string;
  periodStart: string;
  periodEnd: string;
  recipientId: string | null;
  attestedAt: string;
  attestedBy: string;
  registrationCount: number;
  note: string | null;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
  version: number;
  /** JSON of the figures at the attest (see snapshot.ts); null for an attest made before snapshots. */
  snapshot: string | null;
  openProblems: string | null;
}

export type AttestationPushRow = Pick<
  AttestationRow,
  | 'id'
  | 'periodStart'
  | 'periodEnd'
  | 'attestedAt'
  | 'attestedBy'
  | 'registrationCount'
  | 'note'
  | 'version'
  | 'snapshot'
>;

const columns = `id, period_start as periodStart, period_end as periodEnd, recipient_id as recipientId,
  attested_at as attestedAt, attested_by as attestedBy, registration_count as registrationCount, note,
  reopened_at as reopenedAt, reopened_by as reopenedBy, reopen_reason as reopenReason, version, snapshot,
  open_problems as openProblems`;

export class AttestationData {
  readonly #list: Database.Statement;
  readonly #get: Database.Statement;
  readonly #active: Database.Statement;
  readonly #locked: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #reopen: Database.Statement;
  readonly #forPush: Database.Statement;
  readonly #made: Database.Statement;
  readonly #inForce: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#list = sqlite.prepare(
      `select ${columns} from attestations order by period_start desc, attested_at desc`,
    );
    this.#get = sqlite.prepare(`select ${columns} from attestations where id = ?`);
    this.#active = sqlite.prepare(
      `select period_start as periodStart, recipient_id as recipientId, attested_at as attestedAt
       from attestations where reopened_at is null`,
    );
    this.#locked = sqlite.prepare(
      'select 1 from attestations where period_start = ? and reopened_at is null and (recipient_id is null or recipient_id is ?)',
    );
    this.#insert = sqlite.prepare(
      `insert into attestations (id, period_start, period_end, recipient_id, attested_at, attested_by, registration_count, note,
         version, snapshot, open_problems)
       values (@id, @periodStart, @periodEnd, @recipientId, @attestedAt, @attestedBy, @registrationCount, @note,
         @version, @snapshot, @openProblems)`,
    );
    this.#made = sqlite
      .prepare('select count(*) from attestations where period_start = ? and recipient_id is ?')
      .pluck();
    this.#inForce = sqlite.prepare(
      `select ${columns} from attestations where period_start = ? and reopened_at is null order by attested_at`,
    );
    this.#reopen = sqlite.prepare(
      'update attestations set reopened_at = ?, reopened_by = ?, reopen_reason = ? where id = ?',
    );
    this.#forPush = sqlite.prepare(
      `select id, period_start as periodStart, period_end as periodEnd, attested_at as attestedAt,
       attested_by as attestedBy, registration_count as registrationCount, note, version, snapshot
       from attestations where id in (select value from json_each(?))`,
    );
  }

  list(): AttestationRow[] {
    return this.#list.all() as AttestationRow[];
  }

  get(id: string): AttestationRow | undefined {
    return this.#get.get(id) as AttestationRow | undefined;
  }

  /** The locks in force: attestations not reopened. */
  active(): { periodStart: string; recipientId: string | null; attestedAt: string }[] {
    return this.#active.all() as { periodStart: string; recipientId: string | null; attestedAt: string }[];
  }

  /** Whether a month (by its first day) is locked for the recipient, or for everyone. */
  isLocked(periodStart: string, recipientId: string | null): boolean {
    return this.#locked.get(periodStart, recipientId) !== undefined;
  }

  insert(row: Omit<AttestationRow, 'reopenedAt' | 'reopenedBy' | 'reopenReason'>): void {
    this.#insert.run(row);
  }

  /** How many attests a period has had for the recipient (or the whole provider, null). */
  made(periodStart: string, recipientId: string | null): number {
    return this.#made.get(periodStart, recipientId) as number;
  }

  /** The attests in force for a month: the provider's and each recipient's. */
  inForce(periodStart: string): AttestationRow[] {
    return this.#inForce.all(periodStart) as AttestationRow[];
  }

  reopen(id: string, at: string, by: string, reason: string): void {
    this.#reopen.run(at, by, reason, id);
  }

  forPush(ids: readonly string[]): AttestationPushRow[] {
    return this.#forPush.all(JSON.stringify(ids)) as AttestationPushRow[];
  }
}
