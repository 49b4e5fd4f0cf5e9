// The notice rules at work. Each rule decides inside the transaction of the change that causes it
// (a plan saved, an order come down) and enqueues its jobs there with an idempotency key, so a
// change and its notices commit together and a rule that runs twice sends nothing twice. Timed
// rules (the day-before reminders, "failing too long") run from one timer on an injected clock.
import type Database from 'better-sqlite3';
import { isEmailAddress } from '../../../integrations/smtp/encoder.ts';
import { countSegments, maxSegments } from '../../../integrations/sms/segments.ts';
import type { NoticeRules, Templates } from '../../shared/api/procedures/notices.ts';
import { noticeRules as noticeRulesSchema } from '../../shared/api/procedures/notices.ts';
import {
  templatePlaceholders,
  unknownPlaceholders,
  type NoticeRuleId,
  type TemplateValues,
} from '../../shared/domain/notices.ts';
import { CareDockError, languages, type Language } from '../../shared/errors/index.ts';
import type { JobSummary } from '../../shared/jobs/index.ts';
import { smsGatewayOf } from '../integrations/adapters.ts';
import { emailJob, smsJob } from '../integrations/kinds.ts';
import type { SecretStore } from '../integrations/secrets.ts';
import type { ChannelSettings } from '../integrations/settings.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { PlanData, PlanRow } from '../plans/data.ts';
import type { RecipientData } from '../recipients/data.ts';
import type { SettingsData } from '../settings/data.ts';
import type { StaffData } from '../staff/data.ts';
import type { NoticeAudience, NoticeChannel, NoticeData } from './data.ts';
import {
  dayBeforeSteps,
  failingTooLong,
  isQuietTime,
  lateChange,
  nextAllowed,
  nextDayBeforeCheck,
  visitDayBounds,
} from './rules.ts';
import { defaultRules, emailParts, nameValue, render, systemNames, whenValues } from './templates.ts';

const rulesKey = 'notices.rules';
const enabledAtKey = 'notices.dayBeforeEnabledAt';

export interface NoticeServiceDeps {
  sqlite: Database.Database;
  queue: JobQueue;
  data: NoticeData;
  settings: SettingsData;
  channels: ChannelSettings;
  secrets: SecretStore;
  recipients: RecipientData;
  staff: StaffData;
  plans: PlanData;
  timeZone: () => string;
  defaultLanguage: () => Language;
  /** Shown as {provider}: the care provider's name from the installation, or nothing. */
  providerName: () => string;
  now?: () => number;
}

export type NoticeState = JobSummary['state'] | 'missed';
export interface NoticeView {
  id: string;
  rule: NoticeRuleId;
  channel: NoticeChannel;
  audience: NoticeAudience;
  state: NoticeState;
  createdAt: string;
  delivery: 'pending' | 'delivered' | 'failed' | 'unknown' | null;
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
}

const sample: TemplateValues = {
  name: 'Anna Andersson',
  provider: 'Omsorg AB',
  system: 'Dockningen',
  since: '08:15',
};

export class NoticeService {
  readonly #d: NoticeServiceDeps;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: NoticeServiceDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  // ── rules and templates ──

  rules(): NoticeRules {
    const raw = this.#d.settings.get(rulesKey);
    if (raw === undefined) return defaultRules;
    const parsed = noticeRulesSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : defaultRules;
  }

