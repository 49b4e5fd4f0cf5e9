import { existsSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { openForTool } from '../main/db/open.ts';
import { dataPaths, defaultDataDir } from '../main/paths.ts';

export const exportHelp = `caredock export registrations [--data DIR]
  Prints every stored registration as one JSON object per line (id, penSerial, sequence,
  tagUid, penTime, correctedTime, kind, taskCode, staffId, recipientId, flags).`;

/** Reads without taking the data lock, so support can export while CareDock runs. */
export async function exportMain(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'registrations')
    throw new Error(`unknown export "${what ?? ''}"; try: caredock export registrations`);
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' } }, strict: true });
  const paths = dataPaths(values.data ? path.resolve(values.data) : defaultDataDir());
  const file = paths.database;
  if (!existsSync(file)) throw new Error(`no CareDock database in ${path.dirname(file)}`);
  const db = openForTool(paths, { readonly: true });
  try {
    const rows = db
      .prepare(
        `select id, pen_serial as penSerial, sequence, tag_uid as tagUid, pen_time as penTime, corrected_time as correctedTime,
                kind, task_code as taskCode, staff_id as staffId, recipient_id as recipientId, flags
         from registrations order by pen_serial, sequence`,
      )
      .iterate() as IterableIterator<Record<string, unknown> & { flags: string }>;
    for (const row of rows) {
      const line = JSON.stringify({ ...row, flags: JSON.parse(row.flags) as unknown }) + '\n';
      if (!process.stdout.write(line)) await once(process.stdout, 'drain');
    }
  } finally {
    db.close();
  }
  return 0;
}
