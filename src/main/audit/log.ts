// Who did what: every action the core records goes through here, synchronously inside the
// caller's transaction where there is one, so the record and the change land together.
import type { AuditEntry } from '../../shared/api/index.ts';
import type { AuditAction, AuditDetailKey } from '../../shared/domain/audit.ts';
import type { AuditData } from './data.ts';

export interface Actor {
  id: number | null;
  username: string | null;
}
export type AuditDetails = Partial<Record<AuditDetailKey, string | number | boolean | null>>;

export interface AuditLog {
  /** Only the actions in src/shared/domain/audit.ts: each has a name in the audit view. */
  record(actor: Actor, action: AuditAction, subject?: string | null, details?: AuditDetails): void;
  list(limit: number, beforeId?: number): Omit<AuditEntry, 'names'>[];
}

export function createAuditLog(data: AuditData): AuditLog {
  return {
    record(actor, action, subject = null, details = {}) {
      data.insert(actor.id, actor.username, action, subject, JSON.stringify(details));
    },
    list(limit, beforeId) {
      return data.list(limit, beforeId).map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        details: JSON.parse(r.details) as AuditDetails,
      }));
    },
  };
}
