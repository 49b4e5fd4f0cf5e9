// Recipients' numbers to E.164, for the two countries CareDock serves. A number is refused with a
// catalogue code rather than guessed at: an SMS to a wrong number reaches a stranger.
import type { ErrorCode, ErrorParams } from '../../src/shared/errors/index.ts';

export type SmsCountry = 'SE' | 'FI';

export type PhoneResult =
  { ok: true; e164: string; country: SmsCountry } | { ok: false; code: ErrorCode; params: ErrorParams };

const callingCode: Record<SmsCountry, string> = { SE: '46', FI: '358' };

/**
 * Mobile ranges by national significant number (after the country code, without the trunk 0):
 * Sweden 70, 72, 73, 76, 79 + 7 digits (PTS numbering plan); Finland 4x and 50 with 5–8 more
 * digits (Traficom's plan: 040–046, 049, 050), so 7–10 digits in all.
 */
function isMobile(country: SmsCountry, nsn: string): boolean {
  if (country === 'SE') return /^7[02369]\d{7}$/.test(nsn);
  return /^(4[0-6]|49|50)\d{5,8}$/.test(nsn);
}

/**
 * Accepts +46…, 0046…, and a national 0… number read in the municipality's own country
 * (`home`); spaces, hyphens, dots and parentheses are ignored. Anything else is refused.
 */
export function normalisePhone(input: string, home: SmsCountry): PhoneResult {
  const shown = input.trim().slice(0, 40);
  const compact = input.replace(/[\s\-.()\u00a0]/g, '');
  let international: string;
  if (/^\+\d+$/.test(compact)) international = compact.slice(1);
  else if (/^00\d+$/.test(compact)) international = compact.slice(2);
  else if (/^0\d+$/.test(compact)) international = callingCode[home] + compact.slice(1);
  else return { ok: false, code: 'sms.numberInvalid', params: { number: shown } };

  const country = (Object.keys(callingCode) as SmsCountry[]).find((c) =>
    international.startsWith(callingCode[c]),
  );
  if (!country) return { ok: false, code: 'sms.countryNotSupported', params: { number: shown } };
  let nsn = international.slice(callingCode[country].length);
  // "+46 (0)70 …" is common on business cards: the trunk 0 after the country code is dropped.
  if (nsn.startsWith('0')) nsn = nsn.slice(1);
  if (!isMobile(country, nsn)) return { ok: false, code: 'sms.numberInvalid', params: { number: shown } };
  return { ok: true, e164: `+${callingCode[country]}${nsn}`, country };
}
