// One step of bench/exchange.bench.ts in its own process, so its peak RSS is the import's:
// - prepare: a fresh server data folder (initServer) with one municipality and provider;
// - import: opens the context, times one import of the file as the server runs it (importIsolated);
// - raw: opens the context, reads the file's records (not timed; kept in rowsFile for the next
//   raw step of the format), then times the baseline: the same sync_entities rows the import
//   stores, 500 records per statement in one transaction, then the sequencer (the import numbers
//   its rows too).
// Prints one line of JSON (WorkerResult) on stdout.
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { addMunicipality, addProvider } from '../src/server/admin/organisations.ts';
import { openContext } from '../src/server/bootstrap.ts';
import type { DatabaseSpec } from '../src/server/db/database.ts';
import { importIsolated } from '../src/server/exchange/isolatedImport.ts';
import { readExchangeSettings } from '../src/server/exchange/settings.ts';
import { initServer } from '../src/server/init.ts';
import { dataPaths } from '../src/server/paths.ts';
import { createLogger } from '../src/server/log.ts';
import { sequencePendingChanges } from '../src/server/sync/sequencer.ts';
import { readBfuOrders, readMfuRecipients, type RecordResult } from '../integrations/file-exchange/index.ts';

export interface WorkerTask {
  step: 'prepare' | 'import' | 'raw';
  format: 'bfu' | 'mfu';
  dataDir: string;
  file: string;
  municipalityId: string;
  providerId: string;
  /** raw: the baseline's rows, one batch a line, written by the first raw step of the format. */
  rowsFile?: string;
  /** Absent: PGlite under the data folder (the default engine). */
  database?: DatabaseSpec;
}

export interface WorkerResult {
  ms: number;
  /** Records of the file (orders or recipients). */
  records: number;
  /** sync_entities rows written (raw) or present afterwards (import). */
  rows: number;
  status: string;
  /** process.resourceUsage().maxRSS, in MB. */
  maxRssMb: number;
  /** RSS right after opening (and migrating) the database, before the file is read. */
  openRssMb: number;
  /** maxRSS at that moment: the peak of starting and opening, before the file is read. */
  openMaxRssMb: number;
  /** The highest RSS sampled every 20 ms while the timed part ran. */
  sampledPeakMb: number;
}

const MB = 1024 * 1024;
const BATCH = 500;
const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
const log = createLogger({ level: 'silent' });

type Row = { p: string; e: string; i: string; d: unknown };

/** The rows the import's writeBfuBatch / writeMfuBatch store for a file into an empty database. */
async function rowsOf(t: WorkerTask, ctx: Awaited<ReturnType<typeof openContext>>): Promise<Row[][]> {
  if (t.rowsFile !== undefined && existsSync(t.rowsFile))
    return readFileSync(t.rowsFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Row[]);
  const batches = await rowsOfFile(t, ctx);
  if (t.rowsFile !== undefined)
    writeFileSync(t.rowsFile, batches.map((b) => `${JSON.stringify(b)}\n`).join(''));
  return batches;
}

