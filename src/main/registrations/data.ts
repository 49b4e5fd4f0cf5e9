// The registrations table behind typed functions: the one insert (docking ingest and a manual
// registration both use it), the lean read pairing needs, full rows for a page, and what sync
// sends. Registrations are append-only evidence for payment: nothing here updates one, and only
// retention deletes one, long after it was attested and confirmed by the server.
import type Database from 'better-sqlite3';
import type { RegistrationKind } from './pairing.ts';

/** A registration as stored; `flags` is a JSON array. */
export interface RegistrationInsert {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  correctedTime: string;
  kind: RegistrationKind;
  taskCode: number | null;
  flags: string;
  staffId: string | null;
  recipientId: string | null;
  sessionId: string | null;
  receivedAt: string;
}

/** One row of the lean pairing read: id, instant (ms), kind index, staff key, home key, task code. */
export type PairingRow = [string, number, 0 | 1 | 2, string, string, number | null];

export interface PageRow {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  taskCode: number | null;
  flags: string;
  receivedAt: string;
}

/** Where a retention run has got to in the registrations, oldest first. */
export interface ExpiryPosition {
  time: string;
  k: number;
  id: string;
}

export interface ExpiringRegistration extends ExpiryPosition {
  recipientId: string | null;
}

/** What sync sends of a registration (the recipient is the server's to know from the tag). */
export type RegistrationPushRow = Omit<RegistrationInsert, 'recipientId' | 'sessionId'>;

/**
 * A range's registrations as pairing needs them, in pairing order. The index
 * registrations_pairing (migration 0007) holds exactly these columns in this order, so SQLite
 * answers from it alone; the kind expression must stay the one the index was made with.
 */
export const pairingRead = `select id, cast(round(unixepoch(corrected_time, 'subsec') * 1000) as integer),
         case kind when 'arrive' then 0 when 'task' then 1 else 2 end,
         coalesce(staff_id, 'pen:' || pen_serial), coalesce(recipient_id, 'tag:' || tag_uid), task_code
  from registrations where corrected_time >= ? and corrected_time < ?
  order by corrected_time, case kind when 'arrive' then 0 when 'task' then 1 else 2 end, id`;

export class RegistrationData {
  readonly #insert: Database.Statement;
  readonly #pairing: Database.Statement;
  readonly #page: Database.Statement;
  readonly #forPush: Database.Statement;
  readonly #version: Database.Statement;
  readonly #count: Database.Statement;
  readonly #rangeVersion: Database.Statement;
  readonly #countFor: Database.Statement;
  readonly #target: Database.Statement;
  readonly #receivedAfter: Database.Statement;
  readonly #ofPen: Database.Statement;
  readonly #ofTag: Database.Statement;
  readonly #lastManual: Database.Statement;
  readonly #lastPenTime: Database.Statement;
  readonly #expiring: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #sessionsOf: Database.Statement;

