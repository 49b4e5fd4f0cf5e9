// BFU back, format version 1 (docs/formats/bfu-back-v1.md): the performed time of one attested
// month, per order and service. The input has no names, door codes or personnummer, so none
// can reach the file.
import { bfuBackDocument, type BfuBackDocument } from '../records.ts';

export const BFU_BACK_NAMESPACE = 'urn:caredock:bfu:back:1';

// Characters XML 1.0 cannot carry at all, even escaped: they become U+FFFD so the file stays
// well-formed (a service code read from a file cannot hold them; one typed in could). With the
// u flag a surrogate range matches only a lone half, never a pair.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a raw tab or newline in an attribute into a space; escaped they survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function attributeValue(value: string | number): string {
  return String(value)
    .replace(NOT_XML, '\ufffd')
    .replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

function attributes(pairs: [string, string | number | null][]): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== null)
    .map(([name, value]) => ` ${name}="${attributeValue(value)}"`)
    .join('');
}

/** xs:dateTime wants seconds; the records allow an instant without them. */
const instant = (text: string) => new Date(Date.parse(text)).toISOString();

/** The document as UTF-8 XML text. Throws a ZodError when `doc` breaks its schema (a bug upstream). */
export function writeBfuBack(doc: BfuBackDocument): string {
  const d = bfuBackDocument.parse(doc);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<performed xmlns="${BFU_BACK_NAMESPACE}"${attributes([
      ['version', 1],
      ['municipality', d.municipalityId],
      ['provider', d.providerId],
      ['month', d.month],
      ['attestVersion', d.version],
      ['attestedAt', instant(d.attestedAt)],
      ['created', instant(d.createdAt)],
    ])}>`,
  ];
  for (const order of d.orders) {
    lines.push(
      `  <order${attributes([
        ['id', order.orderId],
        ['orderVersion', order.orderId === null ? null : order.orderVersion],
        ['recipient', order.recipientId],
        ['status', order.status],
      ])}>`,
    );
    for (const service of order.services) {
      lines.push(
        `    <service${attributes([
          ['code', service.code],
          ['grantedMinutes', service.grantedMinutes],
          ['plannedMinutes', service.plannedMinutes],
          ['performedMinutes', service.performedMinutes],
          ['deviations', service.deviations],
        ])}/>`,
      );
    }
    lines.push('  </order>');
  }
  lines.push('</performed>', '');
  return lines.join('\n');
}
