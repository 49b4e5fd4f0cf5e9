// MFU recipients, format version 1 (docs/formats/mfu-v1.md): an RFC 4180 CSV whose header row
// names the columns, matched to the fields by the municipality's mapping. Streaming: csv-parse
// holds one record at a time, and a record longer than the part limit refuses the file.
import { once } from 'node:events';
import { CsvError, parse, type Info } from 'csv-parse';
import { CareDockError } from '../../../src/shared/errors/index.ts';
import { problemFromIssue, type IssueWording } from '../issues.ts';
import { formatLimit, resolveLimits } from '../limits.ts';
import {
  MFU_RECIPIENT_FIELDS,
  MFU_REQUIRED_FIELDS,
  mfuRecipient,
  type MfuRecipient,
  type MfuRecipientField,
  type MfuRecipientMapping,
  type ReadLimits,
  type RecordResult,
} from '../records.ts';
import { decodeCsv } from './csv-source.ts';

interface Row {
  record: string[];
  info: Info;
}

const countLf = (text: string) => {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
};

const headerKey = (text: string) => text.normalize('NFC').trim().toLowerCase();

/**
 * Reads text up to the end of the header line, skipping blank lines before it, and counts `;`
 * and `,` outside quotes on the way (a quoted header cell may hold either, or a line break).
 * Incremental, so text that arrives a byte at a time is still scanned once.
 */
class HeaderScanner {
  /** From the start of the header line on; blank lines before it are dropped as they pass. */
  text = '';
  /** Lines dropped before the header line. */
  skippedLines = 0;
  private at = 0;
  /** The header line has begun: something other than blank lines was read. */
  inHeader = false;
  private quoted = false;
  private semicolons = 0;
  private commas = 0;
  delimiter: ';' | ',' | null = null;

  /** True once the header line is complete (`text` then holds it and whatever followed). */
  add(more: string): boolean {
    this.text += more;
    let start = 0;
    let done = false;
    for (; this.at < this.text.length && !done; this.at++) {
      const c = this.text[this.at] as string;
      if (!this.inHeader) {
        if (c === '\n') {
          this.skippedLines++;
          start = this.at + 1;
          continue;
        }
        if (c.trim() === '') continue;
        this.inHeader = true;
      }
      if (c === '"') this.quoted = !this.quoted;
      else if (this.quoted) continue;
      else if (c === ';') this.semicolons++;
      else if (c === ',') this.commas++;
      else if (c === '\n') done = true;
    }
    if (start > 0) {
      this.text = this.text.slice(start);
      this.at -= start;
    }
    if (done) this.delimiter = this.commas > this.semicolons ? ',' : ';';
    return done;
  }
}

const TAG_SEPARATORS = /[\s,|]+/;

/** "04:A1:B2:C3", "04-a1-b2-c3", "04A1B2C3" → "04a1b2c3"; the schema checks what is left. */
export function normaliseTagUid(text: string): string {
  return text.replace(/[:-]/g, '').toLowerCase();
}

const ID = 'letters, digits and . _ : - only';
const EXPECTED: Record<string, string> = {
  customerNumber: ID,
  providerId: ID,
  tagUids: 'at most 16 tags',
  'tagUids.*': 'a tag UID of 4–10 bytes in hex, such as 04a1b2c3',
};

/**
 * csv-parse's error as ours. It names the line it had reached: for a quote never closed that is
 * the end of the file, so the line is where the record after the last good one starts.
 */
function csvRefusal(
  error: unknown,
  lineOffset: number,
  last: { line: number; empty: number },
  limit: string,
) {
  if (!(error instanceof CsvError)) return error;
  const context = error as CsvError & Partial<Info>;
  const reached = context.lines ?? last.line + 1;
  const line =
    lineOffset +
    (error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? last.line + 1 + (context.empty_lines ?? last.empty) - last.empty
      : reached);
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return new CareDockError('exchange.file.partTooLarge', { line, limit });
  return new CareDockError('exchange.file.csvBroken', { line });
}

/**
 * csv-parse's rows, fed from `texts` with backpressure; stopping the loop stops the feeding.
 * `last` follows the rows as csv-parse makes them: an error drops the rows it had not handed
 * on yet, and the line of an unclosed quote is counted from the last row it made.
 */
