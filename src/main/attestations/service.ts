// Attesting a month: the basis for payment is locked, for the whole provider or one recipient,
// and stays locked against corrections until an administrator reopens it (audited). The figures
// at the moment of the attest are kept with it (snapshot.ts); what is stored later for the period
// is counted as having come after the attest and reaches the figures only through a reopen and a
// new attest, which gets the next version number.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Settings } from '../../shared/api/procedures/settings.ts';
import type { attestationRecord, OpenProblems } from '../../shared/api/procedures/workflows.ts';
import { openProblems as openProblemsSchema } from '../../shared/api/procedures/workflows.ts';
import { localMonth, monthBounds } from '../../shared/domain/time.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import { uuidv7 } from '../ids.ts';
import type { Directory } from '../recipients/directory.ts';
import type { RegistrationData } from '../registrations/data.ts';
import type { Outbox } from '../sync/data.ts';
import type { AttestationData, AttestationRow } from './data.ts';
import { readFigures, type Figures } from './snapshot.ts';

const readFiguresOf = (a: AttestationRow) => readFigures(a.snapshot);

export interface AttestationServiceDeps {
  sqlite: Database.Database;
  attestations: AttestationData;
  registrations: RegistrationData;
  outbox: Outbox;
  audit: AuditLog;
  directory: (viewer: Caller) => Directory;
  timeZone: () => string;
  settings: () => Settings;
  /** The billing figures of a month as they stand now, for the provider or one recipient. */
  figures: (month: string, recipientId: string | null) => Figures;
  /** What is still open in a month: unmatched registrations, unknown staff and tags. */
  problems: (month: string, recipientId: string | null) => OpenProblems;
  /** Told after anything was written to the outbox, so sync can send it soon. */
  outboxChanged: () => void;
}

export type AttestationRecord = z.infer<typeof attestationRecord>;

export function monthDates(month: string): { periodStart: string; periodEnd: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { periodStart: `${month}-01`, periodEnd: `${month}-${String(last).padStart(2, '0')}` };
}

export const noProblems = (p: OpenProblems) => p.unmatched + p.unknownStaff + p.unknownTag === 0;

const sameProblems = (a: OpenProblems, b: OpenProblems | undefined) =>
  b !== undefined &&
  a.unmatched === b.unmatched &&
  a.unknownStaff === b.unknownStaff &&
  a.unknownTag === b.unknownTag;

/** The attest in force at a moment for a recipient, as the registrations list marks rows. */
export type AttestLookup = (instant: number, recipientId: string | null) => { attestedAt: string } | null;

export class AttestationService {
  readonly #d: AttestationServiceDeps;

  constructor(deps: AttestationServiceDeps) {
    this.#d = deps;
  }

  /** Answers "is this moment, for this recipient, in a locked period?" for many registrations at once. */
  lock(): (instant: number, recipientId: string | null) => boolean {
    const find = this.lookup();
    return (instant, recipientId) => find(instant, recipientId) !== null;
  }

