// Deviation reports to the municipality: checked against the visit they are about, stored as the
// push item they go up as, with the outbox row and the audit line in the same transaction.
import type Database from 'better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import type { ReportRecord } from '../../shared/api/procedures/reports.ts';
import type { DeviationReportItem } from '../../shared/sync/pushItems.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import { uuidv7 } from '../ids.ts';
import type { PlanData } from '../plans/data.ts';
import type { Outbox } from '../sync/data.ts';
import type { ReportData } from './data.ts';

export interface ReportServiceDeps {
  sqlite: Database.Database;
  reports: ReportData;
  plans: PlanData;
  outbox: Outbox;
  audit: AuditLog;
  outboxChanged: () => void;
}

export interface FileReportInput {
  kind: DeviationReportItem['kind'];
  planId: string | null;
  recipientId: string | null;
  minutes: number | null;
  text: string;
  attachments: DeviationReportItem['attachments'];
}

function record(item: DeviationReportItem, sent: boolean): ReportRecord {
  return {
    id: item.id,
    kind: item.kind,
    recipientId: item.recipientId,
    visitStart: item.visitStart,
    minutes: item.minutes,
    text: item.text,
    attachments: item.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType })),
    filedAt: item.filedAt,
    filedBy: item.filedBy,
    sent,
  };
}

export class ReportService {
  readonly #d: ReportServiceDeps;

  constructor(deps: ReportServiceDeps) {
    this.#d = deps;
  }

  file(user: Caller, input: FileReportInput): ReportRecord {
    const aboutVisit = input.kind !== 'notice';
    if (aboutVisit && input.planId === null) throw new CareDockError('workflow.reportNeedsVisit');
    if ((input.kind === 'late' || input.kind === 'short') && input.minutes === null)
      throw new CareDockError('workflow.reportNeedsMinutes');
    const plan = input.planId === null ? undefined : this.#d.plans.byId(input.planId);
    if (input.planId !== null && !plan) throw new CareDockError('workflow.notFound');
    const item: DeviationReportItem = {
      type: 'deviationReport',
      id: uuidv7(),
      kind: input.kind,
      recipientId: plan?.recipientId ?? input.recipientId,
      planId: input.planId,
      visitStart: plan?.plannedStart ?? null,
      minutes: input.kind === 'late' || input.kind === 'short' ? input.minutes : null,
      text: input.text,
      attachments: input.attachments,
      filedAt: new Date().toISOString(),
      filedBy: user.username,
    };
    this.#d.sqlite
      .transaction(() => {
        this.#d.reports.insert({
          id: item.id,
          kind: item.kind,
          recipientId: item.recipientId,
          payload: JSON.stringify(item),
          filedAt: item.filedAt,
          filedBy: item.filedBy,
        });
        this.#d.outbox.add('deviationReport', item.id);
        this.#d.audit.record(user, 'reports.file', item.id, {
          kind: item.kind,
          ...(item.recipientId ? { recipientId: item.recipientId } : {}),
        });
      })
      .immediate();
    this.#d.outboxChanged();
    return record(item, false);
  }

  list(limit: number): ReportRecord[] {
    return this.#d.reports
      .recent(limit)
      .map((r) => record(JSON.parse(r.payload) as DeviationReportItem, r.sent === 1));
  }
}
