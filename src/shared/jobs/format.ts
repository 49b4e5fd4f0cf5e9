import { formatMessage, type Language } from '../errors/index.ts';
import type { JobSummary } from './contract.ts';

/** One job as the command lines print it: id, channel, kind, state, attempts, next try, last error. */
export function jobLine(j: JobSummary, lang: Language): string {
  const error = j.lastErrorCode
    ? ` — ${formatMessage(j.lastErrorCode, j.lastErrorParams ?? {}, lang)} [${j.lastErrorCode}]`
    : '';
  const next = j.nextAttemptAt ? ` next ${j.nextAttemptAt}` : '';
  return `${j.id}  ${j.channel}  ${j.kind}  ${j.state}  ${j.attempts}/${j.maxAttempts}${next}${error}`;
}
