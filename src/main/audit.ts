import { desc, lt } from 'drizzle-orm';
import type { AuditEntry } from '../shared/api/index.ts';
import type { AuditAction } from '../shared/domain/audit.ts';
import type { Db } from './db/open.ts';
import { auditLog } from './db/schema.ts';

export interface Actor {
  id: number | null;
  username: string | null;
}
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditLog {
  /** Only the actions in src/shared/domain/audit.ts: each has a name in the audit view. */
  record(actor: Actor, action: AuditAction, subject?: string | null, details?: AuditDetails): void;
  list(limit: number, beforeId?: number): AuditEntry[];
}

/** Written synchronously inside the caller's transaction where there is one, so the record and the change land together. */
export function createAuditLog(db: Db): AuditLog {
  return {
    record(actor, action, subject = null, details = {}) {
      db.insert(auditLog)
        .values({
          actorUserId: actor.id,
          actor: actor.username,
          action,
          subject,
          details: JSON.stringify(details),
        })
        .run();
    },
    list(limit, beforeId) {
      const rows = db
        .select()
        .from(auditLog)
        .where(beforeId === undefined ? undefined : lt(auditLog.id, beforeId))
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all();
      return rows.map((r) => ({
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
