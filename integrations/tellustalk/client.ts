// The TellusTalk adapter: send, resolve an unanswered send from /logs/v2, delivery status.
import type { Outcome, Resolution } from '../../src/shared/jobs/index.ts';
import { httpsRequest, retryAfterMs } from '../http/request.ts';
import { transportOutcome, type DeliveryStatus, type SmsGateway } from '../sms/gateway.ts';
import type { SmsMessage } from '../sms/message.ts';
import {
  basicAuthorization,
  decodeLogs,
  decodeSendAnswer,
  deliveryOf,
  encodeSend,
  toAddressParam,
} from './encoder.ts';

export interface TellusTalkConfig {
  /** https://api.tellustalk.com in production; the fake's URL in tests. */
  baseUrl: string;
  username: string;
  password: string;
  ca?: string;
  timeoutMs?: number;
}

export function createTellusTalkGateway(config: TellusTalkConfig): SmsGateway {
  const base = new URL(config.baseUrl);
  if (base.protocol !== 'https:') throw new Error('TellusTalk needs an https:// address');
  const host = base.host;
  const timeoutMs = config.timeoutMs ?? 20_000;
  const auth = basicAuthorization(config.username, config.password);
  const url = (path: string) => new URL(path, base).toString();
  const common = { ...(config.ca ? { ca: config.ca } : {}), timeoutMs };

  async function logs(query: string, signal?: AbortSignal) {
    const a = await httpsRequest({
      ...common,
      url: url(`/logs/v2?${query}`),
      method: 'GET',
      headers: { authorization: auth, accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
    if (!a.ok || a.status !== 200) return null;
    return decodeLogs(a.body);
  }

  return {
    provider: 'tellustalk',
    async send(m: SmsMessage, signal?: AbortSignal): Promise<Outcome> {
      const a = await httpsRequest({
        ...common,
        url: url('/send/v1'),
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
        body: encodeSend(m),
        ...(signal ? { signal } : {}),
      });
      if (!a.ok) return transportOutcome(a, 'tellustalk', host);
      return decodeSendAnswer(a.status, a.body, retryAfterMs(a.headers['retry-after']));
    },
    async resolve(m, isRefRecorded, signal): Promise<Resolution> {
      const entries = await logs(`to_address=${encodeURIComponent(toAddressParam(m.to))}`, signal);
      if (entries === null)
        return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider: 'tellustalk' } };
      const ours = entries.filter(
        (e) => e.address === `sms:${m.to}` && e.text === m.text && !isRefRecorded(e.job_id),
      );
      const jobs = [...new Set(ours.map((e) => e.job_id))];
      if (jobs.length === 0) return { status: 'not-sent' };
      // Two unclaimed identical messages: which one is this attempt's is a person's call.
      if (jobs.length > 1) return { status: 'unknown', code: 'jobs.unknownOutcome' };
      return { status: 'sent', ref: jobs[0]! };
    },
    async deliveryStatus(ref, signal): Promise<DeliveryStatus> {
      const entries = await logs(`job_id=${encodeURIComponent(ref)}`, signal);
      return entries === null ? { state: 'unknown' } : deliveryOf(entries);
    },
  };
}