  /** Refuses a rule that could not work as written; records when the day-before rule was turned on. */
  saveRules(next: NoticeRules): NoticeRules {
    const sms: Templates[] = [next.dayBefore.sms, next.lateChange.sms, next.lateChange.cancelledSms];
    if (next.lateChange.staffChannel === 'sms') sms.push(next.lateChange.staffText);
    const all: [boolean, Templates][] = [
      [next.dayBefore.enabled, next.dayBefore.sms],
      [next.lateChange.enabled, next.lateChange.sms],
      [next.lateChange.enabled, next.lateChange.cancelledSms],
      [next.lateChange.enabled, next.lateChange.staffText],
      [next.orderChanged.enabled, next.orderChanged.email],
      [next.missedVisit.enabled, next.missedVisit.email],
      [next.failing.enabled, next.failing.email],
    ];
    for (const [enabled, t] of all)
      for (const lang of languages) {
        const unknown = unknownPlaceholders(t[lang]);
        if (unknown.length > 0)
          throw new CareDockError('notices.placeholderUnknown', { placeholder: `{${unknown[0]}}` });
        if (enabled && t[lang].trim() === '')
          throw new CareDockError('notices.templateEmpty', { language: lang });
      }
    for (const t of sms)
      for (const lang of languages) {
        const n = countSegments(
          render(t, lang, { ...sample, ...whenValues(this.#now(), this.#d.timeZone(), lang) }),
        );
        if (n.segments > maxSegments)
          throw new CareDockError('notices.templateTooLong', { segments: n.segments, max: maxSegments });
      }
    if (isQuietTime(next.dayBefore.sendAt))
      throw new CareDockError('notices.sendAtQuiet', { time: next.dayBefore.sendAt });
    for (const [rule, r] of [
      ['orderChanged', next.orderChanged],
      ['missedVisit', next.missedVisit],
      ['failing', next.failing],
    ] as const) {
      if (r.enabled && r.to.length === 0) throw new CareDockError('notices.recipientsRequired', { rule });
      for (const a of r.to)
        if (!isEmailAddress(a))
          throw new CareDockError('notices.addressInvalid', { field: rule, address: a.slice(0, 80) });
    }
    const before = this.rules();
    if (next.dayBefore.enabled && !before.dayBefore.enabled)
      this.#d.settings.put([{ key: enabledAtKey, value: JSON.stringify(this.#now()) }]);
    this.#d.settings.put([{ key: rulesKey, value: JSON.stringify(next) }]);
    this.#kick();
    return next;
  }

  preview(input: {
    template: string;
    language: Language;
    channel: 'sms' | 'email';
    protectedIdentity: boolean;
  }) {
    const values: TemplateValues = {
      ...sample,
      ...whenValues(this.#now() + 24 * 3600_000, this.#d.timeZone(), input.language),
      ...(input.protectedIdentity ? { name: '' } : {}),
    };
    const text = render(
      { sv: input.template, fi: input.template, en: input.template },
      input.language,
      values,
    );
    const { encoding, segments, remaining } = countSegments(text);
    return {
      text,
      segments: { encoding, segments, remaining },
      unknownPlaceholders: unknownPlaceholders(input.template),
      placeholders: [...templatePlaceholders],
    };
  }

  // ── enqueueing ──

  #provider(): TemplateValues {
    const p = this.#d.providerName().trim();
    return p ? { provider: p } : {};
  }

  #sms(
    rule: NoticeRuleId,
    key: string,
    planId: string | null,
    audience: NoticeAudience,
    to: string,
    text: string,
    opts: { runAt?: number; notAfter?: number } = {},
  ): void {
    const job = this.#d.queue.enqueue(
      this.#d.sqlite,
      smsJob,
      { to, text, ...(opts.notAfter !== undefined ? { notAfter: opts.notAfter } : {}) },
      { key, ...(opts.runAt !== undefined ? { runAt: opts.runAt } : {}) },
    );
    this.#d.data.add({
      key,
      rule,
      planId,
      channel: 'sms',
      audience,
      jobId: Number(job.id),
      missed: false,
      createdAt: this.#now(),
    });
  }

  #email(
    rule: NoticeRuleId,
    key: string,
    planId: string | null,
    audience: NoticeAudience,
    to: string[],
    text: string,
    coalesceKey?: string,
  ): void {
    // The notice's own key decides: a coalesced job carries only the latest event's key.
    if (this.#d.data.has(key)) return;
    const job = this.#d.queue.enqueue(
      this.#d.sqlite,
      emailJob,
      { to, ...emailParts(text) },
      { key, ...(coalesceKey !== undefined ? { coalesceKey } : {}) },
    );
    this.#d.data.add({
      key,
      rule,
      planId,
      channel: 'email',
      audience,
      jobId: Number(job.id),
      missed: false,
      createdAt: this.#now(),
    });
  }

  /** The recipient of a plan, when they may be sent an SMS: consent recorded and a number. */
  #recipientForSms(recipientId: string) {
    const r = this.#d.recipients.forNotice(recipientId);
    if (!r || r.consentAt === null || r.consentBy === null || r.phone === null) return null;
    return { ...r, phone: r.phone, language: r.language ?? this.#d.defaultLanguage() };
  }

  /**
   * A plan was saved or cancelled; call inside that transaction. A late change tells the
   * recipient (by SMS, outside the quiet hours, until the visit starts) and the staff it concerns.
   */
  planChanged(before: PlanRow | undefined, after: PlanRow): void {
    // A plan for tomorrow saved while the reminder window is open gets its reminder now.
    this.#kick();
    // A reminder still waiting for the visit as it was must not go out.
    if (before && (after.status === 'cancelled' || before.plannedStart !== after.plannedStart))
      this.#withdrawReminders(
        after.id,
        after.status === 'cancelled' ? '' : `dayBefore:${after.id}:${after.plannedStart}`,
      );
    const rules = this.rules().lateChange;
    if (!rules.enabled) return;
    const now = this.#now();
    const lists = (p: PlanRow) => ({ ...p, staffIds: JSON.parse(p.staffIds) as string[] });
    const b = before && lists(before);
    const a = lists(after);
    const change = lateChange(b, a, now);
    if (change === null) return;
    const tz = this.#d.timeZone();
    const startAt = Date.parse(change === 'cancelled' ? b!.plannedStart : a.plannedStart);
    const keyBase = `lateChange:${after.id}:${after.editedAt}`;
    const r = this.#recipientForSms(after.recipientId);
    if (r) {
      const t = change === 'cancelled' ? rules.cancelledSms : rules.sms;
      const text = render(t, r.language, {
        ...this.#provider(),
        ...nameValue(r),
        ...whenValues(startAt, tz, r.language),
      });
      this.#sms('lateChange', `${keyBase}:recipient`, after.id, 'recipient', r.phone, text, {
        runAt: nextAllowed(now, tz),
        notAfter: startAt,
      });
    }
    const staffIds = [...new Set([...(b?.staffIds ?? []), ...a.staffIds])];
    const contacts = new Map(this.#d.staff.contacts().map((s) => [s.id, s]));
    const lang = this.#d.defaultLanguage();
    // Staff read the plan in CareDock: the text names no recipient.
    const text = render(rules.staffText, lang, { ...this.#provider(), ...whenValues(startAt, tz, lang) });
    for (const id of staffIds) {
      const s = contacts.get(id);
      if (!s) continue;
      const key = `${keyBase}:staff:${id}`;
      if (rules.staffChannel === 'sms' && s.phone)
        this.#sms('lateChange', key, after.id, 'staff', s.phone, text, { notAfter: startAt });
      else if (rules.staffChannel === 'email' && s.email)
        this.#email('lateChange', key, after.id, 'staff', [s.email], text);
    }
  }

  /**
   * Withdraws a plan's day-before reminders still waiting that are not `keep` (the visit moved or
   * was cancelled), inside the caller's transaction. Answers whether another one has gone out
   * (or may have: running, or parked for a person).
   */
  #withdrawReminders(planId: string, keep: string): boolean {
    let gone = false;
    for (const n of this.#d.data.forPlan(planId)) {
      if (n.rule !== 'dayBefore' || n.key === keep || n.jobId === null) continue;
      let state: JobSummary['state'];
      try {
        state = this.#d.queue.get(String(n.jobId)).state;
      } catch {
        continue;
      }
      if (state === 'waiting' || state === 'retry')
        this.#d.queue.discard(String(n.jobId), 'the visit changed before the reminder went out', 'notices');
      else if (state === 'done' || state === 'running' || state === 'parked') gone = true;
    }
    return gone;
  }

  /** An order came down new or changed; call inside the sync page's transaction. */
  orderChanged(orderId: string, version: string): void {
    const rule = this.rules().orderChanged;
    if (!rule.enabled || rule.to.length === 0) return;
    const lang = this.#d.defaultLanguage();
    const text = render(rule.email, lang, {
      ...this.#provider(),
      ...whenValues(this.#now(), this.#d.timeZone(), lang),
    });
    // A burst (the first sync brings every order) is one email while it waits: latest wins.
    this.#email(
      'orderChanged',
      `orderChanged:${orderId}:${version}`,
      null,
      'coordinators',
      rule.to,
      text,
      'orderChanged',
    );
  }

  /** Planned visits that ended with no registration of the staff who just docked. */
  missedVisits(missed: readonly { planId: string; start: number }[]): void {
    const rule = this.rules().missedVisit;
    if (!rule.enabled || rule.to.length === 0 || missed.length === 0) return;
    const lang = this.#d.defaultLanguage();
    const tz = this.#d.timeZone();
    this.#d.sqlite.transaction(() => {
      for (const m of missed) {
        const text = render(rule.email, lang, { ...this.#provider(), ...whenValues(m.start, tz, lang) });
        this.#email('missedVisit', `missedVisit:${m.planId}`, m.planId, 'coordinators', rule.to, text);
      }
    })();
  }

  /** Docking or sync has failed since `since` (null: it works): one email per failing spell. */
  failing(system: 'docking' | 'sync', since: number | null): void {
    const rule = this.rules().failing;
    if (!rule.enabled || rule.to.length === 0 || since === null) return;
    const now = this.#now();
    if (!failingTooLong(since, now, rule.afterMinutes)) return;
    const lang = this.#d.defaultLanguage();
    const tz = this.#d.timeZone();
    const sinceText = `${whenValues(since, tz, lang).date} ${whenValues(since, tz, lang).time}`;
    const text = render(rule.email, lang, {
      ...this.#provider(),
      system: systemNames[system][lang],
      since: sinceText,
    });
    this.#d.sqlite.transaction(() =>
      this.#email('failing', `failing:${system}:${since}`, null, 'admins', rule.to, text),
    )();
  }

  /**
   * The day-before reminders due now: while the window is open every planned visit of tomorrow
   * is queued (again harmlessly: keys), after it closed unrun the day is recorded as missed.
   */
  runDayBefore(): void {
    const rule = this.rules().dayBefore;
    if (!rule.enabled) return;
    const now = this.#now();
    const tz = this.#d.timeZone();
    const enabledAtRaw = this.#d.settings.get(enabledAtKey);
    const enabledAt = enabledAtRaw === undefined ? now : Number(JSON.parse(enabledAtRaw));
    const steps = dayBeforeSteps({
      now,
      sendAt: rule.sendAt,
      timeZone: tz,
      enabledAt,
      outcomeOf: (day) => this.#d.data.runOutcome('dayBefore', day),
    });
    if (steps.length === 0) return;
    const provider = this.#provider();
    this.#d.sqlite
      .transaction(() => {
        for (const step of steps) {
          const { start, end } = visitDayBounds(step.visitDay, tz);
          const plans = this.#d.plans
            .between(start, end)
            .filter(
              (p) =>
                p.status === 'planned' &&
                Date.parse(p.plannedStart) >= start &&
                Date.parse(p.plannedStart) < end,
            );
          for (const p of plans) {
            // Keyed by the visit's time: a visit moved gets its reminder for the new time.
            const key = `dayBefore:${p.id}:${p.plannedStart}`;
            if (step.action === 'missed') {
              this.#d.data.add({
                key,
                rule: 'dayBefore',
                planId: p.id,
                channel: 'sms',
                audience: 'recipient',
                jobId: null,
                missed: true,
                createdAt: now,
              });
              continue;
            }
            // One reminder per visit: after one went out for an earlier time, the change rule speaks.
            if (this.#withdrawReminders(p.id, key)) continue;
            const r = this.#recipientForSms(p.recipientId);
            if (!r) continue;
            const text = render(rule.sms, r.language, {
              ...provider,
              ...nameValue(r),
              ...whenValues(Date.parse(p.plannedStart), tz, r.language),
            });
            this.#sms('dayBefore', key, p.id, 'recipient', r.phone, text, { notAfter: step.notAfter });
          }
          this.#d.data.recordRun('dayBefore', step.visitDay, step.action === 'send' ? 'sent' : 'missed', now);
        }
      })
      .immediate();
  }

  // ── what went out ──

  async forPlan(planId: string): Promise<NoticeView[]> {
    const rows = this.#d.data.forPlan(planId);
    const sms = this.#d.channels.sms();
    const gateway = sms?.provider === 'tellustalk' ? smsGatewayOf(sms, this.#d.secrets) : null;
    return Promise.all(
      rows.map(async (n): Promise<NoticeView> => {
        let job: JobSummary | null = null;
        try {
          job = n.jobId === null ? null : this.#d.queue.get(String(n.jobId));
        } catch {
          job = null;
        }
        let delivery: NoticeView['delivery'] = null;
        if (job?.state === 'done' && n.channel === 'sms' && job.ref && gateway?.deliveryStatus)
          delivery = (await gateway.deliveryStatus(job.ref, AbortSignal.timeout(5000))).state;
        return {
          id: String(n.id),
          rule: n.rule,
          channel: n.channel,
          audience: n.audience,
          state: n.missed ? 'missed' : (job?.state ?? 'dead'),
          createdAt: new Date(n.createdAt).toISOString(),
          delivery,
          errorCode: job?.lastErrorCode ?? null,
          errorParams: job?.lastErrorParams ?? null,
        };
      }),
    );
  }

  // ── the timer ──

  #kicked = false;

  /** After the caller's transaction: look at the day-before window again (rules or a plan changed). */
  #kick(): void {
    if (this.#kicked || this.#timer === null) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      try {
        this.runDayBefore();
      } catch {
        // The timer's next pass tries again; a failure here must not reach the saved change.
      }
    });
  }

  start(): void {
    const tick = () => {
      try {
        this.runDayBefore();
      } finally {
        const rule = this.rules().dayBefore;
        const now = this.#now();
        const next = rule.enabled ? nextDayBeforeCheck(now, rule.sendAt, this.#d.timeZone()) : now + 60_000;
        this.#timer = setTimeout(tick, Math.max(1000, next - now));
        this.#timer.unref();
      }
    };
    tick();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
