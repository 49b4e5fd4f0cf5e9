// The Pixie adapter. Pixie keeps no log we can query for a send whose answer was lost, so such an
// attempt has no `resolve`: the queue parks it for a person (never a second SMS on its own).
import { CareDockError } from '../../src/shared/errors/index.ts';
import type { Outcome } from '../../src/shared/jobs/index.ts';
import { httpsRequest } from '../http/request.ts';
import { transportOutcome, type SmsGateway } from '../sms/gateway.ts';
import type { SmsMessage } from '../sms/message.ts';
import { decodeAnswer, decodeBody, encodeSend } from './encoder.ts';

export interface PixieConfig {
  /** https://smsserver.pixie.se/sendsms in production. Plain http is refused: the text is personal. */
  endpoint: string;
  account: string;
  password: string;
  ca?: string;
  timeoutMs?: number;
}

export function createPixieGateway(config: PixieConfig): SmsGateway {
  const url = new URL(config.endpoint);
  if (url.protocol !== 'https:') throw new CareDockError('sms.insecureUrl');
  return {
    provider: 'pixie',
    async send(m: SmsMessage, signal?: AbortSignal): Promise<Outcome> {
      const a = await httpsRequest({
        url: url.toString(),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: encodeSend(m, config.account, config.password),
        timeoutMs: config.timeoutMs ?? 20_000,
        ...(config.ca ? { ca: config.ca } : {}),
        ...(signal ? { signal } : {}),
      });
      if (!a.ok) return transportOutcome(a, 'pixie', url.host);
      return decodeAnswer(a.status, decodeBody(a.raw));
    },
  };
}