async function rowsOfFile(t: WorkerTask, ctx: Awaited<ReturnType<typeof openContext>>): Promise<Row[][]> {
  const source = createReadStream(t.file, { highWaterMark: 64 * 1024 });
  const batches: Row[][] = [];
  let batch: Row[] = [];
  let n = 0;
  const take = <T>(r: RecordResult<T>): T => {
    if (!r.ok) throw new Error(`record ${r.key} of ${t.file} is not valid: ${r.code}`);
    return r.record;
  };
  const next = () => {
    if (++n % BATCH === 0) {
      batches.push(batch);
      batch = [];
    }
  };
  if (t.format === 'bfu') {
    const importedAt = new Date().toISOString();
    for await (const r of readBfuOrders(source, { municipalityId: t.municipalityId })) {
      const o = take(r);
      batch.push({
        p: o.providerId,
        e: 'recipient',
        i: o.recipient.id,
        d: {
          phone: null,
          siteId: null,
          propertyDesignation: null,
          id: o.recipient.id,
          displayName: o.recipient.name,
          personalIdentityNumber: o.recipient.personalIdentityNumber,
          protectedIdentity: o.recipient.protectedIdentity,
          address: o.home.address,
        },
      });
      batch.push({
        p: o.providerId,
        e: 'order',
        i: o.id,
        d: {
          id: o.id,
          recipientId: o.recipient.id,
          services: o.services,
          validFrom: o.validFrom,
          validTo: o.validTo,
          version: o.version,
          origin: { format: 'bfu', file: 'orders.xml', importedAt },
          contacts: o.contacts,
        },
      });
      next();
    }
  } else {
    const { recipientMapping } = await readExchangeSettings(ctx.database.db, t.municipalityId);
    for await (const r of readMfuRecipients(source, recipientMapping)) {
      const m = take(r);
      batch.push({
        p: m.providerId,
        e: 'recipient',
        i: m.customerNumber,
        d: {
          personalIdentityNumber: null,
          protectedIdentity: false,
          address: m.address,
          id: m.customerNumber,
          displayName: m.name,
          phone: m.phone,
          siteId: m.siteId,
          propertyDesignation: m.propertyDesignation,
        },
      });
      for (const uid of m.tagUids)
        batch.push({
          p: m.providerId,
          e: 'tag',
          i: uid,
          d: { id: uid, recipientId: m.customerNumber, label: null },
        });
      next();
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const INSERT = `
  INSERT INTO sync_entities (provider_id, entity, entity_id, data, deleted, seq, changed_at)
  SELECT x->>'p', x->>'e', x->>'i', x->'d', false, NULL, now()
  FROM jsonb_array_elements($1::jsonb) AS x
  ON CONFLICT DO NOTHING`;

async function main(t: WorkerTask): Promise<WorkerResult | null> {
  // Said outright, so a DATABASE_URL in the environment cannot change the engine.
  const database = t.database ?? { engine: 'pglite', dataDir: dataPaths(t.dataDir).pgliteDir };
  if (t.step === 'prepare') {
    await initServer({ dataDir: t.dataDir, port: 0, database, log });
    const ctx = await openContext({ dataDir: t.dataDir, log, database });
    await addMunicipality(ctx, { id: t.municipalityId, name: 'Bench kommun' });
    await addProvider(ctx, { id: t.providerId, municipalityId: t.municipalityId, name: 'Bench Omsorg' });
    await ctx.database.close();
    return null;
  }
  const ctx = await openContext({ dataDir: t.dataDir, log, database });
  try {
    const openRss = process.memoryUsage().rss;
    const openMaxRss = process.resourceUsage().maxRSS;
    const records = t.step === 'raw' ? await rowsOf(t, ctx) : null;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    let n = 0;
    let status = 'inserted';
    if (records === null) {
      const r = await importIsolated(ctx, {
        municipalityId: t.municipalityId,
        format: t.format,
        file: t.file,
        name: t.format === 'bfu' ? 'orders.xml' : 'recipients.csv',
        source: 'cli',
      });
      n = r.records;
      status = r.status;
    } else {
      await ctx.database.rawTransaction(async (s) => {
        for (const batch of records) await s.query(INSERT, [JSON.stringify(batch)]);
      });
      await sequencePendingChanges(ctx.database.db);
      n = records.reduce((k, b) => k + b.filter((r) => r.e === 'recipient').length, 0);
    }
    const ms = performance.now() - t0;
    const maxRss = process.resourceUsage().maxRSS;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const [count] = await ctx.database.rawTransaction((s) =>
      s.query('SELECT count(*)::int AS n, count(seq)::int AS numbered FROM sync_entities'),
    );
    const rows = Number(count?.['n']);
    if (Number(count?.['numbered']) !== rows)
      throw new Error(`${rows - Number(count?.['numbered'])} rows unnumbered`);
    return {
      ms,
      records: n,
      rows,
      status,
      maxRssMb: (maxRss * 1024) / MB,
      openRssMb: openRss / MB,
      openMaxRssMb: (openMaxRss * 1024) / MB,
      sampledPeakMb: peak / MB,
    };
  } finally {
    await ctx.database.close();
  }
}

const result = await main(task);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
