/**
 * Swedish personnummer and samordningsnummer (day + 60), and Finnish henkilötunnus: shape and
 * check digit. Pure; the sync contract's recipient schema uses it, so the central server refuses a
 * wrong number when the municipality enters it and a workstation never stores one.
 */

export type PersonalIdKind = 'personnummer' | 'samordningsnummer' | 'henkilotunnus';
export interface PersonalId {
  kind: PersonalIdKind;
  /** Normalised: YYYYMMDD-NNNN for Swedish numbers, DDMMYYCZZZQ for Finnish. */
  normalised: string;
  birthDate: string;
}

/** The Luhn (mod 10) check over a run of digits, as personnummer and organisation numbers use it. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN and YYMMDD+NNNN (+: 100 years or older). */
export function parseSwedishId(input: string, today = new Date()): PersonalId | null {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/.exec(input.trim());
  if (!m) return null;
  const [, century, yy, mm, dd, sep, last] = m as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
    string,
    string,
  ];
  const ten = `${yy}${mm}${dd}${last}`;
  if (!luhn(ten)) return null;
  const month = Number(mm);
  const rawDay = Number(dd);
  const coordination = rawDay > 60;
  const day = coordination ? rawDay - 60 : rawDay;
  let year: number;
  if (century) year = Number(century + yy);
  else {
    // Without the century the birth date is the latest one not after today (+: a century more).
    year = Math.floor(today.getUTCFullYear() / 100) * 100 + Number(yy);
    if (Date.UTC(year, month - 1, day) > today.getTime()) year -= 100;
    if (sep === '+') year -= 100;
  }
  if (!validDate(year, month, day)) return null;
  return {
    kind: coordination ? 'samordningsnummer' : 'personnummer',
    normalised: `${year}${mm}${dd}-${last}`,
    birthDate: `${year}-${mm}-${pad(day)}`,
  };
}

const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const FI_CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/** DDMMYYCZZZQ with the century sign (+, -, A, and since 2023 Y–U and B–F). */
export function parseFinnishId(input: string): PersonalId | null {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(input.trim().toUpperCase());
  if (!m) return null;
  const [, dd, mm, yy, sign, individual, check] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const base = FI_CENTURY[sign];
  if (base === undefined) return null;
  const year = base + Number(yy);
  if (!validDate(year, Number(mm), Number(dd))) return null;
  if (FI_CHECK[Number(`${dd}${mm}${yy}${individual}`) % 31] !== check) return null;
  return {
    kind: 'henkilotunnus',
    normalised: `${dd}${mm}${yy}${sign}${individual}${check}`,
    birthDate: `${year}-${mm}-${dd}`,
  };
}

export function parsePersonalId(input: string, today = new Date()): PersonalId | null {
  return parseSwedishId(input, today) ?? parseFinnishId(input);
}
