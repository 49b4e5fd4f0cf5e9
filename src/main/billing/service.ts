// The billing basis (underlag för ersättning): per recipient and service, granted, planned and
// performed time and deviations for a month, with a weekly chart; exported as CSV and PDF.
import type { Settings } from '../../shared/api/procedures/settings.ts';
import type { BillingRow } from '../../shared/api/procedures/workflows.ts';
import { localDate, monthBounds } from '../../shared/domain/time.ts';
import { formatMessage } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AttestationService } from '../attestations/service.ts';
import type { FigureRow, Figures } from '../attestations/snapshot.ts';
import type { AuditLog } from '../audit/log.ts';
import type { OrderData } from '../orders/data.ts';
import { grantedInMonth, orderActiveOn } from '../orders/orders.ts';
import { planServices, type PlanData } from '../plans/data.ts';
import { Directory } from '../recipients/directory.ts';
import type { RegistrationService } from '../registrations/service.ts';
import { billingCsv, hours } from './documents.ts';
import { billingPdf } from './pdf.ts';
import { monthDates } from '../attestations/service.ts';

export interface BillingServiceDeps {
  orders: OrderData;
  plans: PlanData;
  registrations: RegistrationService;
  attestations: AttestationService;
  audit: AuditLog;
  directory: (viewer: Caller) => Directory;
  settings: () => Settings;
  timeZone: () => string;
  /** The municipality's table of task codes to services. */
  taskServices: () => { taskCode: number; serviceCode: string }[];
  now: () => number;
  /** Provider and municipality of the installation, for the printed basis. */
  installation: () => { providerName: string; municipalityName: string } | null;
}

/**
 * Minutes shared between services in proportion to their own minutes, whole minutes that add up
 * to the total (the remainder to the largest shares first).
 */
export function splitMinutes(
  total: number,
  shares: readonly { code: string; minutes: number }[],
): { code: string; minutes: number }[] {
  const weight = shares.reduce((n, s) => n + s.minutes, 0);
  if (weight <= 0) return [];
  const parts = shares.map((s) => ({ code: s.code, exact: (total * s.minutes) / weight }));
  const out = parts.map((p) => ({ code: p.code, minutes: Math.floor(p.exact) }));
  let left = total - out.reduce((n, p) => n + p.minutes, 0);
  const order = parts
    .map((p, i) => ({ i, frac: p.exact - Math.floor(p.exact) }))
    .sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!.minutes++;
    left--;
  }
  return out;
}

export class BillingService {
  readonly #d: BillingServiceDeps;

  constructor(deps: BillingServiceDeps) {
    this.#d = deps;
  }

