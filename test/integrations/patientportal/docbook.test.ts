import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import {
  article,
  bibliography,
  firstNonXmlCharacter,
  info,
  isAllowedLinkUrl,
  listitem,
  para,
  section,
  serialiseDocBook,
  term,
  title,
  ulink,
  validateDocBook,
  variablelist,
  varlistentry,
} from '../../../integrations/patientportal/index.ts';
import { CareDockError } from '../../../src/shared/errors/index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const refusal = (code: string, params: Record<string, string | number>) => ({ ok: false, code, params });

/** The text of every element named `name`, as a conforming parser reads it. */
function textOf(xml: string, name: string): string[] {
  const parser = new SaxesParser({ xmlns: false });
  const found: string[] = [];
  let inside = 0;
  let current = '';
  parser.on('opentag', (tag) => {
    if (tag.name === name && inside++ === 0) current = '';
  });
  parser.on('text', (text) => {
    if (inside > 0) current += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === name && --inside === 0) found.push(current);
  });
  parser.write(xml).close();
  return found;
}

describe('the seed’s example message', () => {
  it('passes the validator as the seed prints it (declaration, tabs and all)', () => {
    const example = fixture('seed-example.docbook.xml');
    expect(example).toContain('<ulink url="http://www.exampleurl.com">');
    expect(validateDocBook(example)).toEqual({ ok: true });
  });

  it('is what the builder writes for the same content, up to the indentation', () => {
    const entry = () =>
      varlistentry(
        term('article.section.variablelist.varlistentry.term'),
        listitem('article.section.variablelist.varlistentry.listitem'),
      );
    const built = serialiseDocBook(
      article(
        section(
          title('article.section.title'),
          info(title('article.section.info.title')),
          para('article.section.para'),
          para(ulink('http://www.exampleurl.com', 'article.section.para.ulink')),
          bibliography('article.section.bibliography'),
        ),
        section(
          title('article.section.title'),
          variablelist(title('article.section.variablelist.title'), entry(), entry(), entry()),
        ),
      ),
    );
    const unindented = fixture('seed-example.docbook.xml').replace(/>\s+</g, '><').trim();
    expect(built).toBe(unindented);
    expect(validateDocBook(built)).toEqual({ ok: true });
  });
});

describe('the builder', () => {
  it('writes the shape of a CareDock notice', () => {
    const xml = serialiseDocBook(
      article(
        info(title('Ändrad tid')),
        section(
          title('Besök i morgon'),
          para('Ert besök flyttas till 10.30. ', ulink('https://example.org/plan', 'Se planen')),
        ),
      ),
    );
    expect(xml).toBe(
      '<?xml version="1.0"?><article><info><title>Ändrad tid</title></info><section><title>Besök i morgon</title>' +
        '<para>Ert besök flyttas till 10.30. <ulink url="https://example.org/plan">Se planen</ulink></para>' +
        '</section></article>',
    );
    expect(validateDocBook(xml)).toEqual({ ok: true });
  });

  it('escapes & < > " \' in text and in the link', () => {
    const xml = serialiseDocBook(
      article(para(`Tom & Jerry <b>"hej"</b> it's`, ulink('https://example.org/?a=1&b=<2>', "'x'"))),
      { declaration: false },
    );
    expect(xml).toBe(
      '<article><para>Tom &amp; Jerry &lt;b&gt;&quot;hej&quot;&lt;/b&gt; it&apos;s' +
        '<ulink url="https://example.org/?a=1&amp;b=&lt;2&gt;">&apos;x&apos;</ulink></para></article>',
    );
    expect(validateDocBook(xml)).toEqual({ ok: true });
  });

  it('gives back any text a parser reads, and refuses only what XML cannot carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const bad = firstNonXmlCharacter(a + b);
        if (bad !== null) {
          expect(() => article(para(a), section(title(b)))).toThrow(
            expect.objectContaining({ code: 'patientportal.docbook.character', params: { codePoint: bad } }),
          );
          return;
        }
        const xml = serialiseDocBook(article(para(a), section(title(b))));
        expect(validateDocBook(xml)).toEqual({ ok: true });
        expect(textOf(xml, 'para')).toEqual([a]);
        expect(textOf(xml, 'title')).toEqual([b]);
      }),
    );
  });

  it('keeps CR, CR LF and ]]> as they were', () => {
    const text = 'rad 1\r\nrad 2\rrad 3\n]]> slut';
    const xml = serialiseDocBook(article(para(text)));
    expect(textOf(xml, 'para')).toEqual([text]);
    expect(validateDocBook(xml)).toEqual({ ok: true });
  });

  it('refuses a link that is not an absolute http or https address', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'mailto:a@example.org',
      '/relative/path',
      'https://user:secret@example.org/',
      'https://exam\nple.org/',
      ' https://example.org/',
      'https://',
      '',
    ]) {
      expect(isAllowedLinkUrl(url), url).toBe(false);
      expect(() => ulink(url, 'x'), url).toThrow(
        expect.objectContaining({ code: 'patientportal.docbook.url', params: { url } }),
      );
    }
    for (const url of ['https://www.1177.se/', 'http://www.exampleurl.com', 'https://exempel.se/å?x=1#y'])
      expect(isAllowedLinkUrl(url), url).toBe(true);
  });

  it('throws CareDockErrors the catalogue can word', () => {
    try {
      ulink('javascript:void(0)', 'x');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CareDockError);
      expect((error as CareDockError).message).toContain('javascript:void(0)');
    }
  });
});

