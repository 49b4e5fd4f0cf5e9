// TellusTalk's REST API as its documentation describes it (api.tellustalk.com; "send/v1" and
// "logs/v2"): JSON bodies, Basic authentication with the user name in lower case.
//   POST /send/v1  {"to": ["sms:+46…"], "text": "…", "sms_originator_text" | "sms_originator_number"}
//                  → 200 {"job_id": "…"}; on failure an HTTP status and maybe an explaining text.
//   GET  /logs/v2?job_id=…  or ?to_address=46… → [{"id", "job_id", "address": "sms:+46…", "text",
//                  "status": "success" | "failed" | "blocked" | "" (awaiting the operator's report)}]
// Pure functions: bytes in, outcomes out; the client does the I/O.
import { z } from 'zod';
import type { Outcome } from '../../src/shared/jobs/index.ts';
import type { DeliveryStatus } from '../sms/gateway.ts';
import type { SmsMessage } from '../sms/message.ts';

const provider = 'tellustalk';

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username.toLowerCase()}:${password}`, 'utf8').toString('base64')}`;
}

export function encodeSend(m: SmsMessage): string {
  return JSON.stringify({
    to: [`sms:${m.to}`],
    text: m.text,
    ...(m.senderIsNumber
      ? { sms_originator_source: 'number', sms_originator_number: m.sender }
      : { sms_originator_source: 'text', sms_originator_text: m.sender }),
  });
}

const sendAnswer = z.object({ job_id: z.union([z.string(), z.number()]).transform(String) });

/**
 * 401/403: the account is wrong for every message → pause. 429: slow down (Retry-After). 502, 503,
 * 504 come from the front before the message is handled → retry. A 500 may come after the
 * gateway took the message → unknown (resolved from the log). Other 4xx: this message is refused.
 */
export function decodeSendAnswer(status: number, body: string, retryAfterMs: number | null): Outcome {
  if (status === 200 || status === 201) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
    }
    const ok = sendAnswer.safeParse(parsed);
    return ok.success
      ? { status: 'sent', ref: ok.data.job_id }
      : { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  }
  if (status === 401 || status === 403)
    return { status: 'pause', code: 'sms.authFailed', params: { provider } };
  if (status === 429)
    return {
      status: 'retry',
      code: 'sms.rateLimited',
      params: { provider },
      ...(retryAfterMs !== null ? { retryAfterMs } : {}),
    };
  if (status === 502 || status === 503 || status === 504)
    return {
      status: 'retry',
      code: 'sms.gatewayUnavailable',
      params: { provider },
      ...(retryAfterMs !== null ? { retryAfterMs } : {}),
    };
  if (status >= 500) return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  return { status: 'permanent', code: 'sms.gatewayRejected', params: { provider, code: status } };
}

export const logEntry = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  job_id: z.union([z.string(), z.number()]).transform(String),
  address: z.string(),
  text: z.string().default(''),
  status: z.string().default(''),
});
export type LogEntry = z.infer<typeof logEntry>;

export function decodeLogs(body: string): LogEntry[] | null {
  try {
    const parsed = z.array(logEntry).safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The log's query form of a number: digits without the plus (`to_address=46701234567`). */
export function toAddressParam(e164: string): string {
  return e164.replace(/^\+/, '');
}

export function deliveryOf(entries: LogEntry[]): DeliveryStatus {
  if (entries.length === 0) return { state: 'unknown' };
  if (entries.every((e) => e.status === 'success')) return { state: 'delivered' };
  const bad = entries.find((e) => e.status !== '' && e.status !== 'success');
  if (bad) return { state: 'failed', detail: bad.status };
  return { state: 'pending' };
}
