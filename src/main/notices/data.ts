// The notices area's tables: `notices` (one row per notice a rule decided on, with the job that
// carries it, or marked missed) and `notice_runs` (a rule's run for a day, done or missed, once).
// Rule settings live in the settings table (settings/data.ts) under `notices.rules`.
import type Database from 'better-sqlite3';
import type { NoticeRuleId } from '../../shared/domain/notices.ts';

export type NoticeAudience = 'recipient' | 'staff' | 'coordinators' | 'admins';
export type NoticeChannel = 'email' | 'sms';

export interface NoticeRow {
  id: number;
  key: string;
  rule: NoticeRuleId;
  planId: string | null;
  channel: NoticeChannel;
  audience: NoticeAudience;
  jobId: number | null;
  missed: boolean;
  createdAt: number;
}

export class NoticeData {
  readonly #insert: Database.Statement;
  readonly #forPlan: Database.Statement;
  readonly #has: Database.Statement;
  readonly #run: Database.Statement;
  readonly #recordRun: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#insert = sqlite.prepare(
      `insert into notices (key, rule, plan_id, channel, audience, job_id, missed, created_at)
       values (@key, @rule, @planId, @channel, @audience, @jobId, @missed, @createdAt)
       on conflict (key) do nothing`,
    );
    this.#forPlan = sqlite.prepare(
      `select id, key, rule, plan_id as planId, channel, audience, job_id as jobId, missed, created_at as createdAt
       from notices where plan_id = ? order by id`,
    );
    this.#has = sqlite.prepare('select 1 from notices where key = ?').pluck();
    this.#run = sqlite.prepare('select outcome from notice_runs where rule = ? and day = ?').pluck();
    this.#recordRun = sqlite.prepare(
      `insert into notice_runs (rule, day, outcome, at) values (?, ?, ?, ?) on conflict do nothing`,
    );
  }

  /** Once per key: a second call for the same event changes nothing and answers false. */
  add(n: Omit<NoticeRow, 'id'>): boolean {
    return this.#insert.run({ ...n, missed: n.missed ? 1 : 0 }).changes > 0;
  }

  has(key: string): boolean {
    return this.#has.get(key) !== undefined;
  }

  forPlan(planId: string): NoticeRow[] {
    return (this.#forPlan.all(planId) as (Omit<NoticeRow, 'missed'> & { missed: number })[]).map((r) => ({
      ...r,
      missed: r.missed === 1,
    }));
  }

  runOutcome(rule: NoticeRuleId, day: string): 'sent' | 'missed' | null {
    return (this.#run.get(rule, day) as 'sent' | 'missed' | undefined) ?? null;
  }

  recordRun(rule: NoticeRuleId, day: string, outcome: 'sent' | 'missed', at: number): void {
    this.#recordRun.run(rule, day, outcome, at);
  }
}
