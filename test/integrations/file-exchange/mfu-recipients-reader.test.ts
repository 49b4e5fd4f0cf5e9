// The MFU recipients reader: RFC 4180 as spreadsheets write it (either separator, quotes with
// separators and line breaks inside, CRLF or LF, BOM or none, UTF-8 or Windows-1252), the
// municipality's header mapping, and each bad row a record result on the line it starts on.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MFU_RECIPIENT_MAPPING,
  normaliseTagUid,
  readMfuRecipients,
  type MfuRecipient,
  type MfuRecipientMapping,
  type RecordResult,
} from '../../../integrations/file-exchange/index.ts';
import { mfuRecipientsFile } from '../../helpers/exchange-files.ts';
import { chunks, collect, counted, refusal, utf8 } from './sources.ts';

const HEADER = 'Kundnummer;Utförare;Namn;Adress;Telefon;Anläggnings-id;Fastighetsbeteckning;Portkod;Taggar';
const ROW =
  'r-1;hemtjanst-nord;Tolvan Tolvansson;Storgatan 1;070-123 45 67;A-17;Göteborg 1:2;SECRET-4711;04A1B2C3';
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const cp1252 = (text: string) => {
  const bytes = new Uint8Array(text.length);
  const table: Record<string, number> = { '€': 0x80, '”': 0x94 };
  for (let i = 0; i < text.length; i++) bytes[i] = table[text[i] as string] ?? text.charCodeAt(i);
  return bytes;
};

const read = (
  bytes: Uint8Array | AsyncIterable<Uint8Array>,
  mapping: MfuRecipientMapping = DEFAULT_MFU_RECIPIENT_MAPPING,
  limits?: { maxRecords?: number; maxPartBytes?: number },
) =>
  readMfuRecipients(bytes instanceof Uint8Array ? chunks(bytes) : bytes, mapping, limits ? { limits } : {});
const readText = (text: string) => read(utf8(text));

const TOLVAN: MfuRecipient = {
  customerNumber: 'r-1',
  providerId: 'hemtjanst-nord',
  name: 'Tolvan Tolvansson',
  address: 'Storgatan 1',
  phone: '070-123 45 67',
  siteId: 'A-17',
  propertyDesignation: 'Göteborg 1:2',
  doorCode: 'SECRET-4711',
  tagUids: ['04a1b2c3'],
};

const summary = (results: RecordResult<MfuRecipient>[]) =>
  results.map((r) =>
    r.ok ? { line: r.place.line, key: r.key } : { line: r.place.line, code: r.code, params: r.params },
  );

