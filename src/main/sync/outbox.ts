// The outbox, read by the uploader. Rows were written in the same transaction as the domain row
// they announce; the push item is built from the domain row at send time, converted to the wire
// form here (lowercase tag UID, string task code, correctedTime null when it equals penTime).
import type Database from 'better-sqlite3';
import { MAX_PUSH_BYTES, MAX_PUSH_ITEMS } from '../../shared/sync/headers.ts';
import type { PushItemResult } from '../../shared/sync/push.ts';
import { reconciliationDay, type PushItem, type PushItemType } from '../../shared/sync/pushItems.ts';

export interface OutboxEntry {
  outboxId: number;
  kind: PushItemType;
  itemId: string;
  attempts: number;
  day: string;
}

export interface Batch {
  entries: OutboxEntry[];
  /** `{"items":[…]}`, measured: at most maxBytes. */
  body: string;
  /** The highest outbox id looked at (included or quarantined locally). */
  lastId: number;
}

export interface MarkCounts {
  accepted: number;
  duplicate: number;
  rejected: number;
  quarantined: number;
}

export interface QuarantinedItem {
  outboxId: number;
  kind: PushItemType;
  itemId: string;
  code: string;
  attempts: number;
}

/** Retryable rejections (e.g. a correction whose registration is still on its way) give up after this. */
const MAX_RETRYABLE_ATTEMPTS = 20;
const ITEM_BACKOFF_BASE_MS = 2_000;
const ITEM_BACKOFF_CAP_MS = 30 * 60_000;

interface RegistrationDbRow {
  id: string;
  penSerial: string;
  sequence: number;
  tagUid: string;
  penTime: string;
  correctedTime: string;
  kind: 'arrive' | 'depart' | 'task';
  taskCode: number | null;
  flags: string;
  staffId: string | null;
  receivedAt: string;
}
interface CorrectionDbRow {
  id: string;
  correctsId: string | null;
  reason: string;
  changes: string;
  createdAt: string;
  createdBy: string;
}
interface AttestationDbRow {
  id: string;
  periodStart: string;
  periodEnd: string;
  attestedAt: string;
  attestedBy: string;
  registrationCount: number;
  note: string | null;
}

const iso = (s: string): string => {
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
};

function registrationItem(r: RegistrationDbRow): PushItem {
  const penTime = iso(r.penTime);
  const corrected = iso(r.correctedTime);
  return {
    type: 'registration',
    id: r.id,
    penSerial: r.penSerial,
    sequence: r.sequence,
    tagUid: r.tagUid.toLowerCase(),
    penTime,
    correctedTime: corrected === penTime ? null : corrected,
    kind: r.kind,
    ...(r.taskCode === null ? {} : { taskCode: String(r.taskCode) }),
    flags: JSON.parse(r.flags) as string[],
    ...(r.staffId === null ? {} : { staffId: r.staffId }),
    receivedAt: iso(r.receivedAt),
  };
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}

