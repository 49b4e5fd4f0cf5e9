// The page cache of the virtualised registration list. Maps are replaced, never changed in
// place, so the list's $state.raw sees every change.
import type { RegistrationRow } from '../../../shared/api/index.ts';

export type Pages = ReadonlyMap<number, RegistrationRow[]>;

export const noPages = (): Pages => new Map();

export function withPage(pages: Pages, page: number, rows: RegistrationRow[]): Pages {
  const next = new Map(pages);
  next.set(page, rows);
  return next;
}

/** Only the pages from..to (those in view). */
export function onlyPages(pages: Pages, from: number, to: number): Pages {
  return new Map([...pages].filter(([p]) => p >= from && p <= to));
}

/** Pages asked for and not yet answered (plain bookkeeping, not shown). */
export function pendingSet(): Set<number> {
  return new Set();
}
