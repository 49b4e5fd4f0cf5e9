// Encryption at rest, its cost: docking a replayed pen of 30,000 records into a fresh workstation,
// and the registrations day list of a one-month office (first page after a correction), each with
// the database encrypted (SQLite3 Multiple Ciphers, ChaCha20-Poly1305) as a ratio to plain, both
// measured in turn in the same run.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { createRecordingTransport, createReplayTransport } from '../drivers/transports/transcript.ts';
import { createCore, type Core, type CoreClient } from '../src/main/core.ts';
import { ADMIN, cachedHistory, copyHistory, fiveYears } from './history.ts';
import { benchCore, report } from './support.ts';

const RECORDS = 30_000;
const ROUNDS = 3;
const RUNS = 5;
const DAY = '2026-11-16';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const options = (dataDir: string, encryptDatabase: boolean) =>
  ({
    dataDir,
    shell: 'cli',
    logLevel: 'silent',
    watchDevices: false,
    syncIntervalSeconds: 0,
    retention: false,
    encryptDatabase,
  }) as const;

async function ok(client: CoreClient, name: string, input: unknown): Promise<unknown> {
  const envelope = await client.call(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code}`);
  return envelope.result;
}

async function recordConversation(): Promise<string> {
  const bench = await benchCore();
  try {
    const dock = createSimulatedDock({ pens: [{ serial: 'BENCH-1', records: RECORDS, seed: 9 }], seed: 9 });
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

async function dockInto(transcript: string, encrypt: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-enc-'));
  const core = await createCore(options(dir, encrypt));
  try {
    const pen = createReplayTransport(transcript, 'bench');
    const t0 = performance.now();
    const [outcome] = await core.docking.dockOnce(pen, 'bench', new AbortController().signal);
    const ms = performance.now() - t0;
    if (!outcome || outcome.error || outcome.counts.inserted !== RECORDS)
      throw new Error('upload incomplete');
    return ms;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const transcript = await recordConversation();
await dockInto(transcript, false);
await dockInto(transcript, true);
const plainDock: number[] = [];
const encDock: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  plainDock.push(await dockInto(transcript, false));
  encDock.push(await dockInto(transcript, true));
}

// The day list on one month of an office, plain and encrypted (in place, as an upgrade does).
const month = await cachedHistory(fiveYears(30), (line) => console.error(line));
const subjects: { core: Core; dir: string; office: CoreClient; ids: string[]; times: number[] }[] = [];
for (const encrypt of [false, true]) {
  const dir = copyHistory(month);
  const core = await createCore(options(dir, encrypt));
  const office = core.connect();
  await ok(office, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
  const rows = (
    (await ok(office, 'registrations.list', { from: DAY, to: DAY, limit: 200 })) as {
      rows: { id: string; kind: string }[];
    }
  ).rows;
  subjects.push({
    core,
    dir,
    office,
    ids: rows.filter((r) => r.kind === 'depart').map((r) => r.id),
    times: [],
  });
}
for (let i = 0; i < RUNS; i++)
  for (const s of subjects) {
    await ok(s.office, 'corrections.create', {
      correctsId: s.ids[i % s.ids.length]!,
      reason: 'Mätning av dagslistan',
      changes: { time: { date: DAY, time: '07:45' } },
    });
    const t0 = performance.now();
    await ok(s.office, 'registrations.list', { from: DAY, to: DAY, limit: 200 });
    s.times.push(performance.now() - t0);
  }
for (const s of subjects) {
  s.office.close();
  await s.core.close();
  rmSync(s.dir, { recursive: true, force: true });
}

const p = RECORDS / (median(plainDock) / 1000);
const e = RECORDS / (median(encDock) / 1000);
report(
  `encryption: ingest ${Math.round(e)} rec/s encrypted, ${(e / p).toFixed(2)} of plain (${Math.round(p)} rec/s), ${RECORDS} records from a replayed pen, median of ${ROUNDS}`,
  true,
);
const [plainList, encList] = subjects.map((s) => median(s.times)) as [number, number];
report(
  `encryption: registrations day list ${encList.toFixed(0)} ms encrypted, ${(encList / plainList).toFixed(2)}x plain (${plainList.toFixed(0)} ms), one month of an office, median of ${RUNS}`,
  true,
);
