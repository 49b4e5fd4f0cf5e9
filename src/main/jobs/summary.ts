// A job's row as the admin views and the command line read it: never the payload.
import type { ErrorParams } from '../../shared/errors/index.ts';
import type { JobSummary } from '../../shared/jobs/index.ts';
import type { JobRow } from './data.ts';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function paramsOf(json: string | null): ErrorParams | null {
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorParams) : null;
}

export const paramsJson = (p: ErrorParams | null | undefined): string | null =>
  p ? JSON.stringify(p) : null;

export function summary(r: JobRow): JobSummary {
  return {
    id: String(r.id),
    kind: r.kind,
    channel: r.channel,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    key: r.idempotency_key,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    nextAttemptAt: r.state === 'waiting' || r.state === 'retry' ? iso(r.next_attempt_at) : null,
    lastErrorCode: r.last_error_code,
    lastErrorParams: paramsOf(r.last_error_params),
    ref: r.ref,
    discardReason: r.discard_reason,
  };
}
