import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Settings } from '../../shared/api/procedures/settings.ts';
import type {
  attestationRecord,
  BillingRow,
  correctionChanges,
  correctionRecord,
  OrderRecord,
  PlanRecord,
} from '../../shared/api/procedures/workflows.ts';
import { CareDockError, formatMessage, type Language } from '../../shared/errors/index.ts';
import { localDate, localMonth, localParts, monthBounds, zonedInstant } from '../../shared/domain/time.ts';
import type { Actor, AuditLog } from '../audit.ts';
import { uuidv7 } from '../ids.ts';
import {
  attestationLock,
  countRegistrations,
  getAttestation,
  listAttestations,
  monthDates,
  type AttestationRow,
} from './attestations.ts';
import { billingCsv, billingPdf } from './billing.ts';
import { Directory } from './directory.ts';
import type { CorrectionChanges } from './pairing.ts';
import {
  grantedInMonth,
  loadOrders,
  orderActiveOn,
  planById,
  plansBetween,
  planWarnings,
  WarningContext,
  toPlanRecord,
  type PlanRow,
} from './plans.ts';
import {
  deviationRecords,
  pairRange,
  rangeBounds,
  registrationList,
  registrationRows,
  type RegistrationList,
  type PairedRange,
  type RowFilter,
} from './registrations.ts';

export interface WorkflowUser extends Actor {
  username: string;
  language: Language;
  seeProtected: boolean;
}

type CorrectionInput = z.infer<typeof correctionChanges>;

export interface PlanInput {
  id?: string | undefined;
  recipientId: string;
  orderId: string | null;
  staffIds: string[];
  date: string;
  start: string;
  end: string;
  tasks: string[];
}

/** The office and coordinator work on top of the local database: one module, typed queries. */
export class WorkflowService {
  readonly #sqlite: Database.Database;
  readonly #audit: AuditLog;
  readonly #settings: () => Settings;
  /** Told after anything was written to the outbox, so sync can send it soon. */
  readonly #outboxChanged: () => void;

  constructor(
    sqlite: Database.Database,
    audit: AuditLog,
    settings: () => Settings,
    outboxChanged: () => void = () => {},
  ) {
    this.#sqlite = sqlite;
    this.#audit = audit;
    this.#settings = settings;
    this.#outboxChanged = outboxChanged;
  }

