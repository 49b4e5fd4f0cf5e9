// The care recipients this workstation knows (they come down from the municipality's server):
// finding one, and opening one's details, which is logged whoever opens them.
import type { ProcedureOutput } from '../../shared/api/index.ts';
import { parsePersonalId } from '../../shared/domain/personal-id.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Actor, AuditLog } from '../audit/log.ts';
import type { RecipientData, RecipientName } from './data.ts';
import { mayIdentify, type Viewer } from './identity.ts';

export type RecipientViewer = Viewer & Actor;
type RecipientDetails = ProcedureOutput<'recipients.get'>;

export class RecipientService {
  readonly #data: RecipientData;
  readonly #audit: AuditLog;

  constructor(data: RecipientData, audit: AuditLog) {
    this.#data = data;
    this.#audit = audit;
  }

  /**
   * By name or id, at most 50. A protected identity the viewer may not see is found only by its
   * id, and then without its name.
   */
  /**
   * Recipients by name, id or personnummer (any common spelling: with or without century,
   * dash or plus). A protected identity is found by its number only by someone who may see it.
   */
  search(viewer: Viewer, query: string): RecipientName[] {
    const personalId = parsePersonalId(query)?.normalised ?? null;
    return this.#data
      .search(query, personalId)
      .flatMap((r) => (mayIdentify(viewer, r) ? [r] : r.id === query ? [{ ...r, name: '' }] : []));
  }

  /** A recipient's details; opening them is logged, masked or not. */
  open(viewer: RecipientViewer, id: string): RecipientDetails {
    const row = this.#data.details(id);
    if (!row) throw new CareDockError('devices.recipientUnknown');
    const masked = !mayIdentify(viewer, row);
    this.#audit.record(viewer, 'recipients.open', id, { masked });
    return {
      id: row.id,
      name: masked ? '' : row.name,
      personalId: masked ? null : row.personalId,
      address: masked ? null : row.address,
      protectedIdentity: row.protectedIdentity,
      masked,
    };
  }
}
