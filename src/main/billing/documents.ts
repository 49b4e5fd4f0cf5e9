import { stringify } from 'csv-stringify/sync';
import type { BillingColumn } from '../../shared/api/procedures/settings.ts';
import type { BillingRow } from '../../shared/api/procedures/workflows.ts';
import { neutraliseFormula } from '../../shared/domain/spreadsheet-cell.ts';

/** Hours with a decimal comma, as Swedish and Finnish spreadsheets read numbers. */
export const hours = (minutes: number) => (minutes / 60).toFixed(2).replace('.', ',');

function cell(
  row: BillingRow,
  month: string,
  key: BillingColumn['key'],
  maskedName: string,
  version: number | null,
): string {
  switch (key) {
    case 'attestVersion':
      return version === null ? '' : String(version);
    case 'month':
      return month;
    case 'recipientId':
      return row.recipient.id;
    case 'recipientName':
      return row.recipient.masked ? maskedName : row.recipient.name;
    case 'serviceCode':
      return row.serviceCode;
    case 'serviceName':
      return row.serviceName;
    case 'grantedHours':
      return hours(row.grantedMinutes);
    case 'plannedHours':
      return hours(row.plannedMinutes);
    case 'performedHours':
      return hours(row.performedMinutes);
    case 'deviations':
      return String(row.deviations);
  }
}

/**
 * UTF-8 with BOM, semicolons, decimal comma, ISO dates; the column layout is the municipality's.
 * A masked recipient's name cell says so in the language of the person exporting.
 */
export function billingCsv(
  month: string,
  rows: BillingRow[],
  columns: BillingColumn[],
  maskedName: string,
  version: number | null = null,
): Buffer {
  const records = rows.map((row) =>
    columns.map((c) => neutraliseFormula(cell(row, month, c.key, maskedName, version))),
  );
  const text = stringify(records, {
    header: true,
    columns: columns.map((c) => c.header),
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
  return Buffer.from(text, 'utf8');
}
