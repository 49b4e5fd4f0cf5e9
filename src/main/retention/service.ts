// Retention: once a day, what the municipality's rules say has been kept long enough leaves the
// workstation, in bounded batches, each batch one short transaction, so docking and the office
// are never held up. Nothing the server has not confirmed and nothing in a month that is not
// attested is ever removed. Each run is recorded in the audit log with what it removed.
import type Database from 'better-sqlite3';
import type { RetentionPolicy } from '../../shared/sync/entities.ts';
import type { AuditLog } from '../audit/log.ts';
import type { AuditData } from '../audit/data.ts';
import type { CorrectionData } from '../corrections/data.ts';
import type { DockingData } from '../docking/data.ts';
import type { Logger } from '../log/logger.ts';
import type { RegistrationData, ExpiryPosition } from '../registrations/data.ts';
import type { OutboxData } from '../sync/data.ts';
import {
  cutoff,
  DAY_MS,
  removablePenBytes,
  removableRegistrations,
  unsentKeys,
  unsentRegistrations,
  type Attested,
} from './rules.ts';

export interface RetentionDeps {
  sqlite: Database.Database;
  policy: () => RetentionPolicy | null;
  registrations: RegistrationData;
  corrections: CorrectionData;
  outbox: OutboxData;
  docking: DockingData;
  audit: AuditData;
  auditLog: AuditLog;
  notices: { expireFinished(beforeMs: number, limit: number): number };
  /** Whether an instant is in an attested month, for everyone or for the recipient. */
  attested: () => Attested;
  logger: Logger;
  now?: () => number;
  /** Rows per batch (one transaction each). */
  batch?: number;
  /** Batches per kind and run; what is left waits for the next day. */
  maxBatches?: number;
}

export interface RetentionReport {
  ran: boolean;
  registrations: number;
  corrections: number;
  penBytes: number;
  sentOutbox: number;
  audit: number;
  notices: number;
  /** Old enough but kept: not confirmed by the server or not attested. */
  kept: number;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RetentionService {
  readonly #d: RetentionDeps;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<RetentionReport> | null = null;

  constructor(deps: RetentionDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** The daily job: first a while after start, then every 24 hours. */
  start(firstAfterMs = 5 * 60_000): void {
    const tick = () => {
      this.run().catch((err: unknown) => this.#d.logger.error({ err }, 'retention run failed'));
    };
    this.#timer = setTimeout(() => {
      tick();
      this.#timer = setInterval(tick, DAY_MS);
      this.#timer.unref();
    }, firstAfterMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  /** One run; a second call while one runs joins it. */
  run(): Promise<RetentionReport> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<RetentionReport> {
    const report: RetentionReport = {
      ran: false,
      registrations: 0,
      corrections: 0,
      penBytes: 0,
      sentOutbox: 0,
      audit: 0,
      notices: 0,
      kept: 0,
    };
    const policy = this.#d.policy();
    if (!policy) return report;
    report.ran = true;
    const now = this.#now();
    const before = (days: number) => cutoff(now, days);
    const batch = this.#d.batch ?? 1000;
    const maxBatches = this.#d.maxBatches ?? 200;
    const { outbox } = this.#d;
    const tx = <T>(fn: () => T): T => this.#d.sqlite.transaction(fn).immediate();

    // Read once: what the server has not confirmed, and the attested months.
    const unsent = unsentKeys(outbox.unsent());
    const attested = this.#d.attested();

    // Registrations with their corrections and their sent outbox rows.
    let after: ExpiryPosition = { time: '', k: -1, id: '' };
    for (let b = 0; b < maxBatches; b++) {
      const rows = this.#d.registrations.expiring(before(policy.registrationDays), after, batch);
      if (rows.length === 0) break;
      after = rows.at(-1)!;
      const removable = removableRegistrations(
        rows,
        (ids) => this.#d.corrections.ofRegistrations(ids),
        unsent,
        attested,
      );
      const ids = removable.registrations;
      const correctionIds = removable.corrections;
      report.kept += removable.kept;
      tx(() => {
        report.corrections += this.#d.corrections.remove(correctionIds);
        report.registrations += this.#d.registrations.remove(ids);
        report.sentOutbox += outbox.removeSent('registration', ids);
        report.sentOutbox += outbox.removeSent('correction', correctionIds);
      });
      await yieldToOthers();
    }

    // Raw pen bytes: sooner than the registrations, once what they produced is confirmed and
    // the months the pen's records can fall in are attested.
    const withUnsent = new Set(this.#d.registrations.sessionsOf(unsentRegistrations(unsent)));
    let afterSession = '';
    for (let b = 0; b < maxBatches; b++) {
      const sessions = this.#d.docking.sessionsBefore(before(policy.penBytesDays), afterSession, batch);
      if (sessions.length === 0) break;
      afterSession = sessions.at(-1)!.id;
      const ids = removablePenBytes(sessions, withUnsent, attested);
      report.penBytes += tx(() => this.#d.docking.removeBytes(ids));
      await yieldToOthers();
    }

    const drain = async (step: () => number): Promise<number> => {
      let total = 0;
      for (let b = 0; b < maxBatches; b++) {
        const n = tx(step);
        total += n;
        if (n < batch) break;
        await yieldToOthers();
      }
      return total;
    };
    const sentBefore = before(policy.sentOutboxDays).slice(0, 10);
    report.sentOutbox += await drain(() => outbox.expireSent(sentBefore, batch));
    report.audit = await drain(() => this.#d.audit.expire(before(policy.auditDays), batch));
    report.notices = await drain(() =>
      this.#d.notices.expireFinished(now - policy.noticeDays * DAY_MS, batch),
    );

    const { ran: _ran, ...counts } = report;
    this.#d.auditLog.record({ id: null, username: null }, 'retention.run', policy.id, counts);
    this.#d.logger.info(counts, 'retention removed what the rules no longer keep');
    return report;
  }
}
