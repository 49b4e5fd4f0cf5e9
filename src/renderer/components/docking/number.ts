// Whole numbers typed by a person: digits, an optional minus, and spaces as thousands separators.

/** The integer in `text` if it is one within [min, max], else null. */
export function wholeNumber(text: string, min: number, max: number): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (!/^-?\d+$/.test(compact)) return null;
  const value = Number(compact);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : null;
}
