// Docking ingest over the in-memory transport (protocol, session, parse, commit, acknowledge)
// against a raw batched better-sqlite3 insert of the same rows into the same table, same run.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { benchCore, report } from './support.ts';

const RECORDS = 30_000;
const BATCH = 200;
const FLOOR = 0.5;

const bench = await benchCore();
const dock = createSimulatedDock({ pens: [{ serial: 'BENCH-1', records: RECORDS, seed: 9 }], seed: 9 });
const pair = createMemoryPair('bench');
void runSimulator({ transport: pair.device, dock });
const t0 = performance.now();
const [outcome] = await bench.core.docking.dockOnce(pair.host, 'bench', new AbortController().signal);
const oursMs = performance.now() - t0;
if (!outcome || outcome.error || outcome.counts.inserted !== RECORDS) {
  console.error('docking-ingest: the upload did not complete', outcome?.error);
  process.exit(1);
}

// Baseline: the very rows we stored, inserted raw into a fresh database with the same schema
// and durability settings, in transactions of the same batch size.
const rows = bench.core.database.sqlite
  .prepare('select * from registrations order by sequence')
  .all() as Record<string, unknown>[];
const baseDir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-raw-'));
const raw = openDatabase(path.join(baseDir, 'raw.db'));
applyMigrations(raw.sqlite, raw.db, bench.core.config.migrationsDir, path.join(baseDir, 'backups'));
const columns = Object.keys(rows[0]!);
const insert = raw.sqlite.prepare(
  `insert into registrations (${columns.join(',')}) values (${columns.map((c) => '@' + c).join(',')})`,
);
const batch = raw.sqlite.transaction((chunk: Record<string, unknown>[]) => {
  for (const row of chunk) insert.run(row);
});
const t1 = performance.now();
for (let i = 0; i < rows.length; i += BATCH) batch(rows.slice(i, i + BATCH));
const rawMs = performance.now() - t1;
raw.sqlite.close();
await bench.done();

const ours = RECORDS / (oursMs / 1000);
const base = RECORDS / (rawMs / 1000);
const ratio = ours / base;
const ok = report(
  `ingest: ${Math.round(ours)} rec/s docked over the in-memory transport (${RECORDS} records), ${ratio.toFixed(2)} of raw batched insert (${Math.round(base)} rec/s); floor ${FLOOR}`,
  ratio >= FLOOR,
);
process.exit(ok ? 0 : 1);
