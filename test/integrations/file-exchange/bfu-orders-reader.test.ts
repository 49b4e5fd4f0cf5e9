// The BFU orders reader against hostile and broken files: a DTD of any kind is refused before
// the parser sees it, only the three encodings are read, a huge token is refused without being
// held, and each wrong order is a record result with the code and params the result file shows,
// never a secret.
import { describe, expect, it } from 'vitest';
import {
  readBfuOrders,
  type BfuOrder,
  type RecordResult,
} from '../../../integrations/file-exchange/index.ts';
import { bfuOrdersFile } from '../../helpers/exchange-files.ts';
import { chunks, collect, counted, latin1, refusal, utf8 } from './sources.ts';

const NS = 'urn:caredock:bfu:orders:1';
const read = (source: AsyncIterable<Uint8Array>, limits?: { maxRecords?: number; maxPartBytes?: number }) =>
  readBfuOrders(source, { municipalityId: '1480', ...(limits ? { limits } : {}) });
const readText = (text: string, chunk?: number) => read(chunks(utf8(text), chunk));

const ORDER = `<order id="o-1" version="1">
    <provider id="hemtjanst-nord"/>
    <recipient id="r-1" personalIdentityNumber="19121212-1212" protectedIdentity="false">
      <name>Tolvan Tolvansson</name>
    </recipient>
    <validFrom>2026-01-01</validFrom>
    <validTo>2026-12-31</validTo>
    <services>
      <service code="HS01" grantedMinutesPerMonth="600">Personlig omvårdnad</service>
    </services>
    <home>
      <address>Storgatan 1</address>
      <doorCode>SECRET-4711</doorCode>
      <keyInformation>SECRET-KEY-BOX</keyInformation>
    </home>
  </order>`;

/** A file whose orders are `orders`, each on its own lines after two lines of prologue. */
const file = (
  orders: string[],
  root = `xmlns="${NS}" version="1" municipality="1480" created="2026-01-15T06:00:00Z"`,
) => `<?xml version="1.0" encoding="UTF-8"?>\n<orders ${root}>\n  ${orders.join('\n  ')}\n</orders>\n`;

const failed = (result: RecordResult<BfuOrder> | undefined) => {
  if (!result || result.ok) throw new Error(`expected a rejected record, got ${JSON.stringify(result)}`);
  return { code: result.code, params: result.params, key: result.key, place: result.place };
};

/** One order changed by `edit`, between two good ones: the result of the middle one. */
async function middle(edit: (order: string) => string) {
  const results = await collect(
    readText(file([ORDER.replace('o-1', 'o-0'), edit(ORDER), ORDER.replace('o-1', 'o-2')])),
  );
  expect(results).toHaveLength(3);
  expect(results[0]?.ok).toBe(true);
  expect(results[2]?.ok).toBe(true);
  const result = results[1];
  // No secret in what the result file is written from, whatever went wrong.
  expect(JSON.stringify(result)).not.toMatch(/SECRET/);
  return failed(result);
}

describe('a good file', () => {
  it('reads every order, in any chunking, with its place', async () => {
    const text = file([ORDER, ORDER.replace('o-1', 'o-2')]);
    const whole = await collect(readText(text));
    for (const size of [1, 7, 4096]) expect(await collect(readText(text, size))).toEqual(whole);
    expect(whole.map((r) => (r.ok ? [r.key, r.place] : null))).toEqual([
      ['o-1', { line: 3, element: 'order[1]' }],
      ['o-2', { line: 19, element: 'order[2]' }],
    ]);
    const first = whole[0];
    expect(first?.ok && first.record.home).toEqual({
      address: 'Storgatan 1',
      doorCode: 'SECRET-4711',
      keyInformation: 'SECRET-KEY-BOX',
    });
  });

  it('takes a UTF-8 BOM, a prefixed namespace, comments, CDATA and character references', async () => {
    const text = file(
      [
        ORDER.replace(/<(\/?)([A-Za-z]+)/g, '<$1b:$2').replace(
          '<b:name>Tolvan Tolvansson</b:name>',
          '<b:name><!-- note --><![CDATA[Tolvan & ]]>T&#xF6;lvan</b:name>',
        ),
      ],
      `xmlns:b="${NS}" version="1" municipality="1480" created="2026-01-15T06:00:00Z"`,
    ).replace(/<(\/?)orders/g, '<$1b:orders');
    const [result] = await collect(read(chunks(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), 3)));
    expect(result?.ok && result.record.recipient.name).toBe('Tolvan & Tölvan');
  });

  it('reads no orders from a file with none', async () => {
    expect(await collect(readText(file([])))).toEqual([]);
  });
});

