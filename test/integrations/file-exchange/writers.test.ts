// The two files CareDock writes back: BFU back XML, valid against its schema whatever the
// service codes hold, and MFU time CSV that a Swedish spreadsheet reads as the same numbers and
// never as a formula.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MFU_TIME_COLUMNS,
  hoursWithComma,
  writeBfuBack,
  writeMfuTime,
  type BfuBackDocument,
  type MfuTimeRow,
} from '../../../integrations/file-exchange/index.ts';
import { exampleBack, exampleTimeRows } from './example-documents.ts';

const schema = path.resolve(import.meta.dirname, '../../../docs/formats/bfu-back-v1.xsd');
const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bfu-back-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(xml: string): void {
  const file = path.join(dir, 'back.xml');
  writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { stdio: 'pipe' });
}

/** Every element with its attributes, as a parser reads them back. */
function elements(xml: string): { name: string; uri: string; attributes: Record<string, string> }[] {
  const out: { name: string; uri: string; attributes: Record<string, string> }[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) =>
    out.push({
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(
        Object.values(tag.attributes)
          .filter((a) => a.name !== 'xmlns')
          .map((a) => [a.local, a.value]),
      ),
    }),
  );
  parser.write(xml).close();
  return out;
}

const service = (code: string) => ({
  code,
  grantedMinutes: 60,
  plannedMinutes: 45,
  performedMinutes: 30,
  deviations: 1,
});

describe('writeBfuBack', () => {
  const documents: [string, BfuBackDocument][] = [
    ['the example', exampleBack],
    ['a month with nothing performed', { ...exampleBack, orders: [] }],
    [
      'codes with markup characters and non-ASCII',
      {
        ...exampleBack,
        attestedAt: '2026-02-03T10:15+01:00',
        orders: [
          {
            orderId: 'o:1.a_b-c',
            orderVersion: 7,
            recipientId: 'r-1',
            status: 'performed',
            services: [service(`&<>"'`), service('Åtgärd ü € 😀'), service('a&amp;b'), service(']]>')],
          },
        ],
      },
    ],
  ];

  for (const [name, doc] of documents) {
    it(`writes ${name} valid against bfu-back-v1.xsd`, () => {
      const xml = writeBfuBack(doc);
      validate(xml);
      const read = elements(xml);
      expect(read.every((e) => e.uri === 'urn:caredock:bfu:back:1')).toBe(true);
      expect(read.filter((e) => e.name === 'service').map((e) => e.attributes['code'])).toEqual(
        doc.orders.flatMap((o) => o.services.map((s) => s.code)),
      );
    });
  }

  it('keeps tabs and line breaks in a code, and replaces what XML cannot carry', () => {
    const doc = {
      ...exampleBack,
      orders: [{ ...exampleBack.orders[0]!, services: [service('a\tb\nc\u0001d\ud800e')] }],
    };
    const xml = writeBfuBack(doc);
    validate(xml);
    expect(elements(xml).find((e) => e.name === 'service')?.attributes['code']).toBe('a\tb\nc\ufffdd\ufffde');
  });

  it('writes the root and orders with exactly the format’s attributes, and instants with seconds', () => {
    const read = elements(writeBfuBack(documents[2]![1]));
    expect(read[0]).toEqual({
      name: 'performed',
      uri: 'urn:caredock:bfu:back:1',
      attributes: {
        version: '1',
        municipality: '1480',
        provider: 'hemtjanst-nord',
        month: '2026-01',
        attestVersion: '2',
        attestedAt: '2026-02-03T09:15:00.000Z',
        created: '2026-02-03T09:20:00.000Z',
      },
    });
    expect(read[1]?.attributes).toEqual({
      id: 'o:1.a_b-c',
      orderVersion: '7',
      recipient: 'r-1',
      status: 'performed',
    });
    // An order-less line names the recipient only.
    expect(elements(writeBfuBack(exampleBack)).filter((e) => e.name === 'order')[2]?.attributes).toEqual({
      recipient: 'r-2002',
      status: 'performed',
    });
  });

  it('refuses a document that breaks its schema', () => {
    expect(() => writeBfuBack({ ...exampleBack, month: '2026-13' })).toThrow();
    expect(() => writeBfuBack({ ...exampleBack, providerId: 'a b' })).toThrow();
  });
});

