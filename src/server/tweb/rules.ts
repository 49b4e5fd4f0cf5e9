// Which pushed items the municipality files in TWeb, decided in the push's transaction: every
// deviation report and notice (a late or short visit only beyond the municipality's threshold;
// one under it is kept as such, not filed) and every attested month. A decision is a row in
// tweb_transactions keyed by the item, so it is made once; the service files the rows.
import { randomUUID } from 'node:crypto';
import type { AttestationItem, DeviationReportItem } from '../../shared/sync/pushItems.ts';
import type { Queryable } from '../db/database.ts';
import { readTwebSettings } from './settings.ts';
import { twebTransactions } from './tables.ts';

export type TransactionKind = 'deviation' | 'notice' | 'monthlyBasis';

async function decide(
  db: Queryable,
  who: { municipalityId: string; providerId: string },
  kind: TransactionKind,
  sourceId: string,
  state: 'new' | 'belowThreshold',
): Promise<boolean> {
  const done = await db
    .insert(twebTransactions)
    .values({ id: randomUUID(), ...who, kind, sourceId, state })
    .onConflictDoNothing()
    .returning({ id: twebTransactions.id });
  return done.length > 0;
}

export async function deviationReported(
  db: Queryable,
  who: { municipalityId: string; providerId: string },
  item: DeviationReportItem,
): Promise<boolean> {
  const settings = await readTwebSettings(db, who.municipalityId);
  if (!settings?.enabled) return false;
  const threshold =
    item.kind === 'late'
      ? settings.thresholds.lateMinutes
      : item.kind === 'short'
        ? settings.thresholds.shortMinutes
        : 0;
  const below = item.minutes !== null && item.minutes < threshold;
  return decide(
    db,
    who,
    item.kind === 'notice' ? 'notice' : 'deviation',
    item.id,
    below ? 'belowThreshold' : 'new',
  );
}

export async function monthAttested(
  db: Queryable,
  who: { municipalityId: string; providerId: string },
  item: AttestationItem,
): Promise<boolean> {
  const settings = await readTwebSettings(db, who.municipalityId);
  if (!settings?.enabled) return false;
  return decide(db, who, 'monthlyBasis', item.id, 'new');
}