describe('reading', () => {
  it('reads the default headers with ; and CRLF', async () => {
    expect(await collect(readText(csv(HEADER, ROW)))).toEqual([
      { ok: true, record: TOLVAN, key: 'r-1', place: { line: 2 } },
    ]);
  });

  it('detects , or ; from the header line, not counting quoted ones', async () => {
    const comma = csv(HEADER.replaceAll(';', ','), ROW.replaceAll(';', ','));
    expect((await collect(readText(comma)))[0]).toMatchObject({ ok: true, record: TOLVAN });
    // Three commas inside quotes do not outvote the semicolons.
    const quoted = csv(`"Kundnummer, nr, id, x";Utförare;Namn`, 'r-1;hemtjanst-nord;Tolvan');
    const mapping = {
      ...DEFAULT_MFU_RECIPIENT_MAPPING,
      columns: { customerNumber: 'Kundnummer, nr, id, x', providerId: 'Utförare', name: 'Namn' },
    };
    expect((await collect(read(utf8(quoted), mapping)))[0]).toMatchObject({ ok: true, key: 'r-1' });
  });

  it('reads quoted fields with separators, doubled quotes and line breaks, and counts lines from where a row starts', async () => {
    const text = [
      HEADER,
      'r-1;hemtjanst-nord;"Tolvan ""Tolle"" Tolvansson";"Storgatan 1;\r\nlgh 1101\r\n411 38 Göteborg";;;;;',
      ROW.replace('r-1', 'r-2'),
      '"r-3";"hemtjanst-nord";"Elva";"c/o Tolvan\nBox 5";"";"";"";"";""',
      ROW.replace('r-1', 'r-4'),
    ].join('\r\n');
    for (const eol of ['\r\n', '\n']) {
      const results = await collect(readText(text.replaceAll('\r\n', eol)));
      expect(summary(results)).toEqual([
        { line: 2, key: 'r-1' },
        { line: 5, key: 'r-2' },
        { line: 6, key: 'r-3' },
        { line: 8, key: 'r-4' },
      ]);
      const first = results[0];
      expect(first?.ok && [first.record.name, first.record.address]).toEqual([
        'Tolvan "Tolle" Tolvansson',
        'Storgatan 1;\nlgh 1101\n411 38 Göteborg',
      ]);
    }
  });

  it('skips empty lines and lines of separators only, and blank lines before the header', async () => {
    const text = `\r\n  \r\n${csv(HEADER, '', ROW, ';;;;;;;;', '   ', ROW.replace('r-1', 'r-2'), '')}\r\n\r\n`;
    expect(summary(await collect(readText(text)))).toEqual([
      { line: 5, key: 'r-1' },
      { line: 8, key: 'r-2' },
    ]);
  });

  it('reads a file without a final line break, and one with only a header', async () => {
    expect(summary(await collect(readText(`${HEADER}\n${ROW}`)))).toEqual([{ line: 2, key: 'r-1' }]);
    expect(await collect(readText(HEADER))).toEqual([]);
  });

  it('matches headers case-insensitively and trimmed, in any order, and leaves optional ones out', async () => {
    const text = csv(' namn ;KUNDNUMMER;utförare ;Övrigt', 'Tolvan;r-1;hemtjanst-nord;x');
    expect((await collect(readText(text)))[0]).toEqual({
      ok: true,
      key: 'r-1',
      place: { line: 2 },
      record: {
        customerNumber: 'r-1',
        providerId: 'hemtjanst-nord',
        name: 'Tolvan',
        address: null,
        phone: null,
        siteId: null,
        propertyDesignation: null,
        doorCode: null,
        tagUids: [],
      },
    });
    // A header saved decomposed (macOS) still matches.
    const nfd = csv('Kundnummer;Utfo\u0308rare;Namn', 'r-1;hemtjanst-nord;Tolvan');
    expect((await collect(readText(nfd)))[0]?.ok).toBe(true);
  });

  it('uses the municipality’s own headers', async () => {
    const mapping: MfuRecipientMapping = {
      columns: { customerNumber: 'Kund-ID', providerId: 'Leverantör', name: 'Brukare', doorCode: 'Kod' },
      encoding: 'auto',
    };
    const text = csv('Kund-ID;Leverantör;Brukare;Kod;Namn', 'k-9;hemtjanst-syd;Åsa;1234;ignored');
    expect((await collect(read(utf8(text), mapping)))[0]).toMatchObject({
      ok: true,
      record: {
        customerNumber: 'k-9',
        providerId: 'hemtjanst-syd',
        name: 'Åsa',
        doorCode: '1234',
        address: null,
      },
    });
  });

  it('normalises tag UIDs: upper case, : or - between bytes, several per cell', () => {
    expect(['04:A1:B2:C3', '04-a1-b2-c3', '04A1B2C3'].map(normaliseTagUid)).toEqual([
      '04a1b2c3',
      '04a1b2c3',
      '04a1b2c3',
    ]);
  });

  it('splits a tag cell on spaces, commas and |', async () => {
    const tags = '"04:A1:B2:C3 | 04-a1-b2-c4,04A1B2C5  0411223344556677"';
    const [result] = await collect(readText(csv(HEADER, ROW.replace('04A1B2C3', tags))));
    expect(result?.ok && result.record.tagUids).toEqual([
      '04a1b2c3',
      '04a1b2c4',
      '04a1b2c5',
      '0411223344556677',
    ]);
  });
});

