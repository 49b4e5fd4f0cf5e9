// A server process importing one file, for the kill -9 test: prints "running" as it starts reading
// and "progress N" every 10,000 records, then "done <status> <records>".
import { openContext } from '../../../src/server/bootstrap.ts';
import { importFile } from '../../../src/server/exchange/importFile.ts';
import { createLogger } from '../../../src/server/log.ts';

const [dataDir, municipalityId, file] = process.argv.slice(2) as [string, string, string];
const ctx = await openContext({ dataDir, log: createLogger({ level: 'warn' }) });
process.stdout.write('running\n');
const started = Date.now();
const r = await importFile(ctx, {
  municipalityId,
  format: 'bfu',
  file,
  name: 'orders-100k.xml',
  source: 'cli',
  onProgress: (n) => process.stdout.write(`progress ${n}\n`),
});

process.stdout.write(`done ${r.status} ${r.records} ${Date.now() - started}ms\n`);
await ctx.database.close();
