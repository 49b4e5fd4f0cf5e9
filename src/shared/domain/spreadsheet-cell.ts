// What every CSV CareDock writes does to a cell a spreadsheet would run: the workstation's
// billing export and the server's MFU time files share it.

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) starts with a quote
 * instead, so a recipient named "=HYPERLINK(…)" stays text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