describe('writeMfuTime', () => {
  const parseBack = (bytes: Buffer) =>
    parse(bytes, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];

  it('writes UTF-8 with a BOM, ; and CRLF, the header from the columns', () => {
    const bytes = writeMfuTime(exampleTimeRows, DEFAULT_MFU_TIME_COLUMNS);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(exampleTimeRows.length + 2);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(parseBack(bytes)[0]).toEqual(DEFAULT_MFU_TIME_COLUMNS.map((c) => c.header));
  });

  it('parses back to the same numbers, hours with a decimal comma', () => {
    const minutes = [0, 1, 29, 30, 59, 60, 545, 1439, 44_640, -90];
    const rows = minutes.map((performedMinutes, i) => ({
      ...exampleTimeRows[0]!,
      performedMinutes,
      deviations: i,
    }));
    const [header, ...cells] = parseBack(writeMfuTime(rows, DEFAULT_MFU_TIME_COLUMNS));
    const col = (name: string) => header!.indexOf(name);
    expect(cells.map((c) => Number(c[col('Utförda minuter')]))).toEqual(minutes);
    expect(cells.map((c) => c[col('Utförda timmar')])).toEqual([
      '0,00',
      '0,02',
      '0,48',
      '0,50',
      '0,98',
      '1,00',
      '9,08',
      '23,98',
      '744,00',
      '-1,50',
    ]);
    for (const [i, c] of cells.entries()) {
      expect(Number(c[col('Utförda timmar')]!.replace(',', '.'))).toBeCloseTo(minutes[i]! / 60, 2);
      expect(Number(c[col('Avvikelser')])).toBe(i);
    }
    expect(hoursWithComma(-1)).toBe('-0,02');
  });

  it('neutralises every text cell a spreadsheet would run, and leaves an absent order empty', () => {
    const hostile: MfuTimeRow = {
      ...exampleTimeRows[0]!,
      customerNumber: '+46701234567',
      orderId: '@SUM(A1)',
      serviceCode: '-1+1',
      serviceName: '=HYPERLINK("http://evil.example","Klicka")',
      providerId: '\tx',
    };
    const columns = [
      { key: 'serviceName' as const, header: '=Insats' },
      { key: 'orderId' as const, header: 'Beställning' },
      { key: 'customerNumber' as const, header: 'Kundnummer' },
      { key: 'serviceCode' as const, header: 'Kod' },
      { key: 'providerId' as const, header: 'Utförare' },
      { key: 'grantedMinutes' as const, header: 'Minuter' },
    ];
    const [header, first, second] = parseBack(
      writeMfuTime([hostile, { ...exampleTimeRows[0]!, orderId: null, grantedMinutes: -5 }], columns),
    );
    expect(header).toEqual(["'=Insats", 'Beställning', 'Kundnummer', 'Kod', 'Utförare', 'Minuter']);
    expect(first).toEqual([
      `'=HYPERLINK("http://evil.example","Klicka")`,
      "'@SUM(A1)",
      "'+46701234567",
      "'-1+1",
      "'\tx",
      '600',
    ]);
    // A number is a number, even a negative one.
    expect(second?.slice(1, 2)).toEqual(['']);
    expect(second?.[5]).toBe('-5');
  });

  it('refuses rows or columns that break their schema', () => {
    expect(() => writeMfuTime(exampleTimeRows, [])).toThrow();
    expect(() =>
      writeMfuTime([{ ...exampleTimeRows[0]!, performedMinutes: 1.5 }], DEFAULT_MFU_TIME_COLUMNS),
    ).toThrow();
  });
});
