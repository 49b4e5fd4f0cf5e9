// An audit entry as a person reads it: the action's name, whom it concerns by name (masked as
// the reader must see it), and each detail labelled, with ids as names and instants as local time.
import { roles, type AuditEntry, type Role } from '../../shared/api/index.ts';
import { auditDetailKeys, type AuditDetailKey } from '../../shared/domain/audit.ts';
import { jobStates, type JobState } from '../../shared/jobs/contract.ts';
import type { Language, Message } from '../../shared/errors/index.ts';
import { auditActionNames, auditDetailNames, messages } from './messages/index.ts';
import { roleLabel } from './nav.ts';

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function isDetailKey(key: string): key is AuditDetailKey {
  return (auditDetailKeys as readonly string[]).includes(key);
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export interface AuditTextOptions {
  lang: Language;
  dateTime: (iso: string) => string;
}

export function auditActionText(action: string, lang: Language): string {
  return (auditActionNames as Record<string, Message | undefined>)[action]?.[lang] ?? action;
}

/** A name for an id the entry carries, or the id itself when the core knew none. */
function named(entry: AuditEntry, id: string, lang: Language): string {
  const n = entry.names[id];
  if (!n) return id;
  return n.masked ? messages['audit.masked'][lang] : n.name;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whom or what the entry concerns; an internal id with no name says nothing to a person. */
export function auditSubjectText(entry: AuditEntry, o: AuditTextOptions): string {
  if (entry.subject === null) return '';
  const text = named(entry, entry.subject, o.lang);
  return uuid.test(text) ? '' : text;
}

function valueText(
  entry: AuditEntry,
  key: string,
  value: string | number | boolean | null,
  o: AuditTextOptions,
): string {
  const m = messages;
  if (value === null) return '–';
  if (typeof value === 'boolean') {
    if (key === 'active') return m[value ? 'users.active' : 'users.inactive'][o.lang];
    return m[value ? 'yes' : 'no'][o.lang];
  }
  if (typeof value === 'number') return new Intl.NumberFormat(o.lang).format(value);
  if (key === 'roles')
    return value
      .split(',')
      .map((r) => (isRole(r) ? m[roleLabel[r]][o.lang] : r))
      .join(', ');
  if (isoInstant.test(value)) return o.dateTime(value);
  // A job's move is recorded with the state it left.
  if (key === 'from' && (jobStates as readonly string[]).includes(value))
    return m[`job.state.${value as JobState}`][o.lang];
  if (key === 'recipientId' || key === 'staffId') return named(entry, value, o.lang);
  return value;
}

/** Each detail as "label: value", joined; a key this version does not know is named generically. */
export function auditDetailsText(entry: AuditEntry, o: AuditTextOptions): string {
  return Object.entries(entry.details)
    .map(([k, v]) => {
      const label = isDetailKey(k) ? auditDetailNames[k][o.lang] : messages['audit.detail.other'][o.lang];
      return `${label}: ${valueText(entry, k, v, o)}`;
    })
    .join('; ');
}
