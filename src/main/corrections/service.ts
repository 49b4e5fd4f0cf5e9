// A correction is a new record beside the one it corrects, never a change to it. A manual
// registration (a missed visit registered by hand) is a registration of its own, stored by the
// same insert docking uses, with pen serial MANUAL plus the correction that says who and why.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { correctionChanges, correctionRecord } from '../../shared/api/procedures/workflows.ts';
import { localDate, zonedInstant } from '../../shared/domain/time.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AttestationService } from '../attestations/service.ts';
import type { AuditLog } from '../audit/log.ts';
import type { DeviceData } from '../devices/data.ts';
import { uuidv7 } from '../ids.ts';
import type { RegistrationData } from '../registrations/data.ts';
import type { CorrectionChanges } from '../registrations/pairing.ts';
import type { Outbox } from '../sync/data.ts';
import type { CorrectionData } from './data.ts';

export type CorrectionRecord = z.infer<typeof correctionRecord>;
type CorrectionInput = z.infer<typeof correctionChanges>;

export interface CorrectionServiceDeps {
  sqlite: Database.Database;
  corrections: CorrectionData;
  registrations: RegistrationData;
  devices: DeviceData;
  staffExists: (id: string) => boolean;
  recipientExists: (id: string) => boolean;
  attestations: AttestationService;
  outbox: Outbox;
  audit: AuditLog;
  timeZone: () => string;
  outboxChanged: () => void;
}

export class CorrectionService {
  readonly #d: CorrectionServiceDeps;

  constructor(deps: CorrectionServiceDeps) {
    this.#d = deps;
  }