async function* rows(
  first: string,
  texts: AsyncIterator<string>,
  delimiter: string,
  maxRecordSize: number,
  last: { line: number; empty: number },
): AsyncGenerator<Row> {
  const parser = parse({
    on_record: (row, context) => {
      last.line = context.lines;
      last.empty = context.empty_lines;
      return row;
    },
    delimiter,
    record_delimiter: '\n',
    quote: '"',
    escape: '"',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: maxRecordSize,
  });
  const stop = new AbortController();
  const write = async (text: string) => {
    if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
  };
  void (async () => {
    try {
      await write(first);
      for (;;) {
        const next = await texts.next();
        if (next.done || parser.destroyed) break;
        await write(next.value);
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const row of parser as AsyncIterable<Row>) yield row;
  } finally {
    stop.abort();
    parser.destroy();
  }
}

/**
 * The recipients of one MFU file, one result per data row, in file order. Throws a CareDockError
 * with an `exchange.file.*` code when the file as a whole cannot be read.
 */
export async function* readMfuRecipients(
  source: AsyncIterable<Uint8Array>,
  mapping: MfuRecipientMapping,
  opts: { limits?: Partial<ReadLimits> } = {},
): AsyncGenerator<RecordResult<MfuRecipient>> {
  const limits = resolveLimits(opts.limits);
  const limitText = formatLimit(limits.maxPartBytes);
  const texts = decodeCsv(source, mapping.encoding)[Symbol.asyncIterator]();
  try {
    // The header line alone decides the separator, so it is read before csv-parse starts.
    const header = new HeaderScanner();
    for (;;) {
      const next = await texts.next();
      if (next.done ? header.add('\n') : header.add(next.value)) break;
      if (next.done && header.inHeader)
        throw new CareDockError('exchange.file.csvBroken', { line: header.skippedLines + 1 });
      if (next.done) throw new CareDockError('exchange.file.empty');
      if (header.text.length > limits.maxPartBytes)
        throw new CareDockError('exchange.file.partTooLarge', {
          line: header.skippedLines + 1,
          limit: limitText,
        });
    }
    const lineOffset = header.skippedLines;

    let columns: Map<MfuRecipientField, { index: number; label: string }> | null = null;
    let width = 0;
    let records = 0;
    const last = { line: 0, empty: 0 };
    try {
      for await (const { record, info } of rows(
        header.text,
        texts,
        header.delimiter ?? ';',
        limits.maxPartBytes,
        last,
      )) {
        const line = lineOffset + info.lines - record.reduce((n, cell) => n + countLf(cell), 0);
        if (!columns) {
          columns = matchHeader(record, mapping);
          width = record.length;
          continue;
        }
        // A line of separators only is what spreadsheets leave below the data: as good as empty.
        if (record.every((cell) => cell.trim() === '')) continue;
        records++;
        if (records > limits.maxRecords)
          throw new CareDockError('exchange.file.tooManyRecords', { limit: limits.maxRecords });
        yield toResult(record, width, columns, { line });
      }
    } catch (error) {
      throw csvRefusal(error, lineOffset, last, limitText);
    }
  } finally {
    await texts.return?.(undefined);
  }
}

function matchHeader(header: string[], mapping: MfuRecipientMapping) {
  const byText = new Map<string, number>();
  header.forEach((text, index) => {
    const key = headerKey(text);
    if (!byText.has(key)) byText.set(key, index);
  });
  const columns = new Map<MfuRecipientField, { index: number; label: string }>();
  for (const field of MFU_RECIPIENT_FIELDS) {
    const wanted = mapping.columns[field];
    const index = wanted === undefined ? undefined : byText.get(headerKey(wanted));
    if (index !== undefined) columns.set(field, { index, label: (header[index] ?? '').trim() });
    else if (MFU_REQUIRED_FIELDS.includes(field))
      throw new CareDockError('exchange.file.columnMissing', { column: wanted ?? field });
  }
  return columns;
}

function toResult(
  record: string[],
  width: number,
  columns: Map<MfuRecipientField, { index: number; label: string }>,
  place: { line: number },
): RecordResult<MfuRecipient> {
  const cell = (field: MfuRecipientField) => {
    const column = columns.get(field);
    return column === undefined ? undefined : (record[column.index] ?? '').trim();
  };
  const customerNumber = cell('customerNumber');
  const key = customerNumber ? customerNumber.slice(0, 64) : null;
  if (record.length !== width)
    return {
      ok: false,
      key,
      place,
      code: 'exchange.record.raggedRow',
      params: { expected: width, found: record.length },
    };
  const plain: Record<string, unknown> = {};
  for (const field of MFU_RECIPIENT_FIELDS) {
    const value = cell(field);
    if (field === 'tagUids')
      plain[field] = (value ?? '').split(TAG_SEPARATORS).filter(Boolean).map(normaliseTagUid);
    else if (MFU_REQUIRED_FIELDS.includes(field)) plain[field] = value;
    else plain[field] = value ? value : null;
  }
  const parsed = mfuRecipient.safeParse(plain);
  if (parsed.success) return { ok: true, record: parsed.data, key: parsed.data.customerNumber, place };
  const wording: IssueWording = {
    // The header as the file has it: the person fixing the export sees those, not field names.
    field: (path) => {
      const field = path[0] as MfuRecipientField;
      return columns.get(field)?.label ?? String(field);
    },
    expected: (pattern) => EXPECTED[pattern],
  };
  const issue = parsed.error.issues[0];
  const problem = issue
    ? problemFromIssue(issue, plain, wording)
    : {
        code: 'exchange.record.badValue' as const,
        params: { field: '?', expected: 'see the format description' },
      };
  return { ok: false, key, place, code: problem.code, params: problem.params };
}
