// The console's second factor: TOTP (RFC 6238) as the municipality's authenticator apps use it:
// SHA-1, six digits, 30-second steps, one step of clock drift either way. A code is accepted
// once: the step it was accepted for is stored, and a code for that step or an earlier one is a
// replay, refused even inside its window.
import { createHash, randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const PERIOD_S = 30;
const WINDOW = 1;

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

function totpOf(secretBase32: string, issuer: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export async function newTotpEnrolment(issuer: string, label: string): Promise<TotpEnrolment> {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const uri = totpOf(secret, issuer, label).toString();
  // An SVG is text the page shows as an image: no script, no network, nothing to inline.
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/** The time step the code belongs to, or null when it matches none in the window. */
export function totpStep(secretBase32: string, code: string, at: Date): number | null {
  const delta = totpOf(secretBase32, 'CareDock', 'x').validate({
    token: code,
    timestamp: at.getTime(),
    window: WINDOW,
  });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD_S) + delta;
}

/** The code an authenticator shows at a moment (tests and the CLI's own check). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32, 'CareDock', 'x').generate({ timestamp: at.getTime() });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use codes, shown once; only their SHA-256 is kept. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.replace(/[\s-]+/g, '').toLowerCase())
    .digest('hex');
}
