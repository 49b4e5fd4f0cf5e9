// The examples in docs/formats/examples are real: each XML one is valid against its schema, the
// readers read each input file to the records the docs describe, and the writers write each
// output file byte for byte.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MFU_RECIPIENT_MAPPING,
  DEFAULT_MFU_TIME_COLUMNS,
  readBfuOrders,
  readMfuRecipients,
  writeBfuBack,
  writeMfuTime,
  type BfuOrder,
  type MfuRecipient,
} from '../../../integrations/file-exchange/index.ts';
import { parsePersonalId } from '../../../src/shared/domain/personal-id.ts';
import { bfuOrdersFile, mfuRecipientsFile, writeToFile } from '../../helpers/exchange-files.ts';
import { exampleBack, exampleTimeRows } from './example-documents.ts';
import { collect } from './sources.ts';

const formats = path.resolve(import.meta.dirname, '../../../docs/formats');
const example = (name: string) => path.join(formats, 'examples', name);

function xmllint(schema: string, file: string): void {
  execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(formats, schema), file], {
    stdio: 'pipe',
  });
}

const home = (
  address: string | null,
  doorCode: string | null = null,
  keyInformation: string | null = null,
) => ({
  address,
  doorCode,
  keyInformation,
});
const hs01 = (minutes: number) => ({
  code: 'HS01',
  name: 'Personlig omvårdnad',
  grantedMinutesPerMonth: minutes,
});

const ORDERS: BfuOrder[] = [
  {
    id: 'o-1001',
    version: 1,
    providerId: 'hemtjanst-nord',
    recipient: {
      id: 'r-2001',
      personalIdentityNumber: '19121212-1212',
      name: 'Tolvan Tolvansson',
      protectedIdentity: false,
    },
    services: [hs01(600), { code: 'SE02', name: 'Städning', grantedMinutesPerMonth: 120 }],
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    home: home('Storgatan 1, lgh 1101, 411 38 Göteborg', '1234', 'Nyckel i nyckelskåp 3 vid entrén'),
    contacts: [{ name: 'Elva Tolvansson', relation: 'dotter', phone: '070-123 45 67' }],
  },
  {
    id: 'o-1002',
    version: 2,
    providerId: 'hemtjanst-nord',
    recipient: {
      id: 'r-2002',
      personalIdentityNumber: '19520761-2333',
      name: 'Mikael Nowak',
      protectedIdentity: false,
    },
    services: [hs01(1200)],
    validFrom: '2026-02-01',
    validTo: null,
    home: home('Västra Hamngatan 8 & 10, 411 17 Göteborg'),
    contacts: [],
  },
  {
    id: 'o-1003',
    version: 1,
    providerId: 'hemtjanst-nord',
    recipient: {
      id: 'r-2003',
      personalIdentityNumber: '19710402-2343',
      name: 'Anna Andersson',
      protectedIdentity: true,
    },
    services: [{ code: 'TI03', name: 'Tillsyn', grantedMinutesPerMonth: 300 }],
    validFrom: '2026-01-15',
    validTo: '2026-06-30',
    home: home(null),
    contacts: [],
  },
  {
    id: 'o-1004',
    version: 3,
    providerId: 'hemtjanst-syd',
    recipient: {
      id: 'r-2004',
      personalIdentityNumber: '194501081238',
      name: 'Göran Ängström',
      protectedIdentity: false,
    },
    services: [hs01(900), { code: 'IN04', name: 'Inköp', grantedMinutesPerMonth: 240 }],
    validFrom: '2026-01-01',
    validTo: '2026-03-31',
    home: home('Ekvägen 4, 436 50 Hovås', '7788#', 'Kodlås, ring på hos grannen vid strömavbrott'),
    contacts: [
      { name: 'Lena Ängström', relation: 'make', phone: '031-12 34 56' },
      { name: 'Hemsjukvården Hovås', relation: null, phone: null },
    ],
  },
];

const recipient = (over: Partial<MfuRecipient>): MfuRecipient => ({
  customerNumber: 'r-2001',
  providerId: 'hemtjanst-nord',
  name: 'Tolvan Tolvansson',
  address: null,
  phone: null,
  siteId: null,
  propertyDesignation: null,
  doorCode: null,
  tagUids: [],
  ...over,
});

