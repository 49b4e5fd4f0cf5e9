// One SMS as the gateways take it, checked once so each gateway's encoder can trust it.
import type { ErrorCode, ErrorParams } from '../../src/shared/errors/index.ts';
import { normalisePhone, type SmsCountry } from './phone.ts';
import { countSegments, maxSegments, type SegmentCount } from './segments.ts';
import { validateSender } from './sender.ts';

export interface SmsMessage {
  /** E.164. */
  to: string;
  text: string;
  sender: string;
  senderIsNumber: boolean;
  segments: SegmentCount;
}

export type SmsCheck =
  { ok: true; message: SmsMessage } | { ok: false; code: ErrorCode; params: ErrorParams };

export function checkSms(input: { to: string; text: string; sender: string }, home: SmsCountry): SmsCheck {
  const phone = normalisePhone(input.to, home);
  if (!phone.ok) return phone;
  const sender = validateSender(input.sender);
  if (!sender.ok) return { ok: false, code: sender.code, params: {} };
  if (input.text.trim().length === 0) return { ok: false, code: 'sms.textEmpty', params: {} };
  const segments = countSegments(input.text);
  if (segments.segments > maxSegments)
    return { ok: false, code: 'sms.textTooLong', params: { segments: segments.segments, max: maxSegments } };
  return {
    ok: true,
    message: {
      to: phone.e164,
      text: input.text,
      sender: sender.sender,
      senderIsNumber: sender.numeric,
      segments,
    },
  };
}
