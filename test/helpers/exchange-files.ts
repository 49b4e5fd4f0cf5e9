// Big, valid file-exchange files made on the fly, for tests and benchmarks that must not keep a
// whole file in memory: BFU orders XML and MFU recipients CSV, the same bytes for the same
// arguments every time.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const encoder = new TextEncoder();
/** Text is turned into bytes in pieces of about this many characters. */
const PIECE = 65_536;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Luhn check digit over the nine digits YYMMDDNNN, as Skatteverket computes it. */
export function luhnCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A valid personnummer (YYYYMMDD-NNNC) for index `i`; every seventh is a samordningsnummer (day
 * plus 60). Invented: births 1930–1999, any number may still belong to someone, so never use
 * them outside tests.
 */
export function personalIdFor(i: number): string {
  const year = 1930 + (i % 70);
  const month = 1 + (Math.floor(i / 70) % 12);
  const day = 1 + (Math.floor(i / 840) % 28) + (i % 7 === 6 ? 60 : 0);
  const serial = pad(i % 1000, 3);
  const nine = `${pad(year % 100)}${pad(month)}${pad(day)}${serial}`;
  return `${year}${pad(month)}${pad(day)}-${serial}${luhnCheckDigit(nine)}`;
}

async function* pieces(parts: Iterable<string>): AsyncGenerator<Uint8Array> {
  let text = '';
  for (const part of parts) {
    text += part;
    if (text.length >= PIECE) {
      yield encoder.encode(text);
      text = '';
    }
  }
  if (text) yield encoder.encode(text);
}

export interface BfuOrdersFileOptions {
  municipalityId?: string;
  providerId?: string;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function* bfuOrdersText(n: number, opts: BfuOrdersFileOptions): Generator<string> {
  const municipality = opts.municipalityId ?? '1480';
  const provider = opts.providerId ?? 'hemtjanst-nord';
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<orders xmlns="urn:caredock:bfu:orders:1" version="1" municipality="${municipality}" created="2026-01-15T06:00:00Z">\n`;
  for (let i = 0; i < n; i++) {
    const home =
      i % 3 === 0
        ? `    <home>\n      <address>Storgatan ${1 + (i % 90)}, 411 38 Göteborg</address>\n      <doorCode>${pad(i % 10_000, 4)}</doorCode>\n      <keyInformation>Nyckelskåp ${i % 12} &amp; larm</keyInformation>\n    </home>\n`
        : `    <home>\n      <address>Ekvägen ${1 + (i % 40)}, Hovås</address>\n    </home>\n`;
    yield `  <order id="o-${i}" version="${1 + (i % 4)}">
    <provider id="${provider}"/>
    <recipient id="r-${i}" personalIdentityNumber="${personalIdFor(i)}" protectedIdentity="${i % 50 === 0}">
      <name>${escapeXml(`Brukare ${i} Åström`)}</name>
    </recipient>
    <validFrom>2026-01-01</validFrom>
${i % 2 === 0 ? '    <validTo>2026-12-31</validTo>\n' : ''}    <services>
      <service code="HS01" grantedMinutesPerMonth="${60 * (1 + (i % 20))}">Personlig omvårdnad</service>
      <service code="SE02" grantedMinutesPerMonth="120">Städning</service>
    </services>
${home}  </order>
`;
  }
  yield '</orders>\n';
}

/** A BFU orders file of `n` valid orders (ids o-0…, recipients r-0…), every third with a door code. */
export function bfuOrdersFile(n: number, opts: BfuOrdersFileOptions = {}): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => pieces(bfuOrdersText(n, opts)) };
}

export interface MfuRecipientsFileOptions {
  delimiter?: ';' | ',';
  bom?: boolean;
  eol?: '\r\n' | '\n';
  providerId?: string;
}

function* mfuRecipientsText(n: number, opts: MfuRecipientsFileOptions): Generator<string> {
  const d = opts.delimiter ?? ';';
  const eol = opts.eol ?? '\r\n';
  const provider = opts.providerId ?? 'hemtjanst-nord';
  const headers = [
    'Kundnummer',
    'Utförare',
    'Namn',
    'Adress',
    'Telefon',
    'Anläggnings-id',
    'Fastighetsbeteckning',
    'Portkod',
    'Taggar',
  ];
  yield headers.join(d) + eol;
  for (let i = 0; i < n; i++) {
    // The pens' form, written the way readers of UIDs copy them: upper case, bytes split by ':'.
    const tag = `04${(i & 0xffffff).toString(16).padStart(6, '0')}`;
    const cells = [
      `r-${i}`,
      provider,
      `Brukare ${i} Öberg`,
      `"Storgatan ${1 + (i % 90)}${d} lgh ${1000 + (i % 500)}"`,
      i % 2 === 0 ? `070-${pad(i % 1000, 3)} 00 00` : '',
      `A-${i % 100}`,
      `Göteborg ${i % 50}:${i % 9}`,
      i % 3 === 0 ? pad(i % 10_000, 4) : '',
      tag.toUpperCase().replace(/(..)(?=.)/g, '$1:'),
    ];
    yield cells.join(d) + eol;
  }
}

/** An MFU recipients file of `n` valid rows under the default Swedish headers, one tag each. */
export function mfuRecipientsFile(n: number, opts: MfuRecipientsFileOptions = {}): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      if (opts.bom ?? true) yield new Uint8Array([0xef, 0xbb, 0xbf]);
      yield* pieces(mfuRecipientsText(n, opts));
    },
  };
}

/** Streams `iterable` into a file at `path`. */
export async function writeToFile(path: string, iterable: AsyncIterable<Uint8Array>): Promise<void> {
  await pipeline(Readable.from(iterable), createWriteStream(path));
}