describe('DTDs are refused before the parser sees them', () => {
  it('refuses a billion laughs at once, without expanding anything', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      `<orders xmlns="${NS}" version="1" municipality="1480" created="2026-01-15T06:00:00Z">&lol9;</orders>`,
    ].join('\n');
    const heap = process.memoryUsage().heapUsed;
    const { code, params, before } = await refusal(readText(lol));
    expect({ code, params, before }).toEqual({
      code: 'exchange.file.doctype',
      params: { line: 2 },
      before: [],
    });
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an external entity (XXE) before reading on, so nothing could fetch it', async () => {
    const xxe =
      '<?xml version="1.0" encoding="UTF-8"?>\n\n' +
      '<!DOCTYPE orders [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n' +
      file([ORDER.replace('Tolvan Tolvansson', '&xxe;')])
        .split('\n')
        .slice(1)
        .join('\n');
    // The entity sits at the start of a file of many orders: the reader stops in the first piece.
    const big = counted(
      (async function* () {
        yield utf8(xxe.replace('</orders>\n', ''));
        for (let i = 0; i < 200; i++) yield utf8(ORDER.repeat(20));
      })(),
    );
    const { code, params, before } = await refusal(read(big.source));
    expect({ code, params, before }).toEqual({
      code: 'exchange.file.doctype',
      params: { line: 3 },
      before: [],
    });
    expect(big.taken()).toBeLessThan(64 * 1024);
  });

  it('refuses a DOCTYPE split over two chunks, and one without an internal subset', async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE orders SYSTEM "http://example.invalid/o.dtd">\n${file([ORDER]).split('\n').slice(1).join('\n')}`;
    for (const size of [1, 26, 27, 28])
      expect(await refusal(readText(text, size))).toMatchObject({
        code: 'exchange.file.doctype',
        params: { line: 2 },
      });
  });

  it('refuses an entity reference nothing defines as broken XML', async () => {
    expect(await refusal(readText(file([ORDER.replace('Tolvan', '&tolvan;')])))).toMatchObject({
      code: 'exchange.file.xmlBroken',
      params: { line: 6, column: 20 },
    });
  });
});

describe('encodings', () => {
  const declared = (encoding: string, body = 'Åsa Öberg') =>
    file([ORDER.replace('Tolvan Tolvansson', body)]).replace('encoding="UTF-8"', `encoding="${encoding}"`);

  it('honours ISO-8859-1 and Windows-1252 declarations', async () => {
    for (const encoding of ['ISO-8859-1', 'iso-8859-1', 'windows-1252', 'Windows-1252']) {
      const [result] = await collect(read(chunks(latin1(declared(encoding)), 5)));
      expect(result?.ok && result.record.recipient.name).toBe('Åsa Öberg');
    }
    // 0x80 is the euro sign in Windows-1252 and a C1 control in ISO-8859-1, which XML refuses.
    const euro = (encoding: string) => {
      const bytes = latin1(declared(encoding, 'Åsa X'));
      bytes[bytes.indexOf(0x58)] = 0x80;
      return bytes;
    };
    const [w] = await collect(read(chunks(euro('windows-1252'))));
    expect(w?.ok && w.record.recipient.name).toBe('Åsa €');
  });

  it('reads a file without a declaration, or without an encoding in it, as UTF-8', async () => {
    const noDecl = file([ORDER]).split('\n').slice(1).join('\n');
    expect((await collect(readText(noDecl)))[0]?.ok).toBe(true);
    expect((await collect(readText(file([ORDER]).replace(' encoding="UTF-8"', ''))))[0]?.ok).toBe(true);
  });

  it('refuses any other declared encoding, naming it', async () => {
    for (const encoding of ['UTF-16', 'KOI8-R', 'EBCDIC-AT-DE', 'x'])
      expect(await refusal(readText(declared(encoding)))).toEqual({
        code: 'exchange.file.encoding',
        params: { encoding },
        before: [],
      });
  });

  it('refuses UTF-16, UTF-32 and EBCDIC bytes by their signature', async () => {
    const text = file([ORDER]);
    const le = new Uint8Array(Buffer.from(`\ufeff${text}`, 'utf16le'));
    const leBare = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    const ebcdic = new Uint8Array([0x4c, 0x6f, 0xa7, 0x94, 0x93, 0x40]);
    const utf32 = new Uint8Array([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x3c]);
    const cases: [Uint8Array, string][] = [
      [le, 'UTF-16'],
      [be, 'UTF-16'],
      [leBare, 'UTF-16LE'],
      [be.subarray(2), 'UTF-16BE'],
      [ebcdic, 'EBCDIC'],
      [utf32, 'UTF-32'],
    ];
    for (const [bytes, encoding] of cases)
      expect(await refusal(read(chunks(bytes, 1)))).toMatchObject({
        code: 'exchange.file.encoding',
        params: { encoding },
      });
  });

  it('refuses bytes that are not UTF-8 in a UTF-8 file, wherever they are', async () => {
    // Latin-1 å in a file that says nothing: the export was saved in the wrong encoding.
    const early = latin1(file([ORDER.replace('Tolvan', 'Åsa')]).replace(' encoding="UTF-8"', ''));
    expect(await refusal(read(chunks(early)))).toMatchObject({
      code: 'exchange.file.encoding',
      params: { encoding: 'UTF-8' },
    });
    const late = utf8(file(Array.from({ length: 200 }, () => ORDER)));
    late[late.length - 30] = 0xff;
    const { code, params, before } = await refusal(read(chunks(late, 1000)));
    expect({ code, params }).toEqual({ code: 'exchange.file.encoding', params: { encoding: 'UTF-8' } });
    expect(before.length).toBeGreaterThan(100);
    // A character cut off by the end of the file.
    const cut = utf8(`${file([ORDER]).trimEnd()}<!-- ö`).slice(0, -1);
    expect(await refusal(read(chunks(cut)))).toMatchObject({ code: 'exchange.file.encoding' });
  });

  it('refuses a UTF-8 BOM in a file that says it is Latin-1', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...latin1(declared('ISO-8859-1'))]);
    expect(await refusal(read(chunks(bytes)))).toMatchObject({
      code: 'exchange.file.encoding',
      params: { encoding: 'ISO-8859-1' },
    });
  });
});

describe('the file as a whole', () => {
  it('refuses broken XML with its line and column, never the parser’s words', async () => {
    const cases: [string, { line: number; column: number }][] = [
      [file([ORDER.replace('</recipient>', '</recipent>')]), { line: 7, column: 15 }],
      [file([ORDER]).replace('</orders>\n', ''), { line: 19, column: 0 }],
      [file([ORDER.replace('<validTo>', '<validTo a=1>')]), { line: 9, column: 16 }],
      [`${file([ORDER])}<extra/>`, { line: 20, column: 7 }],
      ['<?xml version="1.0"?>\n', { line: 2, column: 0 }],
    ];
    for (const [text, params] of cases) {
      const error = await refusal(readText(text));
      expect({ code: error.code, params: error.params }).toEqual({ code: 'exchange.file.xmlBroken', params });
    }
  });

  it('refuses a wrong root, namespace or version as not a BFU file', async () => {
    const roots = [
      `xmlns="urn:caredock:bfu:orders:2" version="1" municipality="1480" created="2026-01-15T06:00:00Z"`,
      `version="1" municipality="1480" created="2026-01-15T06:00:00Z"`,
      `xmlns="${NS}" version="2" municipality="1480" created="2026-01-15T06:00:00Z"`,
      `xmlns="${NS}" municipality="1480" created="2026-01-15T06:00:00Z"`,
      `xmlns="${NS}" version="1" created="2026-01-15T06:00:00Z"`,
    ];
    for (const root of roots)
      expect(await refusal(readText(file([ORDER], root)))).toEqual({
        code: 'exchange.file.wrongFormat',
        params: { format: 'BFU' },
        before: [],
      });
    const backFile = `<performed xmlns="urn:caredock:bfu:back:1" version="1"/>`;
    expect(await refusal(readText(backFile))).toMatchObject({ code: 'exchange.file.wrongFormat' });
    const stray = file([ORDER, '<note>hej</note>']);
    expect(await refusal(readText(stray))).toMatchObject({ code: 'exchange.file.wrongFormat' });
    const deep = file([`<order id="x" version="1">${'<a>'.repeat(40)}${'</a>'.repeat(40)}</order>`]);
    expect(await refusal(readText(deep))).toMatchObject({ code: 'exchange.file.wrongFormat' });
  });

  it('refuses another municipality’s file', async () => {
    const root = `xmlns="${NS}" version="1" municipality="0180" created="2026-01-15T06:00:00Z"`;
    expect(await refusal(readText(file([ORDER], root)))).toEqual({
      code: 'exchange.file.wrongMunicipality',
      params: { found: '0180', expected: '1480' },
      before: [],
    });
  });

  it('refuses an empty file', async () => {
    for (const bytes of [new Uint8Array(0), utf8(' \r\n\t\n'), new Uint8Array([0xef, 0xbb, 0xbf, 0x0a])])
      expect(await refusal(read(chunks(bytes)))).toEqual({
        code: 'exchange.file.empty',
        params: {},
        before: [],
      });
  });

  it('refuses more orders than the limit', async () => {
    const { code, params, before } = await refusal(read(bfuOrdersFile(5), { maxRecords: 3 }));
    expect({ code, params }).toEqual({ code: 'exchange.file.tooManyRecords', params: { limit: 3 } });
    expect(before.length).toBeLessThanOrEqual(3);
  });

  it('refuses a 5 MB text with a 1 MB limit, having read little more than 1 MB', async () => {
    const MB = 1024 * 1024;
    const [head, tail] = file([ORDER]).split('Tolvan Tolvansson') as [string, string];
    const huge = counted(
      (async function* () {
        yield utf8(head);
        const block = utf8('x'.repeat(64 * 1024));
        for (let i = 0; i < 80; i++) yield block;
        yield utf8(tail);
      })(),
    );
    const heap = process.memoryUsage().heapUsed;
    const { code, params } = await refusal(read(huge.source, { maxPartBytes: MB }));
    expect({ code, params }).toEqual({
      code: 'exchange.file.partTooLarge',
      params: { line: 6, limit: '1 MB' },
    });
    expect(huge.taken()).toBeGreaterThan(MB);
    expect(huge.taken()).toBeLessThan(MB + 200 * 1024);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(40 * MB);
  });

  it('refuses a huge attribute, comment or tag of many attributes the same way', async () => {
    const limits = { maxPartBytes: 10_000 };
    const attribute = file([ORDER.replace('id="r-1"', `id="${'r'.repeat(20_000)}"`)]);
    const comment = file([`<!-- ${'c'.repeat(20_000)} -->`, ORDER]);
    const many = file([
      ORDER.replace(
        '<validTo>',
        `<validTo ${Array.from({ length: 3000 }, (_, i) => `a${i}="1"`).join(' ')}>`,
      ),
    ]);
    for (const [text, line] of [
      [attribute, 5],
      [comment, 3],
      [many, 9],
    ] as const) {
      expect(await refusal(read(chunks(utf8(text), 1000), limits))).toMatchObject({
        code: 'exchange.file.partTooLarge',
        params: { line, limit: '9.8 KB' },
      });
    }
  });
});

describe('each wrong order is a record result', () => {
  it('a wrong check digit or date in the personnummer', async () => {
    for (const pin of ['19121212-1213', '19121232-1212', '12345'])
      expect(await middle((o) => o.replace('19121212-1212', pin))).toEqual({
        code: 'exchange.record.personalId',
        params: {},
        key: 'o-1',
        place: { line: 19, element: 'order[2]' },
      });
  });

  it('missing or empty fields, by their dotted path', async () => {
    const cases: [(o: string) => string, string][] = [
      [(o) => o.replace(/\s*<validFrom>.*<\/validFrom>/, ''), 'validFrom'],
      [(o) => o.replace('<validFrom>2026-01-01', '<validFrom>  '), 'validFrom'],
      [(o) => o.replace('Tolvan Tolvansson', ' '), 'recipient.name'],
      [(o) => o.replace(' personalIdentityNumber="19121212-1212"', ''), 'recipient.personalIdentityNumber'],
      [(o) => o.replace(' protectedIdentity="false"', ''), 'recipient.protectedIdentity'],
      [(o) => o.replace('<provider id="hemtjanst-nord"/>', ''), 'providerId'],
      [(o) => o.replace(' version="1"', ''), 'version'],
      [(o) => o.replace(/<services>[\s\S]*<\/services>/, '<services/>'), 'services'],
      [(o) => o.replace(/<services>[\s\S]*<\/services>/, ''), 'services'],
      [(o) => o.replace('code="HS01" ', ''), 'services.0.code'],
      [(o) => o.replace(/<recipient[\s\S]*<\/recipient>/, ''), 'recipient'],
    ];
    for (const [edit, field] of cases)
      expect(await middle(edit)).toMatchObject({
        code: 'exchange.record.missing',
        params: { field },
        key: 'o-1',
      });
    expect(await middle((o) => o.replace(' id="o-1"', ''))).toMatchObject({
      code: 'exchange.record.missing',
      params: { field: 'id' },
      key: null,
    });
  });

  it('bad values, with a neutral description and never the value', async () => {
    const minutes = 'a whole number of minutes from 0 to 44640';
    const date = 'a date as YYYY-MM-DD in 1970–2099';
    const cases: [(o: string) => string, string, string][] = [
      [
        (o) => o.replace('grantedMinutesPerMonth="600"', 'grantedMinutesPerMonth="abc"'),
        'services.0.grantedMinutesPerMonth',
        minutes,
      ],
      [
        (o) => o.replace('grantedMinutesPerMonth="600"', 'grantedMinutesPerMonth="12.5"'),
        'services.0.grantedMinutesPerMonth',
        minutes,
      ],
      [
        (o) => o.replace('grantedMinutesPerMonth="600"', 'grantedMinutesPerMonth="-5"'),
        'services.0.grantedMinutesPerMonth',
        minutes,
      ],
      [
        (o) => o.replace('grantedMinutesPerMonth="600"', 'grantedMinutesPerMonth="44641"'),
        'services.0.grantedMinutesPerMonth',
        minutes,
      ],
      [(o) => o.replace('version="1"', 'version="0"'), 'version', 'a whole number from 1'],
      [(o) => o.replace('version="1"', 'version="one"'), 'version', 'a whole number from 1'],
      [(o) => o.replace('2026-01-01', '2026-02-30'), 'validFrom', date],
      [(o) => o.replace('2026-12-31', '31.12.2026'), 'validTo', date],
      [
        (o) => o.replace('protectedIdentity="false"', 'protectedIdentity="ja"'),
        'recipient.protectedIdentity',
        'true or false',
      ],
      [
        (o) => o.replace('provider id="hemtjanst-nord"', 'provider id="hemtjänst nord"'),
        'providerId',
        'letters, digits and . _ : - only',
      ],
      [(o) => o.replace('SECRET-4711', `SECRET-${'9'.repeat(60)}`), 'home.doorCode', 'at most 64 characters'],
      [
        (o) => o.replace('SECRET-KEY-BOX', `SECRET-${'k'.repeat(600)}`),
        'home.keyInformation',
        'at most 500 characters',
      ],
      [(o) => o.replace('Tolvan Tolvansson', 'T'.repeat(5000)), 'recipient.name', 'at most 200 characters'],
      [(o) => o.replace(/<service [^\n]*\n/, (s) => s.repeat(65)), 'services', 'at most 64 services'],
    ];
    for (const [edit, field, expected] of cases)
      expect(await middle(edit)).toMatchObject({
        code: 'exchange.record.badValue',
        params: { field, expected },
      });
  });

  it('elements and attributes the format does not have, or in the wrong place', async () => {
    const cases: [(o: string) => string, string, string][] = [
      [(o) => o.replace('</address>', '</address><floor>3</floor>'), 'home.floor', 'not part of the format'],
      [(o) => o.replace('<validFrom>', '<note>x</note><validFrom>'), 'note', 'not part of the format'],
      [(o) => o.replace('<name>', '<name><b>x</b>'), 'recipient.name.b', 'not part of the format'],
      [
        (o) => o.replace('<service code', '<service color="red" code'),
        'services.0.color',
        'not part of the format',
      ],
      [
        (o) =>
          o.replace(
            '<validFrom>2026-01-01</validFrom>',
            '<validFrom>2026-01-01</validFrom><validFrom>2026-01-02</validFrom>',
          ),
        'validFrom',
        'only once',
      ],
      [
        (o) => o.replace(/(<validFrom>.*<\/validFrom>)(\s*)(<validTo>.*<\/validTo>)/, '$3$2$1'),
        'validFrom',
        'in the order the format gives',
      ],
      [(o) => o.replace('<services>', 'loose text<services>'), 'order', 'elements only, no text'],
      [
        (o) =>
          o
            .replace('<provider id', '<x:provider xmlns:x="urn:other" id')
            .replace('"hemtjanst-nord"/>', '"hemtjanst-nord"/>'),
        'provider',
        'not part of the format',
      ],
    ];
    for (const [edit, field, expected] of cases)
      expect(await middle(edit)).toMatchObject({
        code: 'exchange.record.badValue',
        params: { field, expected },
      });
  });

  it('validFrom after validTo', async () => {
    expect(await middle((o) => o.replace('2026-12-31', '2025-12-31'))).toEqual({
      code: 'exchange.record.dateOrder',
      params: { from: '2026-01-01', to: '2025-12-31' },
      key: 'o-1',
      place: { line: 19, element: 'order[2]' },
    });
  });

  it('an empty validTo is open-ended, and optional home and contacts may be left out', async () => {
    const [result] = await collect(
      readText(
        file([
          ORDER.replace('<validTo>2026-12-31</validTo>', '<validTo/>').replace(/<home>[\s\S]*<\/home>/, ''),
        ]),
      ),
    );
    expect(result?.ok && [result.record.validTo, result.record.home, result.record.contacts]).toEqual([
      null,
      { address: null, doorCode: null, keyInformation: null },
      [],
    ]);
  });

  it('does not look for duplicates: the server does', async () => {
    const results = await collect(readText(file([ORDER, ORDER])));
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });
});

describe('a big file', () => {
  it('stops reading the source when the caller stops', async () => {
    const source = counted(bfuOrdersFile(100_000));
    for await (const result of read(source.source)) if (result.ok) break;
    expect(source.taken()).toBeLessThan(256 * 1024);
  });

  it('reads 100,000 generated orders, all valid', async () => {
    let count = 0;
    let doorCodes = 0;
    let last = '';
    for await (const result of read(bfuOrdersFile(100_000))) {
      if (!result.ok)
        throw new Error(`order ${count} rejected: ${result.code} ${JSON.stringify(result.params)}`);
      count++;
      if (result.record.home.doorCode !== null) doorCodes++;
      last = result.key;
    }
    expect([count, doorCodes, last]).toEqual([100_000, 33_334, 'o-99999']);
  });
});
