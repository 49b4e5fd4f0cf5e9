// Attesting a month: the basis for payment is locked, for the whole provider or one recipient,
// and stays locked against corrections until an administrator reopens it (audited).
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { attestationRecord } from '../../shared/api/procedures/workflows.ts';
import { localMonth, monthBounds } from '../../shared/domain/time.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import { uuidv7 } from '../ids.ts';
import type { Directory } from '../recipients/directory.ts';
import type { RegistrationData } from '../registrations/data.ts';
import type { Outbox } from '../sync/data.ts';
import type { AttestationData, AttestationRow } from './data.ts';

export interface AttestationServiceDeps {
  sqlite: Database.Database;
  attestations: AttestationData;
  registrations: RegistrationData;
  outbox: Outbox;
  audit: AuditLog;
  directory: (viewer: Caller) => Directory;
  timeZone: () => string;
  /** Told after anything was written to the outbox, so sync can send it soon. */
  outboxChanged: () => void;
}

export type AttestationRecord = z.infer<typeof attestationRecord>;

export function monthDates(month: string): { periodStart: string; periodEnd: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { periodStart: `${month}-01`, periodEnd: `${month}-${String(last).padStart(2, '0')}` };
}

export class AttestationService {
  readonly #d: AttestationServiceDeps;

  constructor(deps: AttestationServiceDeps) {
    this.#d = deps;
  }

  /** Answers "is this moment, for this recipient, in a locked period?" for many registrations at once. */
  lock(): (instant: number, recipientId: string | null) => boolean {
    const timeZone = this.#d.timeZone();
    const active = this.#d.attestations
      .active()
      .map((a) => ({ month: a.periodStart.slice(0, 7), recipientId: a.recipientId }));
    if (active.length === 0) return () => false;
    return (instant, recipientId) => {
      const month = localMonth(instant, timeZone);
      return active.some(
        (a) => a.month === month && (a.recipientId === null || a.recipientId === recipientId),
      );
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
    input: { month: string; recipientId?: string | undefined; note?: string | undefined },
  ): AttestationRecord {
    const id = uuidv7();
    const { periodStart, periodEnd } = monthDates(input.month);
    this.#d.sqlite
      .transaction(() => {
        if (this.#d.attestations.isLocked(periodStart, input.recipientId ?? null))
          throw new CareDockError('attest.already', { month: input.month });
        const { start, end } = monthBounds(input.month, this.#d.timeZone());
        const count = this.#d.registrations.count(
          new Date(start).toISOString(),
          new Date(end).toISOString(),
          input.recipientId,
        );
        this.#d.attestations.insert({
          id,
          periodStart,
          periodEnd,
          recipientId: input.recipientId ?? null,
          attestedAt: new Date().toISOString(),
          attestedBy: user.username,
          registrationCount: count,
          note: input.note ?? null,
        });
        this.#d.outbox.add('attestation', id);
        this.#d.audit.record(user, 'attestations.create', input.month, {
          recipientId: input.recipientId ?? null,
          registrations: count,
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
      });
    })();
    return this.#record(this.#d.attestations.get(input.id)!, this.#d.directory(user));
  }
}
