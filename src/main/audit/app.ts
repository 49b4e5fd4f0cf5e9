// The audit log as an administrator reads it: each entry with the names of the people its ids
// stand for (as this administrator may see them), so the view reads as sentences, not ids.
import type { AuditEntry } from '../../shared/api/index.ts';
import { callerOf, type AreaHandlers, type Caller } from '../api/caller.ts';
import type { Directory } from '../recipients/directory.ts';
import type { AuditLog } from './log.ts';

function withNames(entry: Omit<AuditEntry, 'names'>, dir: Directory): AuditEntry {
  const names: AuditEntry['names'] = {};
  const recipient = (id: string) => {
    const r = dir.recipient(id);
    if (r && (r.masked || r.name !== id)) names[id] = { name: r.name, masked: r.masked };
  };
  const staff = (id: string) => {
    const s = dir.staff(id);
    if (s && s.name !== id) names[id] = { name: s.name, masked: false };
  };
  const { recipientId, staffId } = entry.details;
  if (typeof recipientId === 'string') recipient(recipientId);
  if (typeof staffId === 'string') staff(staffId);
  if (entry.subject !== null) {
    if (entry.action === 'recipients.open') recipient(entry.subject);
    if (entry.action === 'staff.create') staff(entry.subject);
  }
  return { ...entry, names };
}

export function auditHandlers(
  audit: AuditLog,
  directory: (viewer: Caller) => Directory,
): AreaHandlers<'audit.list'> {
  return {
    'audit.list': (input, ctx) => {
      const dir = directory(callerOf(ctx));
      return audit.list(input.limit, input.beforeId).map((e) => withNames(e, dir));
    },
  };
}
