import { redactSensitive } from '../../shared/domain/sensitive-text.ts';

/**
 * Scrubs what must never reach a log file: secrets by key name, and personnummer /
 * samordningsnummer, Finnish henkilötunnus and door codes by shape wherever they appear in text
 * (the shapes are shared with the UI's free-text warning: src/shared/domain/sensitive-text.ts).
 */
const secretKey =
  /pass(word)?|token|secret|cookie|authorization|door.?code|portkod|private.?key|enrol(l)?ment.?code|personnummer|hetu|ssn|pnr/i;

const bearer = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const tokenParam = /([?&]token=)[^&\s]+/g;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return redactSensitive(
    text.replace(tokenParam, `$1${REDACTED}`).replace(bearer, `$1${REDACTED}`),
    REDACTED,
  );
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), code: (value as { code?: unknown }).code };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = secretKey.test(k) ? REDACTED : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