describe('encodings', () => {
  const text = csv(HEADER, ROW.replace('Tolvan Tolvansson', 'Åsa Öberg-Ängström'));
  const expected = [{ ...TOLVAN, name: 'Åsa Öberg-Ängström' }];
  const names = async (bytes: Uint8Array, mapping?: MfuRecipientMapping) =>
    (await collect(read(bytes, mapping))).map((r) => (r.ok ? r.record : r));

  it('reads the same records from UTF-8 with a BOM, without one, and Windows-1252', async () => {
    expect(await names(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual(expected);
    expect(await names(utf8(text))).toEqual(expected);
    expect(await names(cp1252(text))).toEqual(expected);
    const explicit = { ...DEFAULT_MFU_RECIPIENT_MAPPING, encoding: 'windows-1252' as const };
    expect(await names(cp1252(text), explicit)).toEqual(expected);
    // A BOM means UTF-8 even where the mapping says Windows-1252.
    expect(await names(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), explicit)).toEqual(expected);
    // Windows-1252 has the euro sign and curly quotes where ISO-8859-1 has control characters.
    const [euro] = await names(cp1252(csv(HEADER, ROW.replace('Tolvan Tolvansson', '”Euro” €'))));
    expect(euro).toMatchObject({ name: '”Euro” €' });
  });

  it('refuses Windows-1252 bytes where the mapping says UTF-8', async () => {
    const utf8Only = { ...DEFAULT_MFU_RECIPIENT_MAPPING, encoding: 'utf-8' as const };
    expect(await refusal(read(cp1252(text), utf8Only))).toEqual({
      code: 'exchange.file.encoding',
      params: { encoding: 'UTF-8' },
      before: [],
    });
  });

  it('decides from the first 64 KiB, whole characters even across the boundary and chunks', async () => {
    // Rows of ASCII, then an ö whose two bytes sit either side of byte 65,536.
    const rows = [HEADER];
    while (utf8(rows.join('\r\n')).length < 65_535 - 150) rows.push(ROW.replace('r-1', `r-${rows.length}`));
    const filler = `${rows.join('\r\n')}\r\n`;
    const pad = 65_535 - utf8(filler).length - 'r-x;hemtjanst-nord;'.length;
    const name = `${'a'.repeat(pad)}ö`;
    const bytes = utf8(`${filler}r-x;hemtjanst-nord;${name};;;;;;\r\n`);
    expect([bytes[65_535], bytes[65_536]]).toEqual([0xc3, 0xb6]);
    for (const size of [1, 7, 65_536, bytes.length]) {
      const results = await collect(read(chunks(bytes, size)));
      expect(results).toHaveLength(rows.length);
      const last = results[rows.length - 1];
      expect(last?.ok && last.record.name).toBe(name);
    }
  });

  it('reads as UTF-8 what starts as UTF-8, and refuses Windows-1252 bytes after the first 64 KiB', async () => {
    const rows = Array.from({ length: 800 }, (_, i) => ROW.replace('r-1', `r-${i}`));
    const good = utf8(csv(HEADER, ...rows));
    expect(good.length).toBeGreaterThan(65_536);
    const bad = new Uint8Array([...good, ...cp1252(csv('r-x;hemtjanst-nord;Åsa;;;;;;'))]);
    const { code, params } = await refusal(read(chunks(bad, 1000)));
    expect({ code, params }).toEqual({ code: 'exchange.file.encoding', params: { encoding: 'UTF-8' } });
  });
});

describe('the file as a whole', () => {
  it('refuses a file without a required column, naming the column as mapped', async () => {
    expect(await refusal(readText(csv('Kundnummer;Namn;Adress', 'r-1;Tolvan;x')))).toEqual({
      code: 'exchange.file.columnMissing',
      params: { column: 'Utförare' },
      before: [],
    });
    const unmapped = { columns: { customerNumber: 'Kundnummer', name: 'Namn' }, encoding: 'auto' as const };
    expect(await refusal(read(utf8(csv('Kundnummer;Namn', 'r-1;Tolvan')), unmapped))).toMatchObject({
      code: 'exchange.file.columnMissing',
      params: { column: 'providerId' },
    });
  });

  it('refuses a broken quote with the line it is on', async () => {
    const cases: [string, number][] = [
      [csv(HEADER, ROW, 'r-2;hemtjanst-nord;"Tolvan;x;;;;;;', ROW.replace('r-1', 'r-3')), 3],
      [csv(HEADER, ROW, ROW, 'r-2;hemtjanst-nord;"Tol"van;x;;;;;;'), 4],
      [csv(HEADER, 'r-2;hemtjanst-nord;Tol"van;x;;;;;;'), 2],
      [`\n\n"Kundnummer;${HEADER}`, 3],
    ];
    for (const [text, line] of cases) {
      const { code, params } = await refusal(readText(text));
      expect({ code, params }).toEqual({ code: 'exchange.file.csvBroken', params: { line } });
    }
  });

  it('refuses an empty file', async () => {
    for (const bytes of [new Uint8Array(0), utf8('\r\n\r\n  \n'), new Uint8Array([0xef, 0xbb, 0xbf])])
      expect(await refusal(read(bytes))).toEqual({ code: 'exchange.file.empty', params: {}, before: [] });
  });

  it('refuses more rows than the limit', async () => {
    const { code, params, before } = await refusal(read(mfuRecipientsFile(10), undefined, { maxRecords: 4 }));
    expect({ code, params, length: before.length }).toEqual({
      code: 'exchange.file.tooManyRecords',
      params: { limit: 4 },
      length: 4,
    });
  });

  it('refuses a field larger than the part limit without holding the file', async () => {
    const MB = 1024 * 1024;
    const huge = counted(
      (async function* () {
        yield utf8(`${HEADER}\r\n${ROW}\r\nr-2;hemtjanst-nord;"`);
        const block = utf8('x'.repeat(64 * 1024));
        for (let i = 0; i < 80; i++) yield block;
        yield utf8('";;;;;;\r\n');
      })(),
    );
    const { code, params } = await refusal(read(huge.source, undefined, { maxPartBytes: MB }));
    expect({ code, params }).toEqual({
      code: 'exchange.file.partTooLarge',
      params: { line: 3, limit: '1 MB' },
    });
    expect(huge.taken()).toBeLessThan(MB + 200 * 1024);
    // A header line that never ends is refused the same way.
    const endless = `Kundnummer;${'x'.repeat(20_000)}`;
    expect(
      await refusal(read(chunks(utf8(endless), 1000), undefined, { maxPartBytes: 10_000 })),
    ).toMatchObject({
      code: 'exchange.file.partTooLarge',
      params: { line: 1, limit: '9.8 KB' },
    });
  });
});

describe('each bad row is a record result', () => {
  it('a row with more or fewer fields than the header', async () => {
    const text = csv(
      HEADER,
      ROW,
      'r-2;hemtjanst-nord;Tolvan',
      `${ROW.replace('r-1', 'r-3')};extra`,
      ROW.replace('r-1', 'r-4'),
    );
    expect(summary(await collect(readText(text)))).toEqual([
      { line: 2, key: 'r-1' },
      { line: 3, code: 'exchange.record.raggedRow', params: { expected: 9, found: 3 } },
      { line: 4, code: 'exchange.record.raggedRow', params: { expected: 9, found: 10 } },
      { line: 5, key: 'r-4' },
    ]);
  });

  it('missing and bad values, named by the file’s header, never with the value', async () => {
    const cases: [string, string, Record<string, string>][] = [
      [ROW.replace('r-1', ''), 'exchange.record.missing', { field: 'Kundnummer' }],
      [ROW.replace('Tolvan Tolvansson', '  '), 'exchange.record.missing', { field: 'Namn' }],
      [
        ROW.replace('hemtjanst-nord', 'hemtjänst nord'),
        'exchange.record.badValue',
        { field: 'Utförare', expected: 'letters, digits and . _ : - only' },
      ],
      [
        ROW.replace('04A1B2C3', '04A1B2'),
        'exchange.record.badValue',
        { field: 'Taggar', expected: 'a tag UID of 4–10 bytes in hex, such as 04a1b2c3' },
      ],
      [
        ROW.replace('04A1B2C3', 'zz:zz:zz:zz'),
        'exchange.record.badValue',
        { field: 'Taggar', expected: 'a tag UID of 4–10 bytes in hex, such as 04a1b2c3' },
      ],
      [
        ROW.replace('04A1B2C3', Array.from({ length: 17 }, (_, i) => `0411223${i.toString(16)}`).join(' ')),
        'exchange.record.badValue',
        { field: 'Taggar', expected: 'at most 16 tags' },
      ],
      [
        ROW.replace('SECRET-4711', `SECRET-${'9'.repeat(60)}`),
        'exchange.record.badValue',
        { field: 'Portkod', expected: 'at most 64 characters' },
      ],
    ];
    for (const [row, code, params] of cases) {
      const results = await collect(readText(csv(HEADER, ROW.replace('r-1', 'r-0'), row)));
      expect(results[0]?.ok).toBe(true);
      expect(results[1]).toMatchObject({ ok: false, code, params, place: { line: 3 } });
      expect(JSON.stringify(results[1])).not.toMatch(/SECRET/);
    }
  });
});

describe('a big file', () => {
  it('stops reading the source when the caller stops', async () => {
    const source = counted(mfuRecipientsFile(100_000));
    for await (const result of read(source.source)) if (result.ok) break;
    expect(source.taken()).toBeLessThan(1024 * 1024);
  });

  it('reads 20,000 generated rows in either separator', async () => {
    for (const delimiter of [';', ','] as const) {
      let count = 0;
      for await (const result of read(
        mfuRecipientsFile(20_000, { delimiter, eol: delimiter === ',' ? '\n' : '\r\n' }),
      )) {
        if (!result.ok) throw new Error(`row ${count} rejected: ${result.code}`);
        count++;
      }
      expect(count).toBe(20_000);
    }
  });
});
