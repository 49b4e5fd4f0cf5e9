// The recipients table: the care recipients this workstation knows, as they come down from the
// municipality's server. Personal identity numbers and addresses are read only where a person
// opens a recipient's details.
import type Database from 'better-sqlite3';
import type { Recipient } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface RecipientName {
  id: string;
  name: string;
  protectedIdentity: boolean;
}

export interface RecipientDetailsRow extends RecipientName {
  personalId: string | null;
  address: string | null;
}

/** How notices reach a recipient, and the consent that allows them (who recorded it, when). */
export interface RecipientContact {
  language: 'sv' | 'fi' | 'en' | null;
  phone: string | null;
  email: string | null;
  consentBy: string | null;
  consentAt: string | null;
}

/** What a notice rule reads: whether to send at all, where, in which language, and whether the name may appear. */
export interface RecipientForNotice extends RecipientContact {
  id: string;
  name: string;
  protectedIdentity: boolean;
}

const toBool = <T extends { protectedIdentity: number | boolean }>(r: T) => ({
  ...r,
  protectedIdentity: r.protectedIdentity === 1 || r.protectedIdentity === true,
});

export class RecipientData implements ServerRows<Recipient> {
  readonly #search: Database.Statement;
  readonly #details: Database.Statement;
  readonly #names: Database.Statement;
  readonly #exists: Database.Statement;
  readonly #upsert: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #sweep: Database.Statement;
  readonly #forgetServer: Database.Statement;
  readonly #contact: Database.Statement;
  readonly #forCalendar: Database.Statement;
  readonly #setContact: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#search = sqlite.prepare(
      `select id, name, protected_identity as protectedIdentity from recipients
       where @query = '' or name like '%' || @query || '%' or id = @query
          or (@personalId is not null and personal_id = @personalId)
       order by name limit 50`,
    );
    this.#details = sqlite.prepare(
      `select id, name, personal_id as personalId, address, protected_identity as protectedIdentity
       from recipients where id = ?`,
    );
    this.#names = sqlite.prepare('select id, name, protected_identity as protectedIdentity from recipients');
    this.#exists = sqlite.prepare('select 1 from recipients where id = ?');
    this.#upsert = sqlite.prepare(
      `insert into recipients (id, name, personal_id, address, protected_identity, door_code, key_information, source, updated_at)
       values (@id, @displayName, @personalIdentityNumber, @address, @protectedIdentity, @doorCode, @keyInformation, 'server', @now)
       on conflict (id) do update set name = excluded.name, personal_id = excluded.personal_id,
         address = excluded.address, protected_identity = excluded.protected_identity,
         door_code = excluded.door_code, key_information = excluded.key_information,
         source = 'server', updated_at = excluded.updated_at`,
    );
    this.#delete = sqlite.prepare(`delete from recipients where id = ?`);
    this.#sweep = sqlite.prepare(
      `delete from recipients where source = 'server'
       and not exists (select 1 from sync_resync_seen s where s.entity = 'recipient' and s.id = recipients.id)`,
    );
    this.#forgetServer = sqlite.prepare(`delete from recipients where source = 'server'`);
    this.#forCalendar = sqlite.prepare(
      'select name, address, protected_identity as protectedIdentity from recipients where id = ?',
    );
    this.#contact = sqlite.prepare(
      `select id, name, protected_identity as protectedIdentity, notice_language as language, phone, email,
         consent_by as consentBy, consent_at as consentAt from recipients where id = ?`,
    );
    this.#setContact = sqlite.prepare(
      `update recipients set notice_language = @language, phone = @phone, email = @email,
         consent_by = @consentBy, consent_at = @consentAt where id = @id`,
    );
  }

  /** What a calendar item may show of a recipient (calendar/content.ts decides how much). */
  forCalendar(id: string): { name: string; address: string | null; protectedIdentity: boolean } | undefined {
    const row = this.#forCalendar.get(id) as
      { name: string; address: string | null; protectedIdentity: number } | undefined;
    return row ? toBool(row) : undefined;
  }

  forNotice(id: string): RecipientForNotice | undefined {
    const row = this.#contact.get(id) as (RecipientForNotice & { protectedIdentity: number }) | undefined;
    return row ? toBool(row) : undefined;
  }

  setContact(id: string, c: RecipientContact): boolean {
    return this.#setContact.run({ id, ...c }).changes > 0;
  }

  /** By part of the name or the whole id (all when the query is empty), by name, at most 50. */
  /** By name, id, or (when the query is one) a personal identity number in its normalised form. */
  search(query: string, personalId: string | null = null): RecipientName[] {
    return (this.#search.all({ query, personalId }) as (RecipientName & { protectedIdentity: number })[]).map(
      toBool,
    );
  }

  details(id: string): RecipientDetailsRow | undefined {
    const row = this.#details.get(id) as (RecipientDetailsRow & { protectedIdentity: number }) | undefined;
    return row ? toBool(row) : undefined;
  }

  names(): RecipientName[] {
    return (this.#names.all() as (RecipientName & { protectedIdentity: number })[]).map(toBool);
  }

  exists(id: string): boolean {
    return this.#exists.get(id) !== undefined;
  }

  upsertFromServer(r: Recipient, now: string): boolean {
    this.#upsert.run({
      id: r.id,
      displayName: r.displayName,
      personalIdentityNumber: r.personalIdentityNumber,
      address: r.address,
      protectedIdentity: r.protectedIdentity ? 1 : 0,
      doorCode: r.homeAccess?.doorCode ?? null,
      keyInformation: r.homeAccess?.keyInformation ?? null,
      now,
    });
    return true;
  }

  removeFromServer(id: string): boolean {
    this.#delete.run(id);
    return true;
  }

  sweepUnseen(): number {
    return this.#sweep.run().changes;
  }

  forgetServerRows(): void {
    this.#forgetServer.run();
  }
}
