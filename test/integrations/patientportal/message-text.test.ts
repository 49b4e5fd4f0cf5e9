import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import {
  article,
  firstNonXmlCharacter,
  messageTextElement,
  para,
  serialiseDocBook,
  ulink,
  validateDocBook,
} from '../../../integrations/patientportal/index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const NS = 'urn:riv:infrastructure:eservicesupply:patientportal:AddMessageToPatientPortalInboxResponder:1';

/** A request body shaped as the contract's, around the encoded text. */
const envelope = (encoded: string) =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soapenv:Header/><soapenv:Body>' +
  `<add:AddMessageToPatientPortalInbox xmlns:add="${NS}"><add:message>` +
  `<add:messageText>${encoded}</add:messageText>` +
  '</add:message></add:AddMessageToPatientPortalInbox></soapenv:Body></soapenv:Envelope>';

/** What a namespace-aware SOAP stack reads back as messageText, and whether any element was inside. */
function readBack(soap: string): { text: string; nested: number } {
  const parser = new SaxesParser({ xmlns: true });
  let inside = false;
  let text = '';
  let nested = 0;
  parser.on('opentag', (tag) => {
    if (inside) nested++;
    if (tag.uri === NS && tag.local === 'messageText') inside = true;
  });
  parser.on('closetag', (tag) => {
    if (tag.uri === NS && tag.local === 'messageText') inside = false;
  });
  parser.on('text', (t) => {
    if (inside) text += t;
  });
  parser.write(soap).close();
  return { text, nested };
}

describe('messageText inside the SOAP body', () => {
  it('is the seed’s own "after entity encoding" example for its DocBook example', () => {
    expect(messageTextElement(fixture('seed-example.docbook.xml'))).toBe(fixture('seed-example.encoded.txt'));
  });

  it('round-trips the seed’s example through a SOAP parser to the identical string', () => {
    const docbook = fixture('seed-example.docbook.xml');
    expect(readBack(envelope(messageTextElement(docbook)))).toEqual({ text: docbook, nested: 0 });
  });

  it('round-trips a built message with escaped text and a link', () => {
    const docbook = serialiseDocBook(
      article(
        para('Tid: 10.30 & "säg till" <om> det inte passar', ulink('https://example.org/?a=1&b=2', 'Läs')),
      ),
    );
    const encoded = messageTextElement(docbook);
    expect(encoded).not.toMatch(/[<>]/);
    expect(encoded).toContain('&amp;amp;');
    const back = readBack(envelope(encoded));
    expect(back).toEqual({ text: docbook, nested: 0 });
    expect(validateDocBook(back.text)).toEqual({ ok: true });
  });

  it('round-trips any string XML can carry, CR and CR LF included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        fc.pre(firstNonXmlCharacter(text) === null);
        expect(readBack(envelope(messageTextElement(text)))).toEqual({ text, nested: 0 });
      }),
      { numRuns: 500 },
    );
    for (const text of ['a\r\nb', '\r', ']]>', '&amp;', '<![CDATA[x]]>', '\t\n'])
      expect(readBack(envelope(messageTextElement(text)))).toEqual({ text, nested: 0 });
  });

  it('refuses a character the SOAP body cannot carry', () => {
    expect(() => messageTextElement('<article>\u0000</article>')).toThrow(
      expect.objectContaining({ code: 'patientportal.docbook.character', params: { codePoint: 'U+0000' } }),
    );
  });
});
