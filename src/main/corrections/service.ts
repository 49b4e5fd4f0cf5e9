// A correction is a new record beside the one it corrects, never a change to it. A manual
// registration (a missed visit registered by hand) is a registration of its own, stored by the
// same insert docking uses, with pen serial MANUAL plus the correction that says who and why.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { correctionChanges, correctionRecord } from '../../shared/api/procedures/workflows.ts';
import { zonedInstant } from '../../shared/domain/time.ts';
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
        stored = changes as Record<string, unknown>;
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

  forRegistration(registrationId: string): CorrectionRecord[] {
    return this.#d.corrections
      .forRegistration(registrationId)
      .map((c) => ({ ...c, changes: JSON.parse(c.changes) as Record<string, unknown> }));
  }
}
