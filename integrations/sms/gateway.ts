// What every SMS gateway adapter offers the queue, and the outcomes shared by all of them.
import type { Outcome, Resolution } from '../../src/shared/jobs/index.ts';
import type { HttpAnswer } from '../http/request.ts';
import type { SmsMessage } from './message.ts';

export type SmsProvider = 'tellustalk' | 'pixie';

export type DeliveryStatus =
  { state: 'pending' } | { state: 'delivered' } | { state: 'failed'; detail: string } | { state: 'unknown' };

export interface SmsGateway {
  readonly provider: SmsProvider;
  send(message: SmsMessage, signal?: AbortSignal): Promise<Outcome>;
  /**
   * Asks the provider's log whether an attempt whose answer never came went through.
   * `isRefRecorded` says whether a gateway id already belongs to another of our sends, so an
   * identical earlier message is not taken for this one. Absent where the provider keeps no log
   * we can query: such attempts are parked for a person.
   */
  resolve?(
    message: SmsMessage,
    isRefRecorded: (ref: string) => boolean,
    signal?: AbortSignal,
  ): Promise<Resolution>;
  deliveryStatus?(ref: string, signal?: AbortSignal): Promise<DeliveryStatus>;
}

/** A transport failure: before the request left nothing happened; after, nobody knows. */
export function transportOutcome(
  a: Extract<HttpAnswer, { ok: false }>,
  provider: SmsProvider,
  host: string,
): Outcome {
  if (a.phase === 'after-send')
    return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  if (a.reason === 'tls') return { status: 'pause', code: 'sms.tlsFailed', params: { provider, host } };
  return { status: 'retry', code: 'sms.gatewayUnavailable', params: { provider } };
}