  /** Like lock(), naming the attest in force (its moment tells a registration that came after it). */
  lookup(): AttestLookup {
    const timeZone = this.#d.timeZone();
    const active = this.#d.attestations.active().map((a) => ({
      month: a.periodStart.slice(0, 7),
      recipientId: a.recipientId,
      attestedAt: a.attestedAt,
    }));
    if (active.length === 0) return () => null;
    return (instant, recipientId) => {
      const month = localMonth(instant, timeZone);
      return (
        active.find((a) => a.month === month && (a.recipientId === null || a.recipientId === recipientId)) ??
        null
      );
    };
  }

  /** The attests in force for a month (provider-wide and per recipient), with their figures. */
  inForce(month: string): (AttestationRow & { figures: Figures | null })[] {
    return this.#d.attestations.inForce(`${month}-01`).map((a) => ({ ...a, figures: readFiguresOf(a) }));
  }

  /** Registrations of the attest's period stored after it. */
  lateCount(a: AttestationRow): number {
    const { start, end } = monthBounds(a.periodStart.slice(0, 7), this.#d.timeZone());
    return this.#d.registrations.countReceivedAfter(
      new Date(start).toISOString(),
      new Date(end).toISOString(),
      a.attestedAt,
      a.recipientId,
    );
  }

  /** What attesting the month would meet: its open problems, and whether they forbid it. */
  preview(input: { month: string; recipientId?: string | undefined }) {
    const { start, end } = monthBounds(input.month, this.#d.timeZone());
    const problems = this.#d.problems(input.month, input.recipientId ?? null);
    return {
      month: input.month,
      registrationCount: this.#d.registrations.count(
        new Date(start).toISOString(),
        new Date(end).toISOString(),
        input.recipientId,
      ),
      problems,
      forbidden: !noProblems(problems) && this.#d.settings().attestOpenProblems === 'forbid',
    };
  }

  /** A check that refuses a moment in a locked period; the locks are read once per check made. */
  openCheck(): (instant: number, recipientId: string | null) => void {
    const locked = this.lock();
    const timeZone = this.#d.timeZone();
    return (instant, recipientId) => {
      if (locked(instant, recipientId))
        throw new CareDockError('attest.locked', { month: localMonth(instant, timeZone) });
    };
  }

  #record(a: AttestationRow, dir: Directory): AttestationRecord {
    return {
      id: a.id,
      month: a.periodStart.slice(0, 7),
      recipient: dir.recipient(a.recipientId),
      attestedAt: a.attestedAt,
      attestedBy: a.attestedBy,
      registrationCount: a.registrationCount,
      version: a.version,
      lateRegistrations: this.lateCount(a),
      openProblems: a.openProblems === null ? null : openProblemsSchema.parse(JSON.parse(a.openProblems)),
      reopenedAt: a.reopenedAt,
      reopenedBy: a.reopenedBy,
      reopenReason: a.reopenReason,
    };
  }

  list(viewer: Caller): AttestationRecord[] {
    const dir = this.#d.directory(viewer);
    return this.#d.attestations.list().map((a) => this.#record(a, dir));
  }

  attest(
    user: Caller,
    input: {
      month: string;
      recipientId?: string | undefined;
      note?: string | undefined;
      acceptProblems?: OpenProblems | undefined;
    },
  ): AttestationRecord {
    const id = uuidv7();
    const { periodStart, periodEnd } = monthDates(input.month);
    const recipientId = input.recipientId ?? null;
    this.#d.sqlite
      .transaction(() => {
        if (this.#d.attestations.isLocked(periodStart, recipientId))
          throw new CareDockError('attest.already', { month: input.month });
        const { registrationCount, problems, forbidden } = this.preview(input);
        const named = {
          month: input.month,
          unmatched: problems.unmatched,
          unknownStaff: problems.unknownStaff,
          unknownTag: problems.unknownTag,
        };
        if (forbidden) throw new CareDockError('attest.problemsForbidden', named);
        // The confirmation names the problems; if more arrived since, the attester must see them.
        if (!noProblems(problems) && !sameProblems(problems, input.acceptProblems))
          throw new CareDockError('attest.openProblems', named);
        const version = this.#d.attestations.made(periodStart, recipientId) + 1;
        this.#d.attestations.insert({
          id,
          periodStart,
          periodEnd,
          recipientId,
          attestedAt: new Date().toISOString(),
          attestedBy: user.username,
          registrationCount,
          note: input.note ?? null,
          version,
          snapshot: JSON.stringify(this.#d.figures(input.month, recipientId)),
          openProblems: noProblems(problems) ? null : JSON.stringify(problems),
        });
        this.#d.outbox.add('attestation', id);
        this.#d.audit.record(user, 'attestations.create', input.month, {
          recipientId,
          registrations: registrationCount,
          version,
          ...(noProblems(problems) ? {} : problems),
        });
      })
      .immediate();
    this.#d.outboxChanged();
    return this.#record(this.#d.attestations.get(id)!, this.#d.directory(user));
  }

  reopen(user: Caller, input: { id: string; reason: string }): AttestationRecord {
    const row = this.#d.attestations.get(input.id);
    if (!row) throw new CareDockError('workflow.notFound');
    if (row.reopenedAt) throw new CareDockError('attest.notLocked');
    this.#d.sqlite.transaction(() => {
      this.#d.attestations.reopen(input.id, new Date().toISOString(), user.username, input.reason);
      this.#d.audit.record(user, 'attestations.reopen', row.periodStart.slice(0, 7), {
        attestation: input.id,
        recipientId: row.recipientId,
        version: row.version,
      });
    })();
    return this.#record(this.#d.attestations.get(input.id)!, this.#d.directory(user));
  }
}