  create(
    user: Caller,
    input: { correctsId: string | null; reason: string; changes: CorrectionInput },
  ): CorrectionRecord {
    const tz = this.#d.timeZone();
    const changes: CorrectionChanges = {};
    if (input.changes.time)
      changes.correctedTime = new Date(
        zonedInstant(input.changes.time.date, input.changes.time.time, tz),
      ).toISOString();
    if (input.changes.kind) changes.kind = input.changes.kind;
    if (input.changes.staffId !== undefined) changes.staffId = input.changes.staffId;
    if (input.changes.recipientId !== undefined) changes.recipientId = input.changes.recipientId;
    if (input.changes.void) changes.void = true;
    if (Object.keys(changes).length === 0) throw new CareDockError('input.nothingToChange');
    this.#known(changes.staffId, changes.recipientId);
    const now = new Date().toISOString();
    const id = uuidv7();
    const { registrations, corrections, outbox } = this.#d;
    const run = this.#d.sqlite.transaction(() => {
      const assertOpen = this.#d.attestations.openCheck();
      let correctsId = input.correctsId;
      let stored: Record<string, unknown> = {};
      if (correctsId === null) {
        if (!changes.correctedTime || !changes.kind) throw new CareDockError('input.manualNeedsTimeAndKind');
        assertOpen(Date.parse(changes.correctedTime), changes.recipientId ?? null);
        correctsId = uuidv7();
        registrations.insert({
          id: correctsId,
          penSerial: 'MANUAL',
          sequence: registrations.nextManualSequence(),
          tagUid: this.#d.devices.firstTagOf(changes.recipientId ?? '') ?? '00000000',
          penTime: changes.correctedTime,
          correctedTime: changes.correctedTime,
          kind: changes.kind,
          taskCode: null,
          flags: '["manual"]',
          staffId: changes.staffId ?? null,
          recipientId: changes.recipientId ?? null,
          sessionId: null,
          receivedAt: now,
        });
        outbox.add('registration', correctsId);
      } else {
        const target = registrations.target(correctsId);
        if (!target) throw new CareDockError('workflow.notFound');
        assertOpen(Date.parse(target.correctedTime), target.recipientId);
        if (changes.correctedTime)
          assertOpen(Date.parse(changes.correctedTime), changes.recipientId ?? target.recipientId);
        // Pairing applies a registration's latest correction, so it carries what the earlier
        // ones said (a staff member set yesterday survives a time fixed today).
        const previous = corrections.forRegistration(correctsId).at(-1);
        stored = {
          ...(previous && !changes.void ? (JSON.parse(previous.changes) as Record<string, unknown>) : {}),
          ...(changes as Record<string, unknown>),
        };
      }
      corrections.insert({
        id,
        correctsId,
        reason: input.reason,
        changes: JSON.stringify(stored),
        createdAt: now,
        createdBy: user.username,
      });
      outbox.add('correction', id);
      this.#d.audit.record(
        user,
        input.correctsId === null ? 'registrations.manual' : 'corrections.create',
        correctsId,
        // The reason is free text a person typed and lives with the correction; the audit
        // names the correction instead of copying what may hold a door code.
        { correction: id },
      );
      return {
        id,
        correctsId,
        reason: input.reason,
        changes: stored,
        createdAt: now,
        createdBy: user.username,
      };
    });
    const record = run.immediate();
    this.#d.outboxChanged();
    return record;
  }

  #known(staffId: string | null | undefined, recipientId: string | null | undefined): void {
    if (staffId && !this.#d.staffExists(staffId)) throw new CareDockError('devices.staffUnknown');
    if (recipientId && !this.#d.recipientExists(recipientId))
      throw new CareDockError('devices.recipientUnknown');
  }

  /**
   * A missed visit registered by hand: the arrive and the depart in one transaction, so a visit
   * cannot be half-stored, and a depart before the arrive is refused unless the visit was said
   * to run past midnight. The services it was for ride on the arrive's correction.
   */
  manualVisit(
    user: Caller,
    input: {
      staffId: string;
      recipientId: string;
      date: string;
      arrive: string;
      depart?: string | undefined;
      overnight: boolean;
      services: { code: string; minutes: number }[];
      reason: string;
    },
  ): { arriveId: string; departId: string | null } {
    const tz = this.#d.timeZone();
    const arriveAt = zonedInstant(input.date, input.arrive, tz);
    let departAt: number | null = null;
    if (input.depart !== undefined) {
      const sameDay = zonedInstant(input.date, input.depart, tz);
      if (input.overnight) departAt = zonedInstant(localDate(arriveAt + 24 * 3600_000, tz), input.depart, tz);
      else if (sameDay <= arriveAt)
        throw new CareDockError('time.endBeforeStart', { start: input.arrive, end: input.depart });
      else departAt = sameDay;
    }
    const who = { staffId: input.staffId, recipientId: input.recipientId };
    return this.#d.sqlite
      .transaction(() => {
        const arrive = this.create(user, {
          correctsId: null,
          reason: input.reason,
          changes: { ...who, kind: 'arrive', time: { date: input.date, time: input.arrive } },
        });
        if (input.services.length > 0)
          this.#append(
            user,
            arrive.correctsId!,
            input.reason,
            { services: input.services },
            'registrations.manual',
          );
        let departId: string | null = null;
        if (departAt !== null) {
          const departDate = localDate(departAt, tz);
          departId = this.create(user, {
            correctsId: null,
            reason: input.reason,
            changes: { ...who, kind: 'depart', time: { date: departDate, time: input.depart! } },
          }).correctsId;
        }
        return { arriveId: arrive.correctsId!, departId };
      })
      .immediate();
  }

  /** A correction that keeps what the registration's latest correction already said. */
  #append(
    user: Caller,
    registrationId: string,
    reason: string,
    add: CorrectionChanges,
    action: 'corrections.create' | 'registrations.manual',
  ): string {
    const previous = this.#d.corrections.forRegistration(registrationId).at(-1);
    const changes = { ...(previous ? (JSON.parse(previous.changes) as CorrectionChanges) : {}), ...add };
    const id = uuidv7();
    this.#d.corrections.insert({
      id,
      correctsId: registrationId,
      reason,
      changes: JSON.stringify(changes),
      createdAt: new Date().toISOString(),
      createdBy: user.username,
    });
    this.#d.outbox.add('correction', id);
    this.#d.audit.record(user, action, registrationId, { correction: id });
    return id;
  }

  #range(input: { from: string; to?: string | undefined }): { from: string; to: string } {
    const to = input.to ?? new Date(Date.now() + 1000).toISOString();
    if (Date.parse(to) <= Date.parse(input.from)) throw new CareDockError('time.emptyRange');
    return { from: input.from, to };
  }

  /** What a re-attribution would touch: registrations not already so, and how many are locked. */
  #attributable(input: {
    source: 'pen' | 'tag';
    key: string;
    from: string;
    to?: string | undefined;
    staffId?: string | undefined;
    recipientId?: string | undefined;
  }) {
    const { from, to } = this.#range(input);
    const key = input.source === 'tag' ? input.key.toUpperCase() : input.key;
    const locked = this.#d.attestations.lock();
    const open: string[] = [];
    let lockedCount = 0;
    for (const r of this.#d.registrations.ofSource(input.source, key, from, to)) {
      // Whose it is now: the stored value, or what its latest correction says.
      const latest = this.#d.corrections.forRegistration(r.id).at(-1);
      const ch = latest ? (JSON.parse(latest.changes) as CorrectionChanges) : {};
      if (ch.void) continue;
      const staffId = ch.staffId !== undefined ? ch.staffId : r.staffId;
      const recipientId = ch.recipientId !== undefined ? ch.recipientId : r.recipientId;
      if (input.source === 'pen' && input.staffId !== undefined && staffId === input.staffId) continue;
      if (input.source === 'tag' && input.recipientId !== undefined && recipientId === input.recipientId)
        continue;
      if (locked(Date.parse(r.correctedTime), r.recipientId)) lockedCount++;
      else open.push(r.id);
    }
    return { open, locked: lockedCount };
  }

  reattributePreview(input: {
    source: 'pen' | 'tag';
    key: string;
    from: string;
    to?: string | undefined;
    staffId?: string | undefined;
    recipientId?: string | undefined;
  }) {
    const { open, locked } = this.#attributable(input);
    return { count: open.length, locked };
  }

  /**
   * Gives a pen's stored registrations in a range their staff member, or a tag's their recipient,
   * with one correction each (audited), as when an assignment is recorded after the fact.
   * Registrations of an attested month are left alone and counted.
   */
  reattribute(
    user: Caller,
    input: {
      source: 'pen' | 'tag';
      key: string;
      from: string;
      to?: string | undefined;
      staffId?: string | undefined;
      recipientId?: string | undefined;
      reason: string;
    },
  ): { corrected: number; locked: number } {
    const change: CorrectionChanges =
      input.source === 'pen' ? { staffId: input.staffId } : { recipientId: input.recipientId };
    if (Object.values(change)[0] === undefined) throw new CareDockError('correction.reattributeNeedsOne');
    this.#known(input.staffId, input.recipientId);
    const result = this.#d.sqlite
      .transaction(() => {
        const { open, locked } = this.#attributable(input);
        for (const id of open) this.#append(user, id, input.reason, change, 'corrections.create');
        return { corrected: open.length, locked };
      })
      .immediate();
    this.#d.outboxChanged();
    return result;
  }

  forRegistration(registrationId: string): CorrectionRecord[] {
    return this.#d.corrections
      .forRegistration(registrationId)
      .map((c) => ({ ...c, changes: JSON.parse(c.changes) as Record<string, unknown> }));
  }
}
