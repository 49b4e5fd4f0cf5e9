// The corrections table: a manual fix beside the registration it corrects, append-only.
import type Database from 'better-sqlite3';
import type { RegistrationKind } from '../registrations/pairing.ts';

export interface CorrectionRow {
  id: string;
  correctsId: string | null;
  reason: string;
  /** JSON of the changed fields. */
  changes: string;
  createdAt: string;
  createdBy: string;
}

/** A correction with the stored values of the registration it corrects (null for a manual one). */
export interface CorrectionForPairing {
  id: string;
  correctsId: string | null;
  changes: string;
  createdAt: string;
  staffId: string | null;
  penSerial: string | null;
  recipientId: string | null;
  tagUid: string | null;
  correctedTime: string | null;
  kind: RegistrationKind | null;
  taskCode: number | null;
}

export class CorrectionData {
  readonly #insert: Database.Statement;
  readonly #forRegistration: Database.Statement;
  readonly #forPairing: Database.Statement;
  readonly #forPush: Database.Statement;
  readonly #ofRegistrations: Database.Statement;
  readonly #remove: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#ofRegistrations = sqlite.prepare(
      `select id, corrects_id as correctsId, changes from corrections
       where corrects_id in (select value from json_each(?))`,
    );
    this.#remove = sqlite.prepare('delete from corrections where id in (select value from json_each(?))');
    this.#insert = sqlite.prepare(
      'insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (@id, @correctsId, @reason, @changes, @createdAt, @createdBy)',
    );
    const columns =
      'id, corrects_id as correctsId, reason, changes, created_at as createdAt, created_by as createdBy';
    this.#forRegistration = sqlite.prepare(
      `select ${columns} from corrections where corrects_id = ? order by created_at, id`,
    );
    const pairingColumns = `c.id, c.corrects_id as correctsId, c.changes, c.created_at as createdAt,
              r.staff_id as staffId, r.pen_serial as penSerial, r.recipient_id as recipientId,
              r.tag_uid as tagUid, r.corrected_time as correctedTime, r.kind, r.task_code as taskCode`;
    this.#forPairing = sqlite.prepare(
      // Driven from the range's registrations (the pairing index) with a key lookup each into
      // corrections_target: years of corrections lie outside any range, and a scan of them all
      // grew with the history. The second part is the older form of a manual registration
      // (a correction of nothing) and its corrections, found through the same index.
      `select ${pairingColumns}
       from registrations r join corrections c on c.corrects_id = r.id
       where r.corrected_time >= ? and r.corrected_time < ?
       union all
       select ${pairingColumns}
       from corrections c left join registrations r on r.id = c.corrects_id
       where c.corrects_id is null
          or c.corrects_id in (select id from corrections where corrects_id is null)`,
    );
    this.#forPush = sqlite.prepare(
      `select ${columns} from corrections where id in (select value from json_each(?))`,
    );
  }

  insert(row: CorrectionRow): void {
    this.#insert.run(row);
  }

  forRegistration(registrationId: string): CorrectionRow[] {
    return this.#forRegistration.all(registrationId) as CorrectionRow[];
  }

  /**
   * The corrections of registrations in [from, to), every manual registration and the
   * corrections of those: what pairing a range needs.
   */
  forPairing(from: string, to: string): CorrectionForPairing[] {
    return this.#forPairing.all(from, to) as CorrectionForPairing[];
  }

  forPush(ids: readonly string[]): CorrectionRow[] {
    return this.#forPush.all(JSON.stringify(ids)) as CorrectionRow[];
  }

  /** The corrections of these registrations (what retention must check before removing them). */
  ofRegistrations(ids: readonly string[]): { id: string; correctsId: string; changes: string }[] {
    return ids.length === 0
      ? []
      : (this.#ofRegistrations.all(JSON.stringify(ids)) as {
          id: string;
          correctsId: string;
          changes: string;
        }[]);
  }

  remove(ids: readonly string[]): number {
    return ids.length === 0 ? 0 : this.#remove.run(JSON.stringify(ids)).changes;
  }
}
