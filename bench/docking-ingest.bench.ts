// Docking ingest over the in-memory transport (protocol, session, parse, commit, acknowledge)
// against a raw batched better-sqlite3 insert of the same rows into the same table, same run.
// The pen's side is a recorded conversation replayed byte for byte, so the figure is our path
// (framing, session, parsing, commit, acknowledge), not the simulator's CPU. Each side runs three
// times on a fresh database after a warm-up; the medians are compared.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import {
  createRecordingTransport,
  createReplayTransport,
  type ReplayTransport,
} from '../drivers/transports/transcript.ts';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { benchCore, report } from './support.ts';

const RECORDS = 30_000;
const BATCH = 200;
const FLOOR = 0.5;
const ROUNDS = 3;

/** What a simulated pen says in a whole docking of `records` records, as a transcript. */
async function recordConversation(records: number): Promise<string> {
  const bench = await benchCore();
  try {
    const dock = createSimulatedDock({ pens: [{ serial: 'BENCH-1', records, seed: 9 }], seed: 9 });
    const pair = createMemoryPair('bench');
    void runSimulator({ transport: pair.device, dock });
    const recorder = createRecordingTransport(pair.host);
    const [outcome] = await bench.core.docking.dockOnce(recorder, 'bench', new AbortController().signal);
    if (!outcome || outcome.error) throw new Error(`recording failed: ${outcome?.error?.message}`);
    return recorder.transcript();
  } finally {
    await bench.done();
  }
}

/** Docks the recorded pen into a fresh workstation; returns the ms and the stored rows. */
async function dockOnce(
  transcript: string,
  records: number,
): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  const bench = await benchCore();
  try {
    const pen: ReplayTransport = createReplayTransport(transcript, 'bench');
    const t0 = performance.now();
    const [outcome] = await bench.core.docking.dockOnce(pen, 'bench', new AbortController().signal);
    const ms = performance.now() - t0;
    pen.assertDone();
    if (!outcome || outcome.error || outcome.counts.inserted !== records)
      throw new Error(`upload incomplete: ${outcome?.error?.message}`);
    const rows = bench.core.database.sqlite
      .prepare('select * from registrations order by sequence')
      .all() as Record<string, unknown>[];
    return { ms, rows };
  } finally {
    await bench.done();
  }
}

/** The same rows, inserted raw into a fresh database with the same schema and durability. */
function rawInsert(rows: Record<string, unknown>[], migrationsDir: string): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-raw-'));
  const raw = openDatabase(path.join(dir, 'raw.db'));
  try {
    applyMigrations(raw.sqlite, raw.db, migrationsDir, path.join(dir, 'backups'));
    const columns = Object.keys(rows[0]!);
    const insert = raw.sqlite.prepare(
      `insert into registrations (${columns.join(',')}) values (${columns.map((c) => '@' + c).join(',')})`,
    );
    const batch = raw.sqlite.transaction((chunk: Record<string, unknown>[]) => {
      for (const row of chunk) insert.run(row);
    });
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) batch(rows.slice(i, i + BATCH));
    return performance.now() - t0;
  } finally {
    raw.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const migrationsDir = path.resolve(import.meta.dirname, '../migrations');

// Warm-up: the JIT and the file cache, for both sides.
const conversation = await recordConversation(RECORDS);
const warm = await dockOnce(conversation, RECORDS);
rawInsert(warm.rows, migrationsDir);

const ours: number[] = [];
const base: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const { ms, rows } = await dockOnce(conversation, RECORDS);
  ours.push(ms);
  base.push(rawInsert(rows, migrationsDir));
}
const oursRate = RECORDS / (median(ours) / 1000);
const baseRate = RECORDS / (median(base) / 1000);
const ratio = oursRate / baseRate;
const ok = report(
  `ingest: ${Math.round(oursRate)} rec/s docked from a replayed pen (${RECORDS} records, median of ${ROUNDS}), ${ratio.toFixed(2)} of raw batched insert (${Math.round(baseRate)} rec/s); floor ${FLOOR}`,
  ratio >= FLOOR,
);
process.exit(ok ? 0 : 1);