  /**
   * Per recipient and service as they stand now: granted (from the orders, in proportion to the
   * days valid), planned (plans of the month, by their services) and performed (paired visits)
   * time, and deviations up to now. One recipient's figures, or everyone's (null).
   */
  figures(month: string, only: string | null): Figures {
    const { start, end } = monthBounds(month, this.#d.timeZone());
    const mine = (recipientId: string | null) =>
      recipientId !== null && (only === null || recipientId === only);
    const orders = this.#d.orders.load();
    const { paired } = this.#d.registrations.paired(start, end);
    const plans = new Map(
      this.#d.plans
        .between(start, end)
        .filter((p) => p.status === 'planned' && mine(p.recipientId))
        .map((p) => [p.id, p]),
    );
    const rows = new Map<string, FigureRow>();
    /** Each recipient's first row, where their deviations are counted. */
    const firstRow = new Map<string, FigureRow>();
    const rowFor = (recipientId: string, code: string, name: string): FigureRow => {
      const key = `${recipientId}|${code}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          recipientId,
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
    const activeServices = (recipientId: string, at: number) => {
      const date = localDate(at, this.#d.timeZone());
      return (ordersOf.get(recipientId) ?? [])
        .filter((o) => orderActiveOn(o, date))
        .flatMap((o) => o.services);
    };
    const nameOf = (recipientId: string, at: number, code: string) =>
      activeServices(recipientId, at).find((s) => s.code === code)?.name ??
      orders.flatMap((o) => o.services).find((s) => s.code === code)?.name ??
      code;
    /** The order's service the tasks name, else its first: how a visit without services counts. */
    const fallback = (recipientId: string, at: number, tasks: readonly string[]) => {
      const active = activeServices(recipientId, at);
      return active.find((s) => tasks.includes(s.code)) ?? active[0] ?? { code: '-', name: '-' };
    };
    const book = (
      recipientId: string,
      at: number,
      minutes: number,
      shares: readonly { code: string; minutes: number }[],
      tasks: readonly string[],
      field: 'plannedMinutes' | 'performedMinutes',
    ) => {
      if (shares.length === 0) {
        const s = fallback(recipientId, at, tasks);
        rowFor(recipientId, s.code, s.name)[field] += minutes;
        return;
      }
      for (const part of splitMinutes(minutes, shares))
        rowFor(recipientId, part.code, nameOf(recipientId, at, part.code))[field] += part.minutes;
    };
    const taskService = new Map(this.#d.taskServices().map((t) => [t.taskCode, t.serviceCode]));
    for (const o of orders) {
      if (!mine(o.recipientId)) continue;
      for (const s of o.services) {
        const granted = grantedInMonth(o, month, s.code);
        if (granted > 0) rowFor(o.recipientId, s.code, s.name).grantedMinutes += granted;
      }
    }
    for (const p of plans.values()) {
      const at = Date.parse(p.plannedStart);
      if (at < start || at >= end) continue;
      const minutes = Math.round((Date.parse(p.plannedEnd) - at) / 60_000);
      book(p.recipientId, at, minutes, planServices(p), JSON.parse(p.tasks) as string[], 'plannedMinutes');
    }
    const visits = paired.result.visits
      .map((v, index) => ({ v, index }))
      .filter(({ v }) => {
        const recipientId = Directory.recipientOfKey(v.homeKey);
        return mine(recipientId) && v.start >= start && v.start < end;
      });
    // Task codes by visit, from the registrations pairing placed in it.
    const codesOf = new Map<number, number[]>();
    paired.registrations.forEach((r, at) => {
      const visit = paired.result.visitOf[at]!;
      if (r.kind !== 'task' || visit < 0 || r.taskCode === null) return;
      (codesOf.get(visit) ?? codesOf.set(visit, []).get(visit)!).push(r.taskCode);
    });
    for (const { v, index } of visits) {
      const recipientId = Directory.recipientOfKey(v.homeKey)!;
      const plan = v.planId ? plans.get(v.planId) : undefined;
      const minutes = Math.round((v.end - v.start) / 60_000);
      // Performed time counts for what the visit was for: its plan's services, the services a
      // manual visit was registered with, or the services its task codes map to.
      let shares = plan ? planServices(plan) : (paired.servicesOf.get(v.arriveId) ?? []);
      if (shares.length === 0) {
        const active = new Set(activeServices(recipientId, v.start).map((s) => s.code));
        const mapped = [
          ...new Set((codesOf.get(index) ?? []).flatMap((c) => taskService.get(c) ?? [])),
        ].filter((code) => active.has(code));
        shares = mapped.map((code) => ({ code, minutes: 1 }));
      }
      book(
        recipientId,
        v.start,
        minutes,
        shares,
        plan ? (JSON.parse(plan.tasks) as string[]) : [],
        'performedMinutes',
      );
    }
    // A planned visit still to come is not missed yet.
    const now = this.#d.now();
    for (const d of paired.result.deviations) {
      const recipientId = Directory.recipientOfKey(d.homeKey);
      if (!mine(recipientId) || d.at < start || d.at >= end || d.at > now) continue;
      (firstRow.get(recipientId!) ?? rowFor(recipientId!, '-', '-')).deviations++;
    }
    // ISO weeks that touch the month, planned against performed, for the chart.
    const weeks = new Map<string, { plannedMinutes: number; performedMinutes: number }>();
    const weekOf = (at: number) => isoWeek(localDate(at, this.#d.timeZone()));
    for (let t = start + 12 * 3600_000; t < end; t += 24 * 3600_000)
      weeks.set(weekOf(t), { plannedMinutes: 0, performedMinutes: 0 });
    for (const p of plans.values()) {
      const at = Date.parse(p.plannedStart);
      if (at >= start && at < end)
        weeks.get(weekOf(at))!.plannedMinutes += Math.round((Date.parse(p.plannedEnd) - at) / 60_000);
    }
    for (const { v } of visits)
      weeks.get(weekOf(v.start))!.performedMinutes += Math.round((v.end - v.start) / 60_000);
    return { rows: [...rows.values()], weeks: [...weeks].map(([week, w]) => ({ week, ...w })) };
  }

  /**
   * The basis of a month as the office and the municipality read it: while an attest is in
   * force, the figures it kept (for the provider, or per recipient attested on their own);
   * otherwise the figures as they stand.
   */
  basis(user: Caller, month: string) {
    const dir = this.#d.directory(user);
    const inForce = this.#d.attestations.inForce(month);
    const provider = inForce.find((a) => a.recipientId === null && a.figures !== null);
    let figures: Figures;
    if (provider) figures = provider.figures!;
    else {
      figures = this.figures(month, null);
      for (const a of inForce) {
        if (a.recipientId === null || a.figures === null) continue;
        figures.rows = [...figures.rows.filter((r) => r.recipientId !== a.recipientId), ...a.figures.rows];
      }
    }
    const rows: BillingRow[] = figures.rows.map((r) => ({
      recipient: dir.recipient(r.recipientId)!,
      serviceCode: r.serviceCode,
      serviceName: r.serviceName,
      grantedMinutes: r.grantedMinutes,
      plannedMinutes: r.plannedMinutes,
      performedMinutes: r.performedMinutes,
      deviations: r.deviations,
    }));
    const { start } = monthBounds(month, this.#d.timeZone());
    const providerAttest = inForce.find((a) => a.recipientId === null);
    return {
      month,
      rows: rows.sort(
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
      weeks: figures.weeks,
      attested: this.#d.attestations.lock()(start + 3600_000, null),
      attestation: providerAttest
        ? {
            id: providerAttest.id,
            version: providerAttest.version,
            attestedAt: providerAttest.attestedAt,
            attestedBy: providerAttest.attestedBy,
          }
        : null,
      lateRegistrations: inForce.reduce((n, a) => n + this.#d.attestations.lateCount(a), 0),
    };
  }

  /** Granted, planned and performed per recipient and service as they stand, for Orders. */
  progress(user: Caller, month: string) {
    const dir = this.#d.directory(user);
    return this.figures(month, null).rows.map((r) => ({
      recipient: dir.recipient(r.recipientId)!,
      serviceCode: r.serviceCode,
      serviceName: r.serviceName,
      grantedMinutes: r.grantedMinutes,
      plannedMinutes: r.plannedMinutes,
      performedMinutes: r.performedMinutes,
    }));
  }

  /** The export as a file; the caller records it (audit) in the transaction that answers. */
  async render(
    user: Caller,
    month: string,
    format: 'csv' | 'pdf',
  ): Promise<{ filename: string; mediaType: string; base64: string }> {
    const basis = this.basis(user, month);
    const version = basis.attestation?.version ?? null;
    const suffix = version === null ? '' : `-v${version}`;
    const lang = user.language;
    if (format === 'csv') {
      return {
        filename: `underlag-${month}${suffix}.csv`,
        mediaType: 'text/csv; charset=utf-8',
        base64: billingCsv(
          month,
          basis.rows,
          this.#d.settings().billingColumns,
          formatMessage('billing.masked', {}, lang),
          version,
        ).toString('base64'),
      };
    }
    const t = (code: string, params: Record<string, string | number> = {}) =>
      formatMessage(code, params, lang);
    const tz = this.#d.timeZone();
    const locale = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' }[lang];
    // Local time of the municipality, as the screen shows it: never UTC on paper.
    const when = (iso: string | Date) =>
      new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(
        new Date(iso),
      );
    const { periodStart, periodEnd } = monthDates(month);
    const installation = this.#d.installation();
    const attest = basis.attestation;
    const now = new Date(this.#d.now());
    const bytes = await billingPdf({
      rows: basis.rows,
      weeks: basis.weeks,
      hours,
      info: {
        title: `${t('billing.pdfTitle')} ${month}`,
        author: user.username,
        createdAt: now,
        language: locale,
      },
      labels: {
        title: `${t('billing.pdfTitle')} ${month}`,
        facts: [
          t('billing.pdfProvider', { name: installation?.providerName ?? t('billing.pdfNotInstalled') }),
          t('billing.pdfMunicipality', {
            name: installation?.municipalityName ?? t('billing.pdfNotInstalled'),
          }),
          t('billing.pdfPeriod', { from: periodStart, to: periodEnd }),
          attest
            ? t('billing.pdfAttested', {
                who: attest.attestedBy,
                when: when(attest.attestedAt),
                version: attest.version,
              })
            : t('billing.pdfNotAttested'),
          ...(attest && basis.lateRegistrations > 0
            ? [t('billing.pdfLate', { count: basis.lateRegistrations })]
            : []),
          `${t('billing.pdfGenerated')} ${when(now)} (${tz}) — ${user.username}`,
        ],
        columns: [
          t('billing.colRecipient'),
          t('billing.colId'),
          t('billing.colService'),
          t('billing.colGranted'),
          t('billing.colPlanned'),
          t('billing.colPerformed'),
          t('billing.colDeviations'),
        ],
        chartTitle: `${t('billing.chartTitle')} ${month}`,
        planned: t('billing.colPlanned'),
        performed: t('billing.colPerformed'),
        total: t('billing.total'),
        masked: t('billing.masked'),
        page: (page, pages) => t('billing.pdfPage', { page, pages }),
      },
    });
    return {
      filename: `underlag-${month}${suffix}.pdf`,
      mediaType: 'application/pdf',
      base64: Buffer.from(bytes).toString('base64'),
    };
  }

  /** Records an export made (audited) and answers it. */
  recordExport<T>(user: Caller, month: string, format: 'csv' | 'pdf', file: T): T {
    this.#d.audit.record(user, 'billing.export', month, { format });
    return file;
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
