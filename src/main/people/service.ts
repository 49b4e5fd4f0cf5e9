// A person's data (GDPR art. 15 and 17): everything this workstation holds about one recipient,
// found by personnummer, as JSON and as a readable PDF; and erasure once the central server has
// erased the same and the municipality's rules allow it. Both are audited by recipient id: the
// personnummer itself never enters the audit log or the log file.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { parsePersonalId } from '../../shared/domain/personal-id.ts';
import { CareDockError, formatMessage } from '../../shared/errors/index.ts';
import type { RetentionPolicy } from '../../shared/sync/entities.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { Logger } from '../log/logger.ts';
import { pair, pairingOrder, type PairingRegistration } from '../registrations/pairing.ts';
import { eraseRecipient, type PeopleData, type PersonRecipient } from './data.ts';
import { personPdf } from './pdf.ts';

export interface PeopleServiceDeps {
  sqlite: Database.Database;
  data: PeopleData;
  audit: AuditLog;
  logger: Logger;
  policy: () => RetentionPolicy | null;
  /** The folder of the backups CareDock keeps (before migrations). */
  backupsDir: string;
  /** Opens a kept backup (with the database's key when it is encrypted). */
  openBackup: (file: string) => Database.Database;
}

/** SHA-256 of the normalised personnummer: what the server's erasure names the person by. */
export function personalIdHash(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

export class PeopleService {
  readonly #d: PeopleServiceDeps;

  constructor(deps: PeopleServiceDeps) {
    this.#d = deps;
  }

  #normalised(personalId: string): string {
    const parsed = parsePersonalId(personalId);
    if (!parsed) throw new CareDockError('people.notFound');
    return parsed.normalised;
  }

  #find(normalised: string): PersonRecipient[] {
    return this.#d.data
      .withPersonalId()
      .filter((r) => parsePersonalId(r.personalId!)?.normalised === normalised);
  }

  /** Everything held about the person, as one object (the JSON export). */
  collect(personalId: string) {
    const found = this.#find(this.#normalised(personalId));
    if (found.length === 0) throw new CareDockError('people.notFound');
    const { data } = this.#d;
    return found.map((r) => {
      const registrations = data.registrations(r.id);
      const plans = data.plans(r.id);
      // Visits paired from this person's registrations and plans alone.
      const regs: PairingRegistration[] = registrations
        .map((g) => ({
          id: g.id,
          staffKey: g.staffId ?? `pen:${g.penSerial}`,
          homeKey: r.id,
          time: Date.parse(g.correctedTime),
          kind: g.kind as PairingRegistration['kind'],
          taskCode: g.taskCode,
        }))
        .sort(pairingOrder);
      const result = pair(
        regs,
        plans
          .filter((p) => p['status'] === 'planned')
          .map((p) => ({
            id: p['id']!,
            homeKey: r.id,
            staffKeys: JSON.parse(p['staffIds']!) as string[],
            start: Date.parse(p['plannedStart']!),
            end: Date.parse(p['plannedEnd']!),
          })),
      );
      return {
        recipient: {
          id: r.id,
          name: r.name,
          personalId: r.personalId,
          address: r.address,
          protectedIdentity: r.protectedIdentity === 1,
        },
        registrations: registrations.map((g) => ({ ...g, flags: JSON.parse(g.flags) as string[] })),
        corrections: data.corrections(r.id),
        visits: result.visits.map((v) => ({
          id: v.id,
          staffId: v.staffKey,
          start: new Date(v.start).toISOString(),
          end: new Date(v.end).toISOString(),
          planId: v.planId,
        })),
        plans,
        orders: data.orders(r.id),
        notices: data.notices(r.id),
        audit: data.audit(r.id).map((a) => ({ ...a, details: JSON.parse(a.details) as unknown })),
      };
    });
  }

  async export(user: Caller, personalId: string) {
    const people = this.collect(personalId);
    const generated = new Date().toISOString();
    const json = Buffer.from(
      JSON.stringify({ format: 'caredock-person-export', version: 1, generated, people }, null, 2),
    );
    const t = (code: string) => formatMessage(code, {}, user.language);
    const pdf = await personPdf(
      t('people.pdfTitle'),
      `CareDock, ${generated.slice(0, 16).replace('T', ' ')} UTC, ${user.username}`,
      people.flatMap((p) => [
        {
          title: p.recipient.name,
          lines: [p.recipient.personalId ?? '', p.recipient.address ?? '', `id ${p.recipient.id}`],
        },
        {
          title: t('people.pdfRegistrations'),
          lines: p.registrations.map(
            (g) =>
              `${g.correctedTime.slice(0, 16).replace('T', ' ')}  ${g.kind}  ${g.staffId ?? '-'}  ${g.penSerial} #${g.sequence}`,
          ),
        },
        {
          title: t('people.pdfVisits'),
          lines: p.visits.map(
            (v) => `${v.start.slice(0, 16).replace('T', ' ')} – ${v.end.slice(11, 16)}  ${v.staffId}`,
          ),
        },
        {
          title: t('people.pdfPlans'),
          lines: p.plans.map(
            (v) =>
              `${v['plannedStart']!.slice(0, 16).replace('T', ' ')} – ${v['plannedEnd']!.slice(11, 16)}  ${v['status']}`,
          ),
        },
        {
          title: t('people.pdfOrders'),
          lines: p.orders.map(
            (o) => `${o['validFrom']} – ${o['validTo'] ?? ''}  ${o['code'] ?? ''} ${o['name'] ?? ''}`,
          ),
        },
        { title: t('people.pdfNotices'), lines: p.notices.map((n) => `${n['kind']}  ${n['state']}`) },
        {
          title: t('people.pdfAudit'),
          lines: p.audit.map((a) => `${a.at.slice(0, 16).replace('T', ' ')}  ${a.actor ?? '-'}  ${a.action}`),
        },
      ]),
      { language: user.language, author: user.username, createdAt: new Date(generated) },
    );
    return {
      people,
      result: {
        recipients: people.length,
        json: {
          filename: 'registerutdrag.json',
          mediaType: 'application/json',
          base64: json.toString('base64'),
        },
        pdf: {
          filename: 'registerutdrag.pdf',
          mediaType: 'application/pdf',
          base64: Buffer.from(pdf).toString('base64'),
        },
      },
    };
  }

  /** Records the export, once the documents are made. */
  recordExport(user: Caller, recipientIds: readonly string[]): void {
    for (const id of recipientIds) this.#d.audit.record(user, 'people.export', id, {});
  }

  /**
   * Erases the person here, in this database and in every kept backup, once the server has
   * confirmed it and the rules allow it; then VACUUM, so the freed pages are gone from the file.
   */
  erase(user: Caller, personalId: string) {
    const policy = this.#d.policy();
    if (!policy?.erasureAllowed) throw new CareDockError('people.erasureNotAllowed');
    const normalised = this.#normalised(personalId);
    const confirmed = this.#d.data.confirmed(personalIdHash(normalised));
    if (confirmed.length === 0) throw new CareDockError('people.notConfirmed');
    const held = this.#find(normalised);
    const { sqlite } = this.#d;
    sqlite.pragma('secure_delete = ON');
    let registrations = 0;
    const people = confirmed.map((c) => {
      const row = held.find((h) => h.id === c.recipientId);
      return {
        id: c.recipientId,
        name: c.name ?? row?.name ?? '',
        personalId: c.personalId ?? row?.personalId ?? normalised,
        pseudonym: `raderad-${personalIdHash(`${c.recipientId}|${normalised}`).slice(0, 12)}`,
      };
    });
    try {
      for (const p of people)
        sqlite.transaction(() => {
          registrations += eraseRecipient(sqlite, p, p.pseudonym);
          this.#d.data.markErased(p.id, new Date().toISOString());
          this.#d.audit.record(user, 'people.erase', p.pseudonym, {});
        })();
      // Outside any transaction: the file itself must lose the freed pages, and the WAL with them.
      sqlite.exec('VACUUM');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      sqlite.pragma('secure_delete = OFF');
    }
    const backups = this.#eraseInBackups(people);
    this.#d.logger.info({ recipients: people.length, registrations, backups }, 'a person was erased');
    return { recipients: people.length, registrations, backups };
  }

  #eraseInBackups(people: { id: string; name: string; personalId: string; pseudonym: string }[]): number {
    let files: string[];
    try {
      files = readdirSync(this.#d.backupsDir).filter((f) => f.endsWith('.db'));
    } catch {
      return 0;
    }
    for (const f of files) {
      const backup = this.#d.openBackup(path.join(this.#d.backupsDir, f));
      try {
        backup.pragma('secure_delete = ON');
        for (const p of people) eraseRecipient(backup, p, p.pseudonym);
        backup.exec('VACUUM');
      } finally {
        backup.close();
      }
    }
    return files.length;
  }
}
