// The retention rules apart from the database: when a row is old enough, and which of the rows
// old enough may go. A registration goes only when the server has confirmed it and every
// correction of it, and when its month (and the month a correction moved it to) is attested; a
// docking's raw pen bytes go only when nothing it produced is unconfirmed and every month its
// records can fall in is attested. service.ts pages through the database and removes what these
// functions pick.
import type { CorrectionChanges } from '../registrations/pairing.ts';

export const DAY_MS = 86_400_000;
/** A pen's records reach the PC within a month of being made (older ones are flagged at docking). */
export const PEN_HOLDS_MS = 31 * DAY_MS;

/** Whether an instant is in an attested month, for everyone or for the recipient. */
export type Attested = (instant: number, recipientId: string | null) => boolean;

/** The moment `days` days before `now`, as the ISO text stored times are compared with. */
export function cutoff(now: number, days: number): string {
  return new Date(now - days * DAY_MS).toISOString();
}

/** The outbox rows the server has not confirmed, as keys `kind:itemId`. */
export function unsentKeys(rows: Iterable<{ kind: string; itemId: string }>): Set<string> {
  const keys = new Set<string>();
  for (const u of rows) keys.add(`${u.kind}:${u.itemId}`);
  return keys;
}

/** The registrations among the unconfirmed outbox rows. */
export function unsentRegistrations(unsent: ReadonlySet<string>): string[] {
  return [...unsent].filter((k) => k.startsWith('registration:')).map((k) => k.slice(13));
}

export interface ExpiredRegistration {
  id: string;
  time: string;
  recipientId: string | null;
}

export interface CorrectionOf {
  id: string;
  correctsId: string;
  /** JSON of the correction's changes. */
  changes: string;
}

export interface RemovableRegistrations {
  registrations: string[];
  /** The corrections of those registrations: they go with them. */
  corrections: string[];
  /** Old enough but kept: not confirmed by the server or not attested. */
  kept: number;
}

/**
 * Of registrations old enough, those that may go: confirmed by the server, attested for their
 * recipient, and with every correction confirmed and not moving them into a month not attested.
 * `correctionsOf` gives the corrections of the registrations named.
 */
export function removableRegistrations(
  rows: readonly ExpiredRegistration[],
  correctionsOf: (registrationIds: string[]) => readonly CorrectionOf[],
  unsent: ReadonlySet<string>,
  attested: Attested,
): RemovableRegistrations {
  const candidates = new Map(
    rows
      .filter((r) => !unsent.has(`registration:${r.id}`) && attested(Date.parse(r.time), r.recipientId))
      .map((r) => [r.id, r]),
  );
  const corrections = correctionsOf([...candidates.keys()]);
  for (const c of corrections) {
    const target = candidates.get(c.correctsId);
    if (!target) continue;
    const changes = JSON.parse(c.changes) as CorrectionChanges;
    const moved =
      typeof changes.correctedTime === 'string' &&
      !attested(Date.parse(changes.correctedTime), changes.recipientId ?? target.recipientId);
    if (unsent.has(`correction:${c.id}`) || moved) candidates.delete(c.correctsId);
  }
  const registrations = [...candidates.keys()];
  return {
    registrations,
    corrections: corrections.filter((c) => candidates.has(c.correctsId)).map((c) => c.id),
    kept: rows.length - registrations.length,
  };
}

/**
 * Of dockings old enough, those whose raw pen bytes may go: none of their registrations is
 * unconfirmed, and the month they started in and the month a pen's oldest record could be from
 * are attested for everyone.
 */
export function removablePenBytes(
  sessions: readonly { id: string; startedAt: string }[],
  withUnsent: ReadonlySet<string>,
  attested: Attested,
): string[] {
  return sessions
    .filter((s) => {
      const at = Date.parse(s.startedAt);
      return !withUnsent.has(s.id) && attested(at, null) && attested(at - PEN_HOLDS_MS, null);
    })
    .map((s) => s.id);
}
