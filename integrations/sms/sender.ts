// The sender shown on the phone. Operators accept an alphanumeric sender of at most 11
// characters without å, ä, ö (Pixie's and TellusTalk's rule alike), or a phone number.
import type { ErrorCode } from '../../src/shared/errors/index.ts';

export type SenderResult = { ok: true; sender: string; numeric: boolean } | { ok: false; code: ErrorCode };

export function validateSender(input: string): SenderResult {
  const s = input.trim();
  if (/^\+?\d{3,15}$/.test(s)) return { ok: true, sender: s, numeric: true };
  if (s.length >= 1 && s.length <= 11 && /^[A-Za-z0-9 ._-]+$/.test(s) && /[A-Za-z]/.test(s))
    return { ok: true, sender: s, numeric: false };
  return { ok: false, code: 'sms.senderInvalid' };
}
