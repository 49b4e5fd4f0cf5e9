// The result file beside each archived file: one row for the file, then one per record, accepted,
// unchanged or rejected, with where it is, the code and the message in Swedish, Finnish and
// English. Rows stream to a part file as the import goes (a file of a million records never sits
// in memory); the file's own row, known only at the end, is written first when it is finished.
import { createReadStream, createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { formatMessage, type ErrorParams } from '../../shared/errors/index.ts';
import { neutraliseFormula } from '../../shared/domain/spreadsheet-cell.ts';

export type RecordStatus = 'accepted' | 'unchanged' | 'rejected';
export type FileStatus = 'imported' | 'refused' | 'unchanged';

const HEADER = ['line', 'element', 'id', 'status', 'code', 'sv', 'fi', 'en'];

function row(
  line: number | null,
  element: string,
  id: string | null,
  status: string,
  code: string | null,
  params: ErrorParams,
): string {
  const message = (lang: 'sv' | 'fi' | 'en') => (code ? formatMessage(code, params, lang) : '');
  const cells = [
    line === null ? '' : String(line),
    element,
    id ?? '',
    status,
    code ?? '',
    message('sv'),
    message('fi'),
    message('en'),
  ].map(neutraliseFormula);
  return stringify([cells], { delimiter: ';', record_delimiter: '\r\n' });
}

export class ResultFile {
  readonly #path: string;
  readonly #part: string;
  readonly #out: WriteStream;

  constructor(path: string) {
    this.#path = path;
    this.#part = `${path}.records.part`;
    this.#out = createWriteStream(this.#part);
  }

  async record(
    place: { line: number; element?: string },
    id: string | null,
    status: RecordStatus,
    code: string | null = null,
    params: ErrorParams = {},
  ): Promise<void> {
    if (!this.#out.write(row(place.line, place.element ?? '', id, status, code, params)))
      await once(this.#out, 'drain');
  }

  /** Writes the finished file (its own row first) under its name, and drops the part file. */
  async finish(status: FileStatus, code: string | null, params: ErrorParams): Promise<string> {
    this.#out.end();
    await once(this.#out, 'close');
    const tmp = `${this.#path}.tmp`;
    const head = createWriteStream(tmp);
    head.write('\uFEFF' + stringify([HEADER], { delimiter: ';', record_delimiter: '\r\n' }));
    head.write(row(null, 'file', null, status, code, params));
    await pipeline(createReadStream(this.#part), head);
    renameSync(tmp, this.#path);
    rmSync(this.#part, { force: true });
    return this.#path;
  }

  async abandon(): Promise<void> {
    this.#out.destroy();
    rmSync(this.#part, { force: true });
  }
}