describe('wrong nesting does not compile', () => {
  // Each line below is a type error (tsc checks the @ts-expect-error); at run time the builder's
  // own checks refuse the same documents.
  it('refuses at compile time what the table does not allow', () => {
    const attempts = [
      // @ts-expect-error article has no title of its own (only through info)
      () => article(title('x')),
      // @ts-expect-error section does not nest in section
      () => article(section(section())),
      // @ts-expect-error article carries no text
      () => article('loose text'),
      // @ts-expect-error ulink stands only in para
      () => article(section(ulink('https://example.org', 'x'))),
      // @ts-expect-error title holds only text
      () => title(para('x')),
      // @ts-expect-error term belongs in varlistentry, not variablelist
      () => variablelist(term('x')),
      // @ts-expect-error info holds only title
      () => info(para('x')),
      // @ts-expect-error listitem holds text only, not nested lists
      () => varlistentry(listitem(variablelist())),
      // @ts-expect-error the document element is article
      () => serialiseDocBook(section(title('x'))),
      // @ts-expect-error ulink holds text, not elements
      () => ulink('https://example.org', bibliography('x')),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(CareDockError);
  });

  it('cannot be faked with an object literal', () => {
    const fake = { element: 'section', attributes: {}, content: [] } as const;
    // @ts-expect-error a node comes only from the builder (its brand is not exported)
    const attempt = () => article(fake);
    expect(attempt).toThrow(TypeError);
  });
});

describe('hostile or foreign input', () => {
  const cases: [string, string, ReturnType<typeof refusal>][] = [
    [
      'a DOCTYPE with an entity',
      '<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x "y">]><article><para>&x;</para></article>',
      refusal('patientportal.docbook.doctype', {}),
    ],
    [
      'an external entity (XXE)',
      '<!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><article><para>&xxe;</para></article>',
      refusal('patientportal.docbook.doctype', {}),
    ],
    ['a lower-case doctype', '<!doctype article><article/>', refusal('patientportal.docbook.doctype', {})],
    ['a stray ENTITY', '<article><!ENTITY x "y"></article>', refusal('patientportal.docbook.doctype', {})],
    [
      'an undeclared entity',
      '<article><para>&nbsp;</para></article>',
      refusal('patientportal.docbook.broken', { line: 1, column: 21 }),
    ],
    [
      'the DocBook 5 namespace',
      '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><para>x</para></article>',
      refusal('patientportal.docbook.attribute', { element: 'article', attribute: 'xmlns' }),
    ],
    [
      'a prefixed element in an unknown namespace',
      '<article><evil:para xmlns:evil="urn:evil">x</evil:para></article>',
      refusal('patientportal.docbook.element', { element: 'evil:para' }),
    ],
    [
      'an xlink-style link',
      '<article><para><ulink url="https://example.org" xlink:href="javascript:x">x</ulink></para></article>',
      refusal('patientportal.docbook.attribute', { element: 'ulink', attribute: 'xlink:href' }),
    ],
    [
      'a script element',
      '<article><para>x</para><script>alert(1)</script></article>',
      refusal('patientportal.docbook.element', { element: 'script' }),
    ],
    [
      'an HTML element inside para',
      '<article><para>x <b>y</b></para></article>',
      refusal('patientportal.docbook.element', { element: 'b' }),
    ],
    [
      'an element DocBook has but 1177 does not',
      '<article><itemizedlist/></article>',
      refusal('patientportal.docbook.element', { element: 'itemizedlist' }),
    ],
    [
      'a javascript link',
      '<article><para><ulink url="javascript:alert(1)">x</ulink></para></article>',
      refusal('patientportal.docbook.url', { url: 'javascript:alert(1)' }),
    ],
    [
      'a link without url',
      '<article><para><ulink>x</ulink></para></article>',
      refusal('patientportal.docbook.required', { element: 'ulink', attribute: 'url' }),
    ],
    [
      'an event-handler attribute',
      '<article><para onclick="x()">x</para></article>',
      refusal('patientportal.docbook.attribute', { element: 'para', attribute: 'onclick' }),
    ],
    [
      'a comment',
      '<article><!-- hidden --><para>x</para></article>',
      refusal('patientportal.docbook.markup', { markup: '<!--' }),
    ],
    [
      'a CDATA section',
      '<article><para><![CDATA[<script>]]></para></article>',
      refusal('patientportal.docbook.markup', { markup: '<![CDATA[' }),
    ],
    [
      'a processing instruction',
      '<?xml-stylesheet href="evil.xsl"?><article/>',
      refusal('patientportal.docbook.markup', { markup: '<?xml-stylesheet' }),
    ],
    ['html as root', '<html><body/></html>', refusal('patientportal.docbook.element', { element: 'html' })],
    ['para as root', '<para>x</para>', refusal('patientportal.docbook.root', { element: 'para' })],
    ['plain text', 'Hej!', refusal('patientportal.docbook.broken', { line: 1, column: 4 })],
    ['nothing', '', refusal('patientportal.docbook.broken', { line: 1, column: 0 })],
    ['two roots', '<article/><article/>', refusal('patientportal.docbook.broken', { line: 1, column: 19 })],
    [
      'an unclosed element',
      '<article><para>x</article>',
      refusal('patientportal.docbook.broken', { line: 1, column: 26 }),
    ],
    [
      'a control character',
      '<article><para>a\u0007b</para></article>',
      refusal('patientportal.docbook.character', { codePoint: 'U+0007' }),
    ],
    [
      'a lone surrogate',
      '<article><para>a\uD800b</para></article>',
      refusal('patientportal.docbook.character', { codePoint: 'U+D800' }),
    ],
    [
      'a deep nest of unknown elements',
      `<article>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</article>`,
      refusal('patientportal.docbook.element', { element: 'a' }),
    ],
  ];

  it.each(cases)('refuses %s', (_name, xml, expected) => {
    expect(validateDocBook(xml)).toEqual(expected);
  });

  it('shortens what it repeats back from a long name', () => {
    const name = 'x'.repeat(500);
    const result = validateDocBook(`<article><${name}/></article>`);
    expect(result).toEqual(refusal('patientportal.docbook.element', { element: `${'x'.repeat(40)}…` }));
  });

  it('accepts character references and the predefined entities', () => {
    expect(
      validateDocBook('<article><para>&lt;&amp;&gt;&quot;&apos; &#229;&#x00E4;</para></article>'),
    ).toEqual({
      ok: true,
    });
  });
});
