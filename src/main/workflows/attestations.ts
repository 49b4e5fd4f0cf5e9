import type Database from 'better-sqlite3';
import { localMonth, monthBounds } from '../../shared/domain/time.ts';

export interface AttestationRow {
  id: string;
  periodStart: string;
  periodEnd: string;
  recipientId: string | null;
  attestedAt: string;
  attestedBy: string;
  registrationCount: number;
  note: string | null;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

const columns = `id, period_start as periodStart, period_end as periodEnd, recipient_id as recipientId,
  attested_at as attestedAt, attested_by as attestedBy, registration_count as registrationCount, note,
  reopened_at as reopenedAt, reopened_by as reopenedBy, reopen_reason as reopenReason`;

export function listAttestations(sqlite: Database.Database): AttestationRow[] {
  return sqlite
    .prepare(`select ${columns} from attestations order by period_start desc, attested_at desc`)
    .all() as AttestationRow[];
}

export function getAttestation(sqlite: Database.Database, id: string): AttestationRow | undefined {
  return sqlite.prepare(`select ${columns} from attestations where id = ?`).get(id) as
    AttestationRow | undefined;
}

/** Answers "is this moment, for this recipient, in a locked period?" for many registrations at once. */
export function attestationLock(
  sqlite: Database.Database,
  timeZone: string,
): (instant: number, recipientId: string | null) => boolean {
  const active = (
    sqlite
      .prepare(`select period_start as s, recipient_id as r from attestations where reopened_at is null`)
      .all() as { s: string; r: string | null }[]
  ).map((a) => ({
    month: a.s.slice(0, 7),
    recipientId: a.r,
  }));
  if (active.length === 0) return () => false;
  return (instant, recipientId) => {
    const month = localMonth(instant, timeZone);
    return active.some((a) => a.month === month && (a.recipientId === null || a.recipientId === recipientId));
  };
}

export function monthDates(month: string): { periodStart: string; periodEnd: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { periodStart: `${month}-01`, periodEnd: `${month}-${String(last).padStart(2, '0')}` };
}

/** Registrations in a month (by corrected time in the municipality's zone), optionally for one recipient. */
export function countRegistrations(
  sqlite: Database.Database,
  month: string,
  timeZone: string,
  recipientId?: string,
): number {
  const { start, end } = monthBounds(month, timeZone);
  const from = new Date(start).toISOString();
  const to = new Date(end).toISOString();
  return recipientId
    ? (sqlite
        .prepare(
          'select count(*) from registrations where corrected_time >= ? and corrected_time < ? and recipient_id = ?',
        )
        .pluck()
        .get(from, to, recipientId) as number)
    : (sqlite
        .prepare('select count(*) from registrations where corrected_time >= ? and corrected_time < ?')
        .pluck()
        .get(from, to) as number);
}
