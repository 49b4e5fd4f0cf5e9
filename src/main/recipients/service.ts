// The care recipients this workstation knows (they come down from the municipality's server):
// finding one, and opening one's details, which is logged whoever opens them.
import type Database from 'better-sqlite3';
import type { ProcedureOutput } from '../../shared/api/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Actor, AuditLog } from '../audit.ts';
import { mayIdentify, type Viewer } from './identity.ts';

export type RecipientViewer = Viewer & Actor;
type RecipientDetails = ProcedureOutput<'recipients.get'>;

export interface RecipientSummary {
  id: string;
  name: string;
  protectedIdentity: boolean;
}

export class RecipientService {
  readonly #sqlite: Database.Database;
  readonly #audit: AuditLog;

  constructor(sqlite: Database.Database, audit: AuditLog) {
    this.#sqlite = sqlite;
    this.#audit = audit;
  }

  /**
   * By name or id, at most 50. A protected identity the viewer may not see is found only by its
   * id, and then without its name.
   */
  search(viewer: Viewer, query: string): RecipientSummary[] {
    const rows = (
      this.#sqlite
        .prepare(
          `select id, name, protected_identity as p from recipients
           where @query = '' or name like '%' || @query || '%' or id = @query
           order by name limit 50`,
        )
        .all({ query }) as { id: string; name: string; p: number }[]
    ).map((r) => ({ id: r.id, name: r.name, protectedIdentity: r.p === 1 }));
    return rows.flatMap((r) => (mayIdentify(viewer, r) ? [r] : r.id === query ? [{ ...r, name: '' }] : []));
  }

  /** A recipient's details; opening them is logged, masked or not. */
  open(viewer: RecipientViewer, id: string): RecipientDetails {
    const row = this.#sqlite
      .prepare(
        'select id, name, personal_id as personalId, address, protected_identity as p from recipients where id = ?',
      )
      .get(id) as
      { id: string; name: string; personalId: string | null; address: string | null; p: number } | undefined;
    if (!row) throw new CareDockError('devices.recipientUnknown');
    const protectedIdentity = row.p === 1;
    const masked = !mayIdentify(viewer, { protectedIdentity });
    this.#audit.record(viewer, 'recipients.open', id, { masked });
    return {
      id: row.id,
      name: masked ? '' : row.name,
      personalId: masked ? null : row.personalId,
      address: masked ? null : row.address,
      protectedIdentity,
      masked,
    };
  }
}