  constructor(sqlite: Database.Database) {
    // Oldest first in the pairing index's own order, so a run pages through years without a sort.
    this.#expiring = sqlite.prepare(
      `select id, corrected_time as time, case kind when 'arrive' then 0 when 'task' then 1 else 2 end as k,
              recipient_id as recipientId
       from registrations
       where corrected_time < @before
         and (corrected_time, case kind when 'arrive' then 0 when 'task' then 1 else 2 end, id) > (@time, @k, @id)
       order by corrected_time, case kind when 'arrive' then 0 when 'task' then 1 else 2 end, id limit @limit`,
    );
    this.#remove = sqlite.prepare('delete from registrations where id in (select value from json_each(?))');
    this.#sessionsOf = sqlite
      .prepare(
        'select distinct session_id from registrations where session_id is not null and id in (select value from json_each(?))',
      )
      .pluck();
    this.#insert = sqlite.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
       values (@id, @penSerial, @sequence, @tagUid, @penTime, @correctedTime, @kind, @taskCode, @flags, @staffId, @recipientId, @sessionId, @receivedAt)
       on conflict (pen_serial, sequence) do nothing`,
    );
    this.#pairing = sqlite.prepare(pairingRead).raw(true);
    this.#page = sqlite.prepare(
      `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime,
              task_code as taskCode, flags, received_at as receivedAt
       from registrations where id in (select value from json_each(?))`,
    );
    this.#forPush = sqlite.prepare(
      `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime,
       corrected_time as correctedTime, kind, task_code as taskCode, flags, staff_id as staffId,
       received_at as receivedAt from registrations where id in (select value from json_each(?))`,
    );
    // New registrations and corrections show in their largest rowid (both are append-only); any
    // other change to them or to a plan is counted by triggers (migration 0006).
    this.#version = sqlite
      .prepare(
        `select coalesce((select max(rowid) from registrations), 0) || '|' ||
                coalesce((select max(rowid) from corrections), 0) || '|' ||
                (select n from change_counters where name = 'pairing')`,
      )
      .pluck();
    // The pairing index holds every row's corrected time and rowid: a range's count and its
    // newest rowid come from it alone.
    this.#rangeVersion = sqlite
      .prepare(
        `select count(*) || ':' || coalesce(max(rowid), 0) from registrations
         where corrected_time >= ? and corrected_time < ?`,
      )
      .pluck();
    this.#count = sqlite
      .prepare('select count(*) from registrations where corrected_time >= ? and corrected_time < ?')
      .pluck();
    this.#countFor = sqlite
      .prepare(
        'select count(*) from registrations where corrected_time >= ? and corrected_time < ? and recipient_id = ?',
      )
      .pluck();
    this.#receivedAfter = sqlite
      .prepare(
        `select count(*) from registrations where corrected_time >= @from and corrected_time < @to
           and received_at > @after and (@recipientId is null or recipient_id = @recipientId)`,
      )
      .pluck();
    const attribution = `select id, corrected_time as correctedTime, staff_id as staffId, recipient_id as recipientId
       from registrations`;
    const range = 'corrected_time >= @from and corrected_time < @to order by corrected_time, id';
    this.#ofPen = sqlite.prepare(`${attribution} where pen_serial = @key and ${range}`);
    this.#ofTag = sqlite.prepare(
      `${attribution} where tag_uid = @key and pen_serial <> 'MANUAL' and ${range}`,
    );
    this.#target = sqlite.prepare(
      'select corrected_time as correctedTime, recipient_id as recipientId from registrations where id = ?',
    );
    this.#lastManual = sqlite
      .prepare("select max(sequence) from registrations where pen_serial = 'MANUAL'")
      .pluck();
    // The pen's previous record is a baseline for "time runs backwards" only while the clock
    // it was made on still runs: not once CareDock set the pen's clock (in that record's own
    // session or later), since records made after that are on the new clock.
    this.#lastPenTime = sqlite
      .prepare(
        `select r.pen_time from registrations r
          where r.pen_serial = @pen
            and not exists (
              select 1 from dock_sessions s
               where s.pen_serial = @pen and s.clock_set = 1
                 and s.started_at >= coalesce((select started_at from dock_sessions where id = r.session_id), r.received_at))
          order by r.sequence desc limit 1`,
      )
      .pluck();
  }

  /** Stores a registration once: a re-read (pen, sequence) is a no-op. Returns whether it was new. */
  insert(row: RegistrationInsert): boolean {
    return this.#insert.run(row).changes > 0;
  }

  pairingRows(from: string, to: string): PairingRow[] {
    return this.#pairing.all(from, to) as PairingRow[];
  }

  pageRows(ids: readonly string[]): PageRow[] {
    return this.#page.all(JSON.stringify(ids)) as PageRow[];
  }

  forPush(ids: readonly string[]): RegistrationPushRow[] {
    return this.#forPush.all(JSON.stringify(ids)) as RegistrationPushRow[];
  }

  /** Changes whenever anything pairing reads changes (registrations, corrections, plans). */
  pairingVersion(): string {
    return this.#version.get() as string;
  }

  /**
   * Changes whenever what pairing reads for [from, to) may have changed: the range's own
   * registrations (a new one, or one removed), any correction, and any other change counted by
   * the triggers. A docking of today leaves last year's cached months alone.
   */
  rangeVersion(from: string, to: string): string {
    return `${this.#rangeVersion.get(from, to) as string}|${this.pairingVersion().split('|').slice(1).join('|')}`;
  }

  /** Registrations with a corrected time in [from, to), optionally of one recipient. */
  count(from: string, to: string, recipientId?: string): number {
    return (recipientId ? this.#countFor.get(from, to, recipientId) : this.#count.get(from, to)) as number;
  }

  /** Registrations of [from, to) stored after a moment (an attest), optionally of one recipient. */
  countReceivedAfter(from: string, to: string, after: string, recipientId: string | null): number {
    return this.#receivedAfter.get({ from, to, after, recipientId }) as number;
  }

  /** A pen's or a tag's stored registrations in [from, to), for a re-attribution. */
  ofSource(
    source: 'pen' | 'tag',
    key: string,
    from: string,
    to: string,
  ): { id: string; correctedTime: string; staffId: string | null; recipientId: string | null }[] {
    return (source === 'pen' ? this.#ofPen : this.#ofTag).all({ key, from, to }) as {
      id: string;
      correctedTime: string;
      staffId: string | null;
      recipientId: string | null;
    }[];
  }

  /** When a registration counts and whose it is: what a correction of it is checked against. */
  target(id: string): { correctedTime: string; recipientId: string | null } | undefined {
    return this.#target.get(id) as { correctedTime: string; recipientId: string | null } | undefined;
  }

  /** The next sequence of the MANUAL pen, for a registration made by hand. */
  nextManualSequence(): number {
    return ((this.#lastManual.get() as number | null) ?? 0) + 1;
  }

  /** The pen time of the pen's last record made on the clock it runs now, to see one run backwards. */
  lastPenTimeOnCurrentClock(penSerial: string): string | undefined {
    return this.#lastPenTime.get({ pen: penSerial }) as string | undefined;
  }

  /** Registrations made before `before`, oldest first, after a position (for retention). */
  expiring(before: string, after: ExpiryPosition, limit: number): ExpiringRegistration[] {
    return this.#expiring.all({ before, ...after, limit }) as ExpiringRegistration[];
  }

  /**
   * Removes registrations retention found expired: the one exception to append-only, for rows
   * attested and confirmed by the server long ago. Returns how many.
   */
  remove(ids: readonly string[]): number {
    return ids.length === 0 ? 0 : this.#remove.run(JSON.stringify(ids)).changes;
  }

  /** The docking sessions these registrations came from. */
  sessionsOf(ids: readonly string[]): string[] {
    return ids.length === 0 ? [] : (this.#sessionsOf.all(JSON.stringify(ids)) as string[]);
  }
}
