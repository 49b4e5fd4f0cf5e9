// Applying what flows down. Each page is applied together with its new cursor in one local
// transaction: a crash leaves the page either wholly applied with its cursor, or not at all. The
// rows themselves are written by the area that owns each table (ServerRows), not here.
import type { PullPage, SyncChange } from '../../shared/sync/pull.ts';
import type { SyncEntity, SyncEntityType } from '../../shared/sync/entities.ts';
import type { SyncData } from './data.ts';

/** What an area that receives rows from the server does with them. */
export interface ServerRows<T> {
  /** Writes the row; false when it was deliberately kept (a newer local edit). */
  upsertFromServer(row: T, now: string): boolean;
  /** Removes (or retires) the row; false when it was deliberately kept. */
  removeFromServer(id: string, now: string): boolean;
  /** After a full resync: removes server rows the resync did not hand down; returns how many. */
  sweepUnseen(now: string): number;
  /** At an installation reset: the old municipality's rows leave this PC. */
  forgetServerRows(): void;
}

export type ServerAreas = { [E in SyncEntityType]: ServerRows<SyncEntity[E]> };

/** The order areas are swept and forgotten in: what refers to others first. */
export const serverAreaOrder: readonly SyncEntityType[] = [
  'plan',
  'order',
  'tag',
  'recipient',
  'staff',
  'retention',
  'erasure',
];

export interface ApplyResult {
  applied: number;
  /** Plans kept because this PC holds a newer unsent edit. */
  keptLocal: number;
  /** Rows removed by the sweep at the end of a full resync. */
  swept: number;
}

export class PageApplier {
  readonly #data: SyncData;
  readonly #areas: ServerAreas;

  constructor(data: SyncData, areas: ServerAreas) {
    this.#data = data;
    this.#areas = areas;
  }

  /** Applies a page and stores its cursor; on the last page of a full resync, sweeps the unseen. */
  apply(page: PullPage, resyncing: boolean): ApplyResult {
    return this.#data.immediate((): ApplyResult => {
      const result: ApplyResult = { applied: 0, keptLocal: 0, swept: 0 };
      const now = new Date().toISOString();
      for (const change of page.changes) {
        if (this.#applyOne(change, now)) result.applied++;
        else result.keptLocal++;
        if (resyncing && change.op === 'upsert') this.#data.seen.add(change.entity, change.id);
      }
      this.#data.state.set('cursor', page.nextCursor);
      if (resyncing && !page.hasMore) {
        for (const entity of serverAreaOrder) result.swept += this.#areas[entity].sweepUnseen(now);
        this.#data.seen.clear();
        this.#data.state.delete('resyncing');
      }
      return result;
    });
  }

  #applyOne(c: SyncChange, now: string): boolean {
    if (c.op === 'delete') return this.#areas[c.entity].removeFromServer(c.id, now);
    switch (c.entity) {
      case 'recipient':
        return this.#areas.recipient.upsertFromServer(c.data, now);
      case 'order':
        return this.#areas.order.upsertFromServer(c.data, now);
      case 'tag':
        return this.#areas.tag.upsertFromServer(c.data, now);
      case 'staff':
        return this.#areas.staff.upsertFromServer(c.data, now);
      case 'plan':
        return this.#areas.plan.upsertFromServer(c.data, now);
      case 'retention':
        return this.#areas.retention.upsertFromServer(c.data, now);
      case 'erasure':
        return this.#areas.erasure.upsertFromServer(c.data, now);
    }
  }
}
