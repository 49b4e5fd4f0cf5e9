// The audit log as an administrator reads it.
import type { AreaHandlers } from '../api/caller.ts';
import type { AuditLog } from './log.ts';

export function auditHandlers(audit: AuditLog): AreaHandlers<'audit.list'> {
  return { 'audit.list': (input) => audit.list(input.limit, input.beforeId) };
}
