// MFU time, format version 1 (docs/formats/mfu-v1.md): performed time per recipient, order and
// service for one attested month, as the CSV a Swedish spreadsheet opens without an import
// dialog: UTF-8 with a BOM, `;` between cells, CRLF, a decimal comma.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../../src/shared/domain/spreadsheet-cell.ts';
import {
  mfuTimeColumns,
  mfuTimeRow,
  type MfuTimeColumns,
  type MfuTimeField,
  type MfuTimeRow,
} from '../records.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Minutes as hours with two decimals and a comma; from whole hundredths, so no float rounding. */
export function hoursWithComma(minutes: number): string {
  const hundredths = Math.round((Math.abs(minutes) * 100) / 60);
  const sign = minutes < 0 && hundredths > 0 ? '-' : '';
  return `${sign}${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
}

function cell(row: MfuTimeRow, key: MfuTimeField): string {
  switch (key) {
    case 'performedHours':
      return hoursWithComma(row.performedMinutes);
    case 'grantedMinutes':
    case 'performedMinutes':
    case 'deviations':
    case 'attestVersion':
      // Numbers stay numbers: a negative one is a correction, not a formula.
      return String(row[key]);
    case 'orderId':
      return row.orderId === null ? '' : neutraliseFormula(row.orderId);
    default:
      return neutraliseFormula(row[key]);
  }
}

/** The file's bytes. Throws a ZodError when a row or the columns break their schema (a bug upstream). */
export function writeMfuTime(rows: MfuTimeRow[], columns: MfuTimeColumns): Buffer {
  const cols = mfuTimeColumns.parse(columns);
  const records = [
    cols.map((column) => neutraliseFormula(column.header)),
    ...rows.map((row) => {
      const checked = mfuTimeRow.parse(row);
      return cols.map((column) => cell(checked, column.key));
    }),
  ];
  const text = stringify(records, { delimiter: ';', record_delimiter: '\r\n' });
  return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
}