  get #tz(): string {
    return this.#settings().timeZone;
  }

  readonly #pairedCache = new Map<
    string,
    { version: string; paired: PairedRange; lists: Map<string, RegistrationList> }
  >();

  /**
   * Pairing of a range, computed once per state of what it reads: a list of 100,000 rows is
   * fetched a page at a time, and no page may pair the day again because something else was
   * written (an audit entry, a sync cycle). New registrations and corrections show in their
   * largest rowid; any other change to them or to a plan is counted by triggers (migration 0006).
   */
  #paired(start: number, end: number) {
    const version = this.#pairingVersion();
    const key = `${start}|${end}`;
    const hit = this.#pairedCache.get(key);
    if (hit && hit.version === version) return hit;
    const entry = {
      version,
      paired: pairRange(this.#sqlite, start, end),
      lists: new Map<string, RegistrationList>(),
    };
    this.#pairedCache.delete(key);
    this.#pairedCache.set(key, entry);
    if (this.#pairedCache.size > 4) this.#pairedCache.delete(this.#pairedCache.keys().next().value!);
    return entry;
  }

  #pairingVersion(): string {
    return this.#sqlite
      .prepare(
        `select coalesce((select max(rowid) from registrations), 0) || '|' ||
                coalesce((select max(rowid) from corrections), 0) || '|' ||
                (select n from change_counters where name = 'pairing')`,
      )
      .pluck()
      .get() as string;
  }

  #dir(user: WorkflowUser): Directory {
    return new Directory(this.#sqlite, user.seeProtected);
  }

  // ── Registrations, visits, deviations ──────────────────────────────────────────────────────

  registrations(
    user: WorkflowUser,
    input: { from: string; to: string; offset: number; limit: number } & RowFilter,
  ) {
    const { start, end } = rangeBounds(input, this.#tz);
    const cached = this.#paired(start, end);
    // The order of one filter, built once per state; names are read for the page only.
    const key = JSON.stringify([input.staffId, input.recipientId, input.deviation, input.onlyDeviations]);
    let list = cached.lists.get(key);
    if (!list) {
      list = registrationList(cached.paired, start, end, input);
      cached.lists.set(key, list);
    }
    const page = registrationRows(
      this.#sqlite,
      cached.paired,
      list.entries.slice(input.offset, input.offset + input.limit),
      this.#dir(user),
      attestationLock(this.#sqlite, this.#tz),
    );
    return { rows: page, total: list.entries.length, unmatched: list.unmatched };
  }

  visits(
    user: WorkflowUser,
    input: { from: string; to: string; staffId?: string | undefined; recipientId?: string | undefined },
  ) {
    const { start, end } = rangeBounds(input, this.#tz);
    const { paired } = this.#paired(start, end);
    const dir = this.#dir(user);
    // Task codes by the visit index pairing gives each position: no map of a whole busy day.
    const taskCodes = new Map<number, number[]>();
    paired.registrations.forEach((r, at) => {
      const visit = paired.result.visitOf[at]!;
      if (r.kind !== 'task' || visit < 0 || r.taskCode === null) return;
      const codes = taskCodes.get(visit);
      if (codes) codes.push(r.taskCode);
      else taskCodes.set(visit, [r.taskCode]);
    });
    const keep = (staffKey: string, homeKey: string) =>
      (!input.staffId || Directory.staffOfKey(staffKey) === input.staffId) &&
      (!input.recipientId || Directory.recipientOfKey(homeKey) === input.recipientId);
    return {
      visits: paired.result.visits.flatMap((v, index) =>
        v.start >= start && v.start < end && keep(v.staffKey, v.homeKey)
          ? [
              {
                id: v.id,
                staff: dir.staff(Directory.staffOfKey(v.staffKey)),
                recipient: dir.recipient(Directory.recipientOfKey(v.homeKey)),
                start: new Date(v.start).toISOString(),
                end: new Date(v.end).toISOString(),
                minutes: Math.round((v.end - v.start) / 60_000),
                planId: v.planId,
                taskCodes: taskCodes.get(index) ?? [],
              },
            ]
          : [],
      ),
      deviations: deviationRecords(paired, dir, start, end).filter(
        (d) =>
          (!input.staffId || d.staff?.id === input.staffId) &&
          (!input.recipientId || d.recipient?.id === input.recipientId),
      ),
    };
  }

  // ── Corrections ────────────────────────────────────────────────────────────────────────────

  /** A check that refuses a moment in a locked period; the locks are read once per check made. */
  #openCheck(): (instant: number, recipientId: string | null) => void {
    const locked = attestationLock(this.#sqlite, this.#tz);
    return (instant, recipientId) => {
      if (locked(instant, recipientId))
        throw new CareDockError('attest.locked', { month: localMonth(instant, this.#tz) });
    };
  }

  /**
   * A correction is a new record beside the one it corrects, never a change to it. A manual
   * registration (a missed visit registered by hand) is a registration of its own with pen
   * serial MANUAL plus the correction that says who made it and why.
   */
  createCorrection(
    user: WorkflowUser,
    input: { correctsId: string | null; reason: string; changes: CorrectionInput },
  ): z.infer<typeof correctionRecord> {
    const changes: CorrectionChanges = {};
    if (input.changes.time)
      changes.correctedTime = new Date(
        zonedInstant(input.changes.time.date, input.changes.time.time, this.#tz),
      ).toISOString();
    if (input.changes.kind) changes.kind = input.changes.kind;
    if (input.changes.staffId !== undefined) changes.staffId = input.changes.staffId;
    if (input.changes.recipientId !== undefined) changes.recipientId = input.changes.recipientId;
    if (input.changes.void) changes.void = true;
    if (Object.keys(changes).length === 0) throw new CareDockError('input.nothingToChange');
    const now = new Date().toISOString();
    const id = uuidv7();
    const run = this.#sqlite.transaction(() => {
      const assertOpen = this.#openCheck();
      let correctsId = input.correctsId;
      let stored: Record<string, unknown> = {};
      if (correctsId === null) {
        if (!changes.correctedTime || !changes.kind) throw new CareDockError('input.manualNeedsTimeAndKind');
        assertOpen(Date.parse(changes.correctedTime), changes.recipientId ?? null);
        correctsId = uuidv7();
        const tag =
          (this.#sqlite
            .prepare('select uid from tags where recipient_id = ? order by uid limit 1')
            .pluck()
            .get(changes.recipientId ?? '') as string | undefined) ?? '00000000';
        const sequence =
          ((this.#sqlite
            .prepare("select max(sequence) from registrations where pen_serial = 'MANUAL'")
            .pluck()
            .get() as number | null) ?? 0) + 1;
        this.#sqlite
          .prepare(
            `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
             values (?, 'MANUAL', ?, ?, ?, ?, ?, null, '["manual"]', ?, ?, null, ?)`,
          )
          .run(
            correctsId,
            sequence,
            tag,
            changes.correctedTime,
            changes.correctedTime,
            changes.kind,
            changes.staffId ?? null,
            changes.recipientId ?? null,
            now,
          );
        this.#sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`).run(correctsId);
        stored = {};
      } else {
        const target = this.#sqlite
          .prepare('select corrected_time as t, recipient_id as r from registrations where id = ?')
          .get(correctsId) as { t: string; r: string | null } | undefined;
        if (!target) throw new CareDockError('workflow.notFound');
        assertOpen(Date.parse(target.t), target.r);
        if (changes.correctedTime)
          assertOpen(Date.parse(changes.correctedTime), changes.recipientId ?? target.r);
        stored = changes as Record<string, unknown>;
      }
      this.#sqlite
        .prepare(
          'insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (?, ?, ?, ?, ?, ?)',
        )
        .run(id, correctsId, input.reason, JSON.stringify(stored), now, user.username);
      this.#sqlite.prepare(`insert into outbox (kind, item_id) values ('correction', ?)`).run(id);
      this.#audit.record(
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
    this.#outboxChanged();
    return record;
  }

  correctionsFor(registrationId: string): z.infer<typeof correctionRecord>[] {
    return (
      this.#sqlite
        .prepare(
          'select id, corrects_id as correctsId, reason, changes, created_at as createdAt, created_by as createdBy from corrections where corrects_id = ? order by created_at, id',
        )
        .all(registrationId) as {
        id: string;
        correctsId: string | null;
        reason: string;
        changes: string;
        createdAt: string;
        createdBy: string;
      }[]
    ).map((c) => ({ ...c, changes: JSON.parse(c.changes) as Record<string, unknown> }));
  }

  // ── Attestation ────────────────────────────────────────────────────────────────────────────

  #attestationRecord(a: AttestationRow, dir: Directory): z.infer<typeof attestationRecord> {
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

  attestations(user: WorkflowUser) {
    const dir = this.#dir(user);
    return listAttestations(this.#sqlite).map((a) => this.#attestationRecord(a, dir));
  }

  attest(
    user: WorkflowUser,
    input: { month: string; recipientId?: string | undefined; note?: string | undefined },
  ) {
    const id = uuidv7();
    const { periodStart, periodEnd } = monthDates(input.month);
    const run = this.#sqlite.transaction(() => {
      const locked = this.#sqlite
        .prepare(
          'select 1 from attestations where period_start = ? and reopened_at is null and (recipient_id is null or recipient_id is ?)',
        )
        .get(periodStart, input.recipientId ?? null);
      if (locked) throw new CareDockError('attest.already', { month: input.month });
      const count = countRegistrations(this.#sqlite, input.month, this.#tz, input.recipientId);
      this.#sqlite
        .prepare(
          `insert into attestations (id, period_start, period_end, recipient_id, attested_at, attested_by, registration_count, note)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          periodStart,
          periodEnd,
          input.recipientId ?? null,
          new Date().toISOString(),
          user.username,
          count,
          input.note ?? null,
        );
      this.#sqlite.prepare(`insert into outbox (kind, item_id) values ('attestation', ?)`).run(id);
      this.#audit.record(user, 'attestations.create', input.month, {
        recipientId: input.recipientId ?? null,
        registrations: count,
      });
    });
    run.immediate();
    this.#outboxChanged();
    return this.#attestationRecord(getAttestation(this.#sqlite, id)!, this.#dir(user));
  }

  reopen(user: WorkflowUser, input: { id: string; reason: string }) {
    const row = getAttestation(this.#sqlite, input.id);
    if (!row) throw new CareDockError('workflow.notFound');
    if (row.reopenedAt) throw new CareDockError('attest.notLocked');
    this.#sqlite.transaction(() => {
      this.#sqlite
        .prepare('update attestations set reopened_at = ?, reopened_by = ?, reopen_reason = ? where id = ?')
        .run(new Date().toISOString(), user.username, input.reason, input.id);
      this.#audit.record(user, 'attestations.reopen', row.periodStart.slice(0, 7), {
        attestation: input.id,
        recipientId: row.recipientId,
      });
    })();
    return this.#attestationRecord(getAttestation(this.#sqlite, input.id)!, this.#dir(user));
  }

  // ── Recipients and orders ──────────────────────────────────────────────────────────────────

  /** Opening a recipient's details is logged, whoever opens them. */
  recipient(user: WorkflowUser, id: string) {
    const row = this.#sqlite
      .prepare(
        'select id, name, personal_id as personalId, address, protected_identity as p from recipients where id = ?',
      )
      .get(id) as
      { id: string; name: string; personalId: string | null; address: string | null; p: number } | undefined;
    if (!row) throw new CareDockError('devices.recipientUnknown');
    const masked = row.p === 1 && !user.seeProtected;
    this.#audit.record(user, 'recipients.open', id, { masked });
    return {
      id: row.id,
      name: masked ? '' : row.name,
      personalId: masked ? null : row.personalId,
      address: masked ? null : row.address,
      protectedIdentity: row.p === 1,
      masked,
    };
  }

  orders(
    user: WorkflowUser,
    input: { activeOn?: string | undefined; recipientId?: string | undefined },
  ): OrderRecord[] {
    const dir = this.#dir(user);
    return loadOrders(this.#sqlite, input.recipientId)
      .filter((o) => !input.activeOn || orderActiveOn(o, input.activeOn))
      .map((o) => ({
        id: o.id,
        recipient: dir.recipient(o.recipientId)!,
        validFrom: o.validFrom,
        validTo: o.validTo,
        services: o.services,
      }));
  }

  // ── Planning ───────────────────────────────────────────────────────────────────────────────

  plans(user: WorkflowUser, input: { from: string; to: string }) {
    const { start, end } = rangeBounds(input, this.#tz);
    const dir = this.#dir(user);
    const rows = plansBetween(this.#sqlite, start, end);
    const ctx = new WarningContext(this.#sqlite, this.#tz, loadOrders(this.#sqlite), rows);
    return { plans: rows.map((p) => toPlanRecord(p, dir, planWarnings(p, ctx))), staff: dir.staffIds() };
  }

  /** One edit of a planned visit: the current row, the edit as it will be sent, its outbox row. */
  #writePlan(plan: PlanRow): void {
    const editId = uuidv7();
    const item = {
      type: 'visitPlan' as const,
      id: editId,
      planId: plan.id,
      recipientId: plan.recipientId,
      orderId: plan.orderId,
      staffIds: JSON.parse(plan.staffIds) as string[],
      plannedStart: plan.plannedStart,
      plannedEnd: plan.plannedEnd,
      tasks: JSON.parse(plan.tasks) as string[],
      status: plan.status,
      editedAt: plan.editedAt,
      editedBy: plan.editedBy,
    };
    this.#sqlite
      .prepare(
        `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by, source)
         values (@id, @recipientId, @orderId, @staffIds, @plannedStart, @plannedEnd, @tasks, @status, @editedAt, @editedBy, 'local')
         on conflict (id) do update set recipient_id = excluded.recipient_id, order_id = excluded.order_id, staff_ids = excluded.staff_ids,
           planned_start = excluded.planned_start, planned_end = excluded.planned_end, tasks = excluded.tasks, status = excluded.status,
           edited_at = excluded.edited_at, edited_by = excluded.edited_by, source = 'local'`,
      )
      .run(plan);
    this.#sqlite
      .prepare('insert into visit_plan_edits (id, plan_id, payload, edited_at) values (?, ?, ?, ?)')
      .run(editId, plan.id, JSON.stringify(item), plan.editedAt);
    this.#sqlite.prepare(`insert into outbox (kind, item_id) values ('visitPlan', ?)`).run(editId);
  }

  #planFrom(user: WorkflowUser, input: PlanInput): PlanRow {
    if (new Set(input.staffIds).size !== input.staffIds.length)
      throw new CareDockError('input.sameStaffTwice');
    const start = zonedInstant(input.date, input.start, this.#tz);
    let end = zonedInstant(input.date, input.end, this.#tz);
    // An end before the start is the next morning: a visit across midnight.
    if (end <= start) end = zonedInstant(localDate(end + 24 * 3600_000, this.#tz), input.end, this.#tz);
    const known = this.#sqlite.prepare('select 1 from recipients where id = ?').get(input.recipientId);
    if (!known) throw new CareDockError('devices.recipientUnknown');
    for (const s of input.staffIds)
      if (!this.#sqlite.prepare('select 1 from staff where id = ?').get(s))
        throw new CareDockError('devices.staffUnknown');
    return {
      id: input.id ?? crypto.randomUUID(),
      recipientId: input.recipientId,
      orderId: input.orderId,
      staffIds: JSON.stringify(input.staffIds),
      plannedStart: new Date(start).toISOString(),
      plannedEnd: new Date(end).toISOString(),
      tasks: JSON.stringify(input.tasks),
      status: 'planned',
      editedAt: new Date().toISOString(),
      editedBy: user.username,
    };
  }

  #withWarnings(user: WorkflowUser, plan: PlanRow): PlanRecord {
    const start = Date.parse(plan.plannedStart);
    const others = plansBetween(this.#sqlite, start - 24 * 3600_000, start + 24 * 3600_000);
    const ctx = new WarningContext(
      this.#sqlite,
      this.#tz,
      loadOrders(this.#sqlite, plan.recipientId),
      others,
    );
    return toPlanRecord(plan, this.#dir(user), planWarnings(plan, ctx));
  }

  savePlan(user: WorkflowUser, input: PlanInput): PlanRecord {
    const plan = this.#planFrom(user, input);
    this.#sqlite
      .transaction(() => {
        this.#writePlan(plan);
        this.#audit.record(user, input.id ? 'plans.update' : 'plans.create', plan.id, {
          recipientId: plan.recipientId,
          start: plan.plannedStart,
        });
      })
      .immediate();
    this.#outboxChanged();
    return this.#withWarnings(user, plan);
  }

  cancelPlan(user: WorkflowUser, id: string): void {
    const plan = planById(this.#sqlite, id);
    if (!plan) throw new CareDockError('workflow.notFound');
    this.#sqlite
      .transaction(() => {
        this.#writePlan({
          ...plan,
          status: 'cancelled',
          editedAt: new Date().toISOString(),
          editedBy: user.username,
        });
        this.#audit.record(user, 'plans.cancel', id);
      })
      .immediate();
    this.#outboxChanged();
  }

  /** Recurring visits from an order: every chosen weekday in the range, within the order's validity. */
  generatePlans(
    user: WorkflowUser,
    input: {
      orderId: string;
      from: string;
      to: string;
      weekdays: number[];
      start: string;
      minutes: number;
      staffIds: string[];
      tasks: string[];
    },
  ) {
    const order = loadOrders(this.#sqlite).find((o) => o.id === input.orderId);
    if (!order) throw new CareDockError('workflow.notFound');
    const plans: PlanRow[] = [];
    const day = new Date(`${input.from}T12:00:00Z`);
    for (let i = 0; i < 370; i++) {
      const date = day.toISOString().slice(0, 10);
      if (date > input.to) break;
      const weekday = ((day.getUTCDay() + 6) % 7) + 1;
      if (input.weekdays.includes(weekday) && orderActiveOn(order, date)) {
        const startAt = zonedInstant(date, input.start, this.#tz);
        const end = localParts(startAt + input.minutes * 60_000, this.#tz);
        plans.push(
          this.#planFrom(user, {
            recipientId: order.recipientId,
            orderId: order.id,
            staffIds: input.staffIds,
            date,
            start: input.start,
            end: end.time,
            tasks: input.tasks,
          }),
        );
      }
      day.setUTCDate(day.getUTCDate() + 1);
    }
    this.#sqlite
      .transaction(() => {
        for (const plan of plans) this.#writePlan(plan);
        this.#audit.record(user, 'plans.generate', input.orderId, {
          created: plans.length,
          from: input.from,
          to: input.to,
        });
      })
      .immediate();
    this.#outboxChanged();
    const warnings = plans.flatMap((p) => this.#withWarnings(user, p).warnings);
    const unique = new Map(warnings.map((w) => [`${w.code}:${JSON.stringify(w.params)}`, w]));
    return { created: plans.length, warnings: [...unique.values()].slice(0, 50) };
  }

  planSummary(user: WorkflowUser, month: string) {
    const dir = this.#dir(user);
    const orders = loadOrders(this.#sqlite);
    // The same sums the plan warnings use, so the summary and a warning never disagree.
    const ctx = new WarningContext(this.#sqlite, this.#tz, orders, []);
    return [...new Set(orders.map((o) => o.recipientId))]
      .map((recipientId) => ({
        recipient: dir.recipient(recipientId)!,
        grantedMinutes: ctx.grantedMinutes(recipientId, month),
        plannedMinutes: ctx.plannedMinutes(recipientId, month),
      }))
      .filter((r) => r.grantedMinutes > 0 || r.plannedMinutes > 0)
      .sort(
        (a, b) =>
          a.recipient.name.localeCompare(b.recipient.name, 'sv') ||
          (a.recipient.id < b.recipient.id ? -1 : 1),
      );
  }

  // ── Billing basis ──────────────────────────────────────────────────────────────────────────

  /**
   * Per recipient and service: granted (from the orders, in proportion to the days valid),
   * planned (plans of the month) and performed (paired visits) time, and deviations. A visit
   * counts for the service its plan names in its tasks, else the order's first service.
   */
  billing(user: WorkflowUser, month: string) {
    const { start, end } = monthBounds(month, this.#tz);
    const dir = this.#dir(user);
    const orders = loadOrders(this.#sqlite);
    const { paired } = this.#paired(start, end);
    const plans = new Map(
      plansBetween(this.#sqlite, start, end)
        .filter((p) => p.status === 'planned')
        .map((p) => [p.id, p]),
    );
    const rows = new Map<string, BillingRow>();
    /** Each recipient's first row, where their deviations are counted. */
    const firstRow = new Map<string, BillingRow>();
    const rowFor = (recipientId: string, code: string, name: string): BillingRow => {
      const key = `${recipientId}|${code}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          recipient: dir.recipient(recipientId)!,
          serviceCode: code,
          serviceName: name,
          grantedMinutes: 0,
          plannedMinutes: 0,
          performedMinutes: 0,
          deviations: 0,
        };
        rows.set(key, row);
        if (!firstRow.has(recipientId)) firstRow.set(recipientId, row);
      }
      return row;
    };
    const ordersOf = new Map<string, typeof orders>();
    for (const o of orders) ordersOf.set(o.recipientId, [...(ordersOf.get(o.recipientId) ?? []), o]);
    const serviceOf = (recipientId: string, at: number, tasks: string[]): { code: string; name: string } => {
      const date = localDate(at, this.#tz);
      const active = (ordersOf.get(recipientId) ?? [])
        .filter((o) => orderActiveOn(o, date))
        .flatMap((o) => o.services);
      return active.find((s) => tasks.includes(s.code)) ?? active[0] ?? { code: '-', name: '-' };
    };
    for (const o of orders)
      for (const s of o.services) {
        const granted = grantedInMonth(o, month, s.code);
        if (granted > 0) rowFor(o.recipientId, s.code, s.name).grantedMinutes += granted;
      }
    for (const p of plans.values()) {
      const at = Date.parse(p.plannedStart);
      if (at < start || at >= end) continue;
      const s = serviceOf(p.recipientId, at, JSON.parse(p.tasks) as string[]);
      rowFor(p.recipientId, s.code, s.name).plannedMinutes += Math.round(
        (Date.parse(p.plannedEnd) - at) / 60_000,
      );
    }
    for (const v of paired.result.visits) {
      const recipientId = Directory.recipientOfKey(v.homeKey);
      if (!recipientId || v.start < start || v.start >= end) continue;
      const plan = v.planId ? plans.get(v.planId) : undefined;
      const s = serviceOf(recipientId, v.start, plan ? (JSON.parse(plan.tasks) as string[]) : []);
      rowFor(recipientId, s.code, s.name).performedMinutes += Math.round((v.end - v.start) / 60_000);
    }
    for (const d of paired.result.deviations) {
      const recipientId = Directory.recipientOfKey(d.homeKey);
      if (!recipientId || d.at < start || d.at >= end) continue;
      (firstRow.get(recipientId) ?? rowFor(recipientId, '-', '-')).deviations++;
    }
    // ISO weeks that touch the month, planned against performed, for the chart.
    const weeks = new Map<string, { plannedMinutes: number; performedMinutes: number }>();
    const weekOf = (at: number) => isoWeek(localDate(at, this.#tz));
    for (let t = start + 12 * 3600_000; t < end; t += 24 * 3600_000)
      weeks.set(weekOf(t), { plannedMinutes: 0, performedMinutes: 0 });
    for (const p of plans.values()) {
      const at = Date.parse(p.plannedStart);
      if (at >= start && at < end)
        weeks.get(weekOf(at))!.plannedMinutes += Math.round((Date.parse(p.plannedEnd) - at) / 60_000);
    }
    for (const v of paired.result.visits)
      if (v.start >= start && v.start < end && Directory.recipientOfKey(v.homeKey))
        weeks.get(weekOf(v.start))!.performedMinutes += Math.round((v.end - v.start) / 60_000);
    const attested = attestationLock(this.#sqlite, this.#tz)(start + 3600_000, null);
    return {
      month,
      rows: [...rows.values()].sort(
        (a, b) =>
          a.recipient.name.localeCompare(b.recipient.name, 'sv') ||
          (a.recipient.id < b.recipient.id
            ? -1
            : a.recipient.id > b.recipient.id
              ? 1
              : a.serviceCode < b.serviceCode
                ? -1
                : 1),
      ),
      weeks: [...weeks].map(([week, w]) => ({ week, ...w })),
      attested,
    };
  }

  exportBilling(user: WorkflowUser, month: string, format: 'csv' | 'pdf') {
    const basis = this.billing(user, month);
    this.#audit.record(user, 'billing.export', month, { format });
    if (format === 'csv') {
      return {
        filename: `underlag-${month}.csv`,
        mediaType: 'text/csv; charset=utf-8',
        base64: billingCsv(month, basis.rows, this.#settings().billingColumns).toString('base64'),
      };
    }
    const lang = user.language;
    const t = (code: string) => formatMessage(code, {}, lang);
    const pdf = billingPdf(month, basis.rows, basis.weeks, {
      title: t('billing.pdfTitle'),
      generated: `${t('billing.pdfGenerated')} ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${user.username}`,
      columns: [
        t('billing.colRecipient'),
        t('billing.colId'),
        t('billing.colService'),
        t('billing.colGranted'),
        t('billing.colPlanned'),
        t('billing.colPerformed'),
      ],
      chartTitle: t('billing.chartTitle'),
      planned: t('billing.colPlanned'),
      performed: t('billing.colPerformed'),
      total: t('billing.total'),
      masked: t('billing.masked'),
    });
    return {
      filename: `underlag-${month}.pdf`,
      mediaType: 'application/pdf',
      base64: pdf.toString('base64'),
    };
  }
}

/** "2026-W14" for a local date. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7,
    );
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