describe('docs/formats/examples', () => {
  it('bfu-orders.xml is valid and reads to its four orders, one of each kind', async () => {
    xmllint('bfu-orders-v1.xsd', example('bfu-orders.xml'));
    const results = await collect(
      readBfuOrders(createReadStream(example('bfu-orders.xml')), { municipalityId: '1480' }),
    );
    expect(results.map((r) => (r.ok ? r.record : r))).toEqual(ORDERS);
    expect(results.map((r) => r.place)).toEqual([
      { line: 4, element: 'order[1]' },
      { line: 24, element: 'order[2]' },
      { line: 38, element: 'order[3]' },
      { line: 49, element: 'order[4]' },
    ]);
    const kinds = ORDERS.map((o) => parsePersonalId(o.recipient.personalIdentityNumber)?.kind);
    expect(kinds).toEqual(['personnummer', 'samordningsnummer', 'personnummer', 'personnummer']);
  });

  it('bfu-back.xml is valid and is what writeBfuBack writes', () => {
    xmllint('bfu-back-v1.xsd', example('bfu-back.xml'));
    expect(writeBfuBack(exampleBack)).toBe(readFileSync(example('bfu-back.xml'), 'utf8'));
  });

  it('mfu-recipients.csv (UTF-8, BOM, ;) reads to its recipients', async () => {
    const bytes = readFileSync(example('mfu-recipients.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const results = await collect(
      readMfuRecipients(createReadStream(example('mfu-recipients.csv')), DEFAULT_MFU_RECIPIENT_MAPPING),
    );
    expect(results.map((r) => (r.ok ? [r.place.line, r.record] : r))).toEqual([
      [
        2,
        recipient({
          address: 'Storgatan 1; lgh 1101, 411 38 Göteborg',
          phone: '070-123 45 67',
          siteId: 'A-17',
          propertyDesignation: 'Göteborg Inom Vallgraven 1:2',
          doorCode: '1234',
          tagUids: ['04a1b2c3', '04a1b2c4'],
        }),
      ],
      [
        3,
        recipient({
          customerNumber: 'r-2002',
          name: 'Mikael Nowak',
          address: 'c/o Nowak\nVästra Hamngatan 8',
          tagUids: ['04a1b2c5'],
        }),
      ],
      [
        5,
        recipient({
          customerNumber: 'r-2004',
          providerId: 'hemtjanst-syd',
          name: 'Göran "Göte" Ängström',
          address: 'Ekvägen 4, 436 50 Hovås',
          phone: '031-12 34 56',
          siteId: 'B-3',
          propertyDesignation: 'Hovås 2:14',
          doorCode: '7788#',
          tagUids: ['0411223344556677', '04112233445566aa'],
        }),
      ],
    ]);
  });

  it('mfu-recipients-windows1252.csv is really Windows-1252 and reads with , as separator', async () => {
    const bytes = readFileSync(example('mfu-recipients-windows1252.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(Buffer.from('Utf\xf6rare', 'latin1'))).toBe(true);
    const results = await collect(
      readMfuRecipients(
        createReadStream(example('mfu-recipients-windows1252.csv')),
        DEFAULT_MFU_RECIPIENT_MAPPING,
      ),
    );
    expect(results.map((r) => (r.ok ? r.record : r))).toEqual([
      recipient({
        address: 'Storgatan 1, lgh 1101, 411 38 Göteborg',
        doorCode: '1234',
        tagUids: ['04a1b2c3'],
      }),
      recipient({ customerNumber: 'r-2003', name: 'Åsa Öberg', address: 'Älvsborgsgatan 12' }),
      recipient({
        customerNumber: 'r-2004',
        providerId: 'hemtjanst-syd',
        name: 'Göran Ängström',
        address: 'Ekvägen 4, Hovås',
        tagUids: ['04112233', '04112234'],
      }),
    ]);
  });

  it('mfu-time.csv is what writeMfuTime writes', () => {
    expect(
      writeMfuTime(exampleTimeRows, DEFAULT_MFU_TIME_COLUMNS).equals(readFileSync(example('mfu-time.csv'))),
    ).toBe(true);
  });
});

describe('the generated files of test/helpers/exchange-files.ts', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-exchange-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follow the format: valid against the schema, and read back from disk', async () => {
    const orders = path.join(dir, 'orders.xml');
    await writeToFile(orders, bfuOrdersFile(500, { providerId: 'hemtjanst-syd' }));
    xmllint('bfu-orders-v1.xsd', orders);
    const read = await collect(readBfuOrders(createReadStream(orders), { municipalityId: '1480' }));
    expect(read.filter((r) => r.ok && r.record.providerId === 'hemtjanst-syd')).toHaveLength(500);
    const pins = read.map((r) =>
      r.ok ? parsePersonalId(r.record.recipient.personalIdentityNumber)?.kind : null,
    );
    expect(new Set(pins)).toEqual(new Set(['personnummer', 'samordningsnummer']));

    const recipients = path.join(dir, 'recipients.csv');
    await writeToFile(recipients, mfuRecipientsFile(500, { delimiter: ',', bom: false }));
    const rows = await collect(
      readMfuRecipients(createReadStream(recipients), DEFAULT_MFU_RECIPIENT_MAPPING),
    );
    expect(rows.filter((r) => r.ok)).toHaveLength(500);
    expect(rows[10]).toMatchObject({
      ok: true,
      key: 'r-10',
      place: { line: 12 },
      record: { tagUids: ['0400000a'] },
    });
  });
});
