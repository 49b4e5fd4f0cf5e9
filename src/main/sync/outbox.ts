// The outbox, read by the uploader. Rows were written in the same transaction as the domain row
// they announce; the push item is built from the domain row at send time (each area reads its
// own rows), converted to the wire form here (lowercase tag UID, string task code, correctedTime
// null when it equals penTime).
import type { AttestationPushRow } from '../attestations/data.ts';
import { readFigures } from '../attestations/snapshot.ts';
import type { CorrectionRow } from '../corrections/data.ts';
import type { RegistrationPushRow } from '../registrations/data.ts';
import { MAX_PUSH_BYTES, MAX_PUSH_ITEMS } from '../../shared/sync/headers.ts';
import type { PushItemResult } from '../../shared/sync/push.ts';
import { reconciliationDay, type PushItem, type PushItemType } from '../../shared/sync/pushItems.ts';
import type { OutboxData, SyncData } from './data.ts';

/** An attestation's stored figures, when it has them (an attest from before snapshots has none). */
function figuresOf(snapshot: string | null) {
  const figures = readFigures(snapshot);
  return figures === null ? {} : { figures };
}

/** The domain rows behind outbox items, read by the area that owns each. */
export interface PushSources {
  registrations(ids: readonly string[]): RegistrationPushRow[];
  corrections(ids: readonly string[]): CorrectionRow[];
  attestations(ids: readonly string[]): AttestationPushRow[];
  /** Visit plan edits, each stored as the push item it is. */
  planEdits(ids: readonly string[]): { id: string; payload: string }[];
  /** Deviation reports to the municipality, each stored as the push item it is. */
  deviationReports(ids: readonly string[]): { id: string; payload: string }[];
}

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

export type { QuarantinedItem } from './data.ts';

/** Retryable rejections (e.g. a correction whose registration is still on its way) give up after this. */
const MAX_RETRYABLE_ATTEMPTS = 20;
const ITEM_BACKOFF_BASE_MS = 2_000;
const ITEM_BACKOFF_CAP_MS = 30 * 60_000;

const iso = (s: string): string => {
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
};

function registrationItem(r: RegistrationPushRow): PushItem {
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
  readonly #data: OutboxData;
  readonly #sources: PushSources;
  readonly #db: Pick<SyncData, 'transaction' | 'immediate'>;

  constructor(data: OutboxData, sources: PushSources, db: Pick<SyncData, 'transaction' | 'immediate'>) {
    this.#data = data;
    this.#sources = sources;
    this.#db = db;
  }

  /** The next batch after `afterId`, capped by count and by the bytes of its JSON body. */
  nextBatch(afterId: number, now: Date, maxItems = MAX_PUSH_ITEMS, maxBytes = MAX_PUSH_BYTES): Batch | null {
    const rows = this.#data.pending(afterId, now.toISOString(), Math.min(maxItems, MAX_PUSH_ITEMS));
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
      this.#db.transaction(() => {
        for (const b of broken) this.#data.quarantine(b.outboxId, b.code);
      });
    }
    if (entries.length === 0 && broken.length === 0) return null;
    return { entries, body: `{"items":[${parts.join(',')}]}`, lastId };
  }

  /** Builds push items from the domain rows; a row that is gone or unreadable is left out. */
  #load(rows: readonly { kind: PushItemType; itemId: string }[]): Map<string, PushItem> {
    const ids = (kind: PushItemType): string[] => rows.filter((r) => r.kind === kind).map((r) => r.itemId);
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
      for (const r of this.#sources.registrations(ids('registration')))
        put('registration', r.id, () => registrationItem(r));
    if (kinds.has('correction'))
      for (const c of this.#sources.corrections(ids('correction')))
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
      for (const a of this.#sources.attestations(ids('attestation')))
        put('attestation', a.id, () => ({
          type: 'attestation',
          id: a.id,
          periodStart: a.periodStart,
          periodEnd: a.periodEnd,
          attestedAt: iso(a.attestedAt),
          attestedBy: a.attestedBy,
          registrationCount: a.registrationCount,
          ...(a.note === null ? {} : { note: a.note }),
          version: a.version,
          ...figuresOf(a.snapshot),
        }));
    if (kinds.has('visitPlan'))
      for (const p of this.#sources.planEdits(ids('visitPlan')))
        put('visitPlan', p.id, () => JSON.parse(p.payload) as PushItem);
    if (kinds.has('deviationReport'))
      for (const r of this.#sources.deviationReports(ids('deviationReport')))
        put('deviationReport', r.id, () => JSON.parse(r.payload) as PushItem);
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
    this.#db.immediate(() => {
      entries.forEach((e, i) => {
        const r = results[i];
        if (r === undefined) return;
        if (r.status === 'accepted' || r.status === 'duplicate') {
          counts[r.status]++;
          this.#data.markSent(e.outboxId, e.day, at);
          return;
        }
        counts.rejected++;
        if (!r.retryable || e.attempts + 1 >= MAX_RETRYABLE_ATTEMPTS) {
          counts.quarantined++;
          this.#data.quarantine(e.outboxId, r.code);
        } else {
          const wait = fullJitter(e.attempts, ITEM_BACKOFF_BASE_MS, ITEM_BACKOFF_CAP_MS) + 1000;
          this.#data.retryLater(e.outboxId, r.code, new Date(now.getTime() + wait).toISOString());
        }
      });
    });
    return counts;
  }

  quarantine(outboxId: number, code: string): void {
    this.#data.quarantine(outboxId, code);
  }
}