export class OutboxQueue {
  readonly #sqlite: Database.Database;
  readonly #pending: Database.Statement;
  readonly #registrations: Database.Statement;
  readonly #corrections: Database.Statement;
  readonly #attestations: Database.Statement;
  readonly #plans: Database.Statement;
  readonly #markSent: Database.Statement;
  readonly #markQuarantined: Database.Statement;
  readonly #markRetry: Database.Statement;
  readonly #counts: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#pending = sqlite.prepare(
      `select id as outboxId, kind, item_id as itemId, attempts from outbox
       where state = 'pending' and id > ? and (next_attempt_at is null or next_attempt_at <= ?)
       order by id limit ?`,
    );
    const byIds = (sql: string) => sqlite.prepare(`${sql} where id in (select value from json_each(?))`);
    this.#registrations = byIds(
      `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime,
       corrected_time as correctedTime, kind, task_code as taskCode, flags, staff_id as staffId,
       received_at as receivedAt from registrations`,
    );
    this.#corrections = byIds(
      `select id, corrects_id as correctsId, reason, changes, created_at as createdAt, created_by as createdBy from corrections`,
    );
    this.#attestations = byIds(
      `select id, period_start as periodStart, period_end as periodEnd, attested_at as attestedAt,
       attested_by as attestedBy, registration_count as registrationCount, note from attestations`,
    );
    this.#plans = byIds(`select id, payload from visit_plan_edits`);
    this.#markSent = sqlite.prepare(
      `update outbox set state = 'sent', day = ?, sent_at = ?, last_error = null, next_attempt_at = null where id = ?`,
    );
    this.#markQuarantined = sqlite.prepare(
      `update outbox set state = 'quarantined', last_error = ?, attempts = attempts + 1, next_attempt_at = null where id = ?`,
    );
    this.#markRetry = sqlite.prepare(
      `update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?`,
    );
    this.#counts = sqlite.prepare(
      `select (select count(*) from outbox where state = 'pending') as waiting,
              (select count(*) from outbox where state = 'quarantined') as quarantined`,
    );
  }

  /** The next batch after `afterId`, capped by count and by the bytes of its JSON body. */
  nextBatch(afterId: number, now: Date, maxItems = MAX_PUSH_ITEMS, maxBytes = MAX_PUSH_BYTES): Batch | null {
    const rows = this.#pending.all(afterId, now.toISOString(), Math.min(maxItems, MAX_PUSH_ITEMS)) as {
      outboxId: number;
      kind: PushItemType;
      itemId: string;
      attempts: number;
    }[];
    if (rows.length === 0) return null;
    const items = this.#load(rows);
    const overhead = Buffer.byteLength('{"items":[]}');
    const parts: string[] = [];
    const entries: OutboxEntry[] = [];
    const broken: { outboxId: number; code: string }[] = [];
    let bytes = overhead;
    let lastId = afterId;
    for (const row of rows) {
      const item = items.get(`${row.kind}:${row.itemId}`);
      if (item === undefined) {
        broken.push({ outboxId: row.outboxId, code: 'sync.invalidItem' });
        lastId = row.outboxId;
        continue;
      }
      const json = JSON.stringify(item);
      const size = Buffer.byteLength(json) + (parts.length > 0 ? 1 : 0);
      if (overhead + Buffer.byteLength(json) > maxBytes) {
        broken.push({ outboxId: row.outboxId, code: 'sync.itemTooLarge' });
        lastId = row.outboxId;
        continue;
      }
      if (bytes + size > maxBytes) break;
      bytes += size;
      parts.push(json);
      entries.push({ ...row, day: reconciliationDay(item) });
      lastId = row.outboxId;
    }
    if (broken.length > 0) {
      this.#sqlite.transaction(() => {
        for (const b of broken) this.#markQuarantined.run(b.code, b.outboxId);
      })();
    }
    if (entries.length === 0 && broken.length === 0) return null;
    return { entries, body: `{"items":[${parts.join(',')}]}`, lastId };
  }

  /** Builds push items from the domain rows; a row that is gone or unreadable is left out. */
  #load(rows: readonly { kind: PushItemType; itemId: string }[]): Map<string, PushItem> {
    const ids = (kind: PushItemType): string =>
      JSON.stringify(rows.filter((r) => r.kind === kind).map((r) => r.itemId));
    const out = new Map<string, PushItem>();
    const put = (kind: PushItemType, id: string, build: () => PushItem): void => {
      try {
        out.set(`${kind}:${id}`, build());
      } catch {
        /* unreadable JSON in a domain row: quarantined by the caller */
      }
    };
    const kinds = new Set(rows.map((r) => r.kind));
    if (kinds.has('registration'))
      for (const r of this.#registrations.all(ids('registration')) as RegistrationDbRow[])
        put('registration', r.id, () => registrationItem(r));
    if (kinds.has('correction'))
      for (const c of this.#corrections.all(ids('correction')) as CorrectionDbRow[])
        put('correction', c.id, () => ({
          type: 'correction',
          id: c.id,
          // A manual registration without a target has no wire form yet: the server rejects it
          // as invalid and it waits in quarantine, visible, instead of blocking the rest.
          correctsId: c.correctsId ?? '',
          reason: c.reason,
          changes: JSON.parse(c.changes) as Record<string, never>,
          createdAt: iso(c.createdAt),
          createdBy: c.createdBy,
        }));
    if (kinds.has('attestation'))
      for (const a of this.#attestations.all(ids('attestation')) as AttestationDbRow[])
        put('attestation', a.id, () => ({
          type: 'attestation',
          id: a.id,
          periodStart: a.periodStart,
          periodEnd: a.periodEnd,
          attestedAt: iso(a.attestedAt),
          attestedBy: a.attestedBy,
          registrationCount: a.registrationCount,
          ...(a.note === null ? {} : { note: a.note }),
        }));
    if (kinds.has('visitPlan'))
      for (const p of this.#plans.all(ids('visitPlan')) as { id: string; payload: string }[])
        put('visitPlan', p.id, () => JSON.parse(p.payload) as PushItem);
    return out;
  }

  /**
   * Marks a batch's items from the server's per-item answer, all in ONE transaction: accepted and
   * duplicate → sent; rejected and not retryable → quarantined with its code; retryable → stays
   * pending with a backoff of its own (quarantined after MAX_RETRYABLE_ATTEMPTS).
   */
  markResults(entries: readonly OutboxEntry[], results: readonly PushItemResult[], now: Date): MarkCounts {
    const counts: MarkCounts = { accepted: 0, duplicate: 0, rejected: 0, quarantined: 0 };
    const at = now.toISOString();
    this.#sqlite
      .transaction(() => {
        entries.forEach((e, i) => {
          const r = results[i];
          if (r === undefined) return;
          if (r.status === 'accepted' || r.status === 'duplicate') {
            counts[r.status]++;
            this.#markSent.run(e.day, at, e.outboxId);
            return;
          }
          counts.rejected++;
          if (!r.retryable || e.attempts + 1 >= MAX_RETRYABLE_ATTEMPTS) {
            counts.quarantined++;
            this.#markQuarantined.run(r.code, e.outboxId);
          } else {
            const wait = fullJitter(e.attempts, ITEM_BACKOFF_BASE_MS, ITEM_BACKOFF_CAP_MS) + 1000;
            this.#markRetry.run(r.code, new Date(now.getTime() + wait).toISOString(), e.outboxId);
          }
        });
      })
      .immediate();
    return counts;
  }

  quarantine(outboxId: number, code: string): void {
    this.#markQuarantined.run(code, outboxId);
  }

  counts(): { waiting: number; quarantined: number } {
    return this.#counts.get() as { waiting: number; quarantined: number };
  }

  quarantined(limit: number, beforeId: number | undefined): QuarantinedItem[] {
    return this.#sqlite
      .prepare(
        `select id as outboxId, kind, item_id as itemId, coalesce(last_error, 'sync.invalidItem') as code, attempts
         from outbox where state = 'quarantined' and id < ? order by id desc limit ?`,
      )
      .all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as QuarantinedItem[];
  }

  /** Back to pending, at once. Returns how many moved. */
  retry(outboxIds: readonly number[] | 'all'): number {
    const stmt =
      outboxIds === 'all'
        ? this.#sqlite.prepare(
            `update outbox set state = 'pending', attempts = 0, next_attempt_at = null where state = 'quarantined'`,
          )
        : this.#sqlite.prepare(
            `update outbox set state = 'pending', attempts = 0, next_attempt_at = null
             where state = 'quarantined' and id in (select value from json_each(?))`,
          );
    return outboxIds === 'all' ? stmt.run().changes : stmt.run(JSON.stringify(outboxIds)).changes;
  }
}
