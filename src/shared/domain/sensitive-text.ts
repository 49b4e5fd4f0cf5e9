/**
 * The shapes of secrets people type where they should not: personnummer, samordningsnummer and
 * henkilötunnus, and door codes. One place for them: the logger scrubs every line with them, and
 * the UI warns the person at the desk when a free-text field (a correction's reason, a tag's
 * label) holds one.
 */
import { parsePersonalId } from './personal-id.ts';

/** 19/20YYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN and YYYYMMDDNNNN (Swedish). */
export const swedishIdShape = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g;
/** DDMMYY-NNNC, with every century sign (Finnish). */
export const finnishIdShape = /\b\d{6}[-+AaBbCcDdEeFfUuVvWwXxYy]\d{3}[0-9A-Ya-y]\b/g;

// A door code is named as one ("portkod 8520", "ovikoodi: 1234", "door code is 4711") or typed as
// a keypad is ("4711#", "*1234#"). A word that only says "code" wants four digits or more, so a
// service or task code ("kod 101") is not taken for one.
const doorWords =
  'port|portar|dörr|entré|entre|grind|trapphus|larm|nyckel|nyckelbox|nyckelskåp|ovi|portti|rappu|avain|avainlaatikko|hälytys|door|gate|entry|entrance|alarm|key|keypad|lockbox';
const codeWords = 'kod|koden|koder|koodi|koodin|code|pin';
const joiner = String.raw`[\s:=.,-]*(?:(?:är|on|is|=|nr|no)[\s:.-]*)?`;
export const doorCodeShape = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(?:(?:${doorWords})[\s-]*(?:${codeWords}))${joiner}[#*]?\d{3,8}[#*]?|(?:${codeWords})${joiner}[#*]?\d{4,8}[#*]?)(?![\p{L}\d])` +
    String.raw`|(?<![\p{L}\d#*])(?:[#*]\d{3,8}[#*]?|\d{3,8}[#*])(?![\p{L}\d])`,
  'giu',
);

export type SensitiveKind = 'personalId' | 'doorCode';

/**
 * What a free text seems to hold. A personnummer counts when its check digit and date are right
 * (a ten-digit phone number mostly is not one); a door code by its shape.
 */
export function sensitiveFindings(text: string): SensitiveKind[] {
  const found: SensitiveKind[] = [];
  const ids = [...(text.match(swedishIdShape) ?? []), ...(text.match(finnishIdShape) ?? [])];
  if (ids.some((candidate) => parsePersonalId(candidate) !== null)) found.push('personalId');
  doorCodeShape.lastIndex = 0;
  if (doorCodeShape.test(text)) found.push('doorCode');
  doorCodeShape.lastIndex = 0;
  return found;
}

/** Replaces every shape of a secret, by shape alone (over-matching is the safe side for a log). */
export function redactSensitive(text: string, replacement: string): string {
  return text
    .replace(doorCodeShape, replacement)
    .replace(finnishIdShape, replacement)
    .replace(swedishIdShape, replacement);
}
