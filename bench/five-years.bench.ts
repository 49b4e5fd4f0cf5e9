// Five years on one PC: each figure on a database of five years (5.1 million registrations,
// bench/history.ts) against the same figure on one month of the same office, in the same run.
// Start to ready (headless host to its ready line), the registrations day list (first page after
// a correction, so the day is paired again), pairing a month, the billing basis of a month
// (after a correction), an attestation of the open month, a docking of 5,000 records from a
// replayed pen, and a sync pass with nothing to send against an in-process server (PGlite).
// Start is the median of 3 host starts; each in-process figure the best of RUNS rounds, taken in
// turn on both histories. Targets: day list and billing basis within 1.5x, start under 2 s.
// CAREDOCK_BENCH_DAYS sets the long history's length (1826 by default).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { createRecordingTransport, createReplayTransport } from '../drivers/transports/transcript.ts';
import { createCore, type Core, type CoreClient } from '../src/main/core.ts';
import { pairingSources, pairRange } from '../src/main/registrations/paired.ts';
import { monthBounds } from '../src/shared/domain/time.ts';
import { createEnrolmentCode } from '../src/server/admin/enrolmentCodes.ts';
import { exportInstallProfile } from '../src/server/admin/profile.ts';
import { ADMIN, TZ, cachedHistory, copyHistory, fiveYears } from './history.ts';
import { benchCore, report } from './support.ts';
import { MUNICIPALITY, PROVIDER, benchServer, type BenchServer } from './sync-support.ts';

const root = path.resolve(import.meta.dirname, '..');
const LONG_DAYS = Number(process.env['CAREDOCK_BENCH_DAYS'] ?? 1826);
const MONTH = '2026-11';
const DAY = '2026-11-16';
/** Rounds of the in-process figures; each is the best of them, as in pairing.bench.ts (this machine is shared). */
const RUNS = 7;
const DOCK_RECORDS = 5000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]) => Math.min(...xs);
const log = (line: string) => console.error(line);

async function ok(client: CoreClient, name: string, input: unknown): Promise<unknown> {
  const envelope = await client.call(name, input);
  if (!envelope.ok)
    throw new Error(`${name}: ${envelope.error.code} ${JSON.stringify(envelope.error.params)}`);
  return envelope.result;
}

/** Time from spawning the headless host to its ready line. */
function startToReady(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['bin/caredock.mjs', 'serve', '--data', dataDir, '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no ready line within 60 s'));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('CareDock ready at')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!out.includes('CareDock ready at')) {
        clearTimeout(timer);
        reject(new Error(`host exited ${code}`));
      }
    });
  });
}

/** Three pens' dockings of DOCK_RECORDS records each, recorded once and replayed into each database. */
async function recordConversations(): Promise<string[]> {
  const transcripts: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const bench = await benchCore();
    try {
      const dock = createSimulatedDock({
        pens: [{ serial: `BENCH-${i}`, records: DOCK_RECORDS, seed: i }],
        seed: i,
      });
      const pair = createMemoryPair('bench');
      void runSimulator({ transport: pair.device, dock });
      const recorder = createRecordingTransport(pair.host);
      const [outcome] = await bench.core.docking.dockOnce(recorder, 'bench', new AbortController().signal);
      if (!outcome || outcome.error) throw new Error(`recording failed: ${outcome?.error?.message}`);
      transcripts.push(recorder.transcript());
    } finally {
      await bench.done();
    }
  }
  return transcripts;
}

interface Figures {
  start: number;
  dayList: number;
  pairMonth: number;
  billing: number;
  attest: number;
  docking: number;
  syncIdle: number;
  registrations: number;
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One history opened for measuring: a core on a copy, logged in, the docked pens to come. */
interface Subject {
  dir: string;
  core: Core;
  office: CoreClient;
  registrations: number;
  correct(): Promise<unknown>;
  figures: Record<Exclude<keyof Figures, 'registrations'>, number[]>;
}

const coreOptions = (dir: string) =>
  ({ dataDir: dir, shell: 'cli', logLevel: 'silent', watchDevices: false, syncIntervalSeconds: 0 }) as const;

/** A migrated copy: a copy made by an older build migrates at its first open, which is not measured. */
async function prepare(file: string): Promise<string> {
  const dir = copyHistory(file);
  await (await createCore(coreOptions(dir))).close();
  return dir;
}

async function open(dir: string, starts: number[]): Promise<Subject> {
  const core = await createCore(coreOptions(dir));
  const office = core.connect();
  await ok(office, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
  const departs = (
    (await ok(office, 'registrations.list', { from: DAY, to: DAY, limit: 200 })) as {
      rows: { id: string; kind: string }[];
    }
  ).rows.filter((r) => r.kind === 'depart');
  let k = 0;
  return {
    dir,
    core,
    office,
    registrations: core.database.sqlite.prepare('select count(*) from registrations').pluck().get() as number,
    correct: () =>
      ok(office, 'corrections.create', {
        correctsId: departs[k++ % departs.length]!.id,
        reason: 'Mätning av dagslistan',
        changes: { time: { date: DAY, time: '07:45' } },
      }),
    figures: {
      start: starts,
      dayList: [],
      pairMonth: [],
      billing: [],
      attest: [],
      docking: [],
      syncIdle: [],
    },
  };
}

/** One round of every in-process figure on one history. */
async function round(s: Subject): Promise<void> {
  const { office, figures } = s;
  await s.correct();
  figures.dayList.push(
    await timed(() => ok(office, 'registrations.list', { from: DAY, to: DAY, limit: 200 })),
  );
  await s.correct();
  figures.billing.push(await timed(() => ok(office, 'billing.basis', { month: MONTH })));
  const { start, end } = monthBounds(MONTH, TZ);
  const sources = pairingSources(s.core.database.sqlite);
  figures.pairMonth.push(await timed(() => pairRange(sources, start, end)));
  let id = '';
  figures.attest.push(
    await timed(async () => {
      id = ((await ok(office, 'attestations.create', { month: MONTH })) as { id: string }).id;
    }),
  );
  await ok(office, 'attestations.reopen', { id, reason: 'Mätning, öppnas igen' });
}

async function dock(s: Subject, transcript: string): Promise<void> {
  const pen = createReplayTransport(transcript, 'bench');
  s.figures.docking.push(
    await timed(async () => {
      const [outcome] = await s.core.docking.dockOnce(pen, 'bench', new AbortController().signal);
      if (!outcome || outcome.error || outcome.counts.inserted !== DOCK_RECORDS)
        throw new Error(`docking incomplete: ${outcome?.error?.message}`);
    }),
  );
  pen.assertDone();
}

/** Installed against the in-process server; what was docked goes up first, then the idle passes. */
async function install(s: Subject, server: BenchServer): Promise<void> {
  const { code } = await createEnrolmentCode(server.server.ctx, { providerId: PROVIDER });
  const profile = await exportInstallProfile(server.server.ctx, MUNICIPALITY, server.server.url);
  await s.core.sync.install({
    profile: JSON.stringify(profile),
    code,
    workstationName: 'Bench',
    sourceAddress: '127.0.0.1',
  });
  await s.core.sync.runOnce('user');
}

function summary(s: Subject): Figures {
  const f = s.figures;
  return {
    start: median(f.start),
    dayList: best(f.dayList),
    pairMonth: best(f.pairMonth),
    billing: best(f.billing),
    attest: best(f.attest),
    docking: best(f.docking),
    syncIdle: best(f.syncIdle),
    registrations: s.registrations,
  };
}

const monthFile = await cachedHistory(fiveYears(30), log);
const longFile = await cachedHistory(fiveYears(LONG_DAYS), log);
const transcripts = await recordConversations();
const server = await benchServer(async (d) => ({
  engine: 'pglite',
  dataDir: path.join(d, 'pgdata'),
  durable: true,
}));
// Both histories are open at once and each figure is taken in turn on one and the other, so a
// busy moment of this shared machine falls on both sides of a ratio.
const dirs = [await prepare(monthFile), await prepare(longFile)] as const;
const starts: [number[], number[]] = [[], []];
for (let i = 0; i < 3; i++) for (const k of [0, 1] as const) starts[k].push(await startToReady(dirs[k]));
const short = await open(dirs[0], starts[0]);
const longer = await open(dirs[1], starts[1]);
let okAll = true;
try {
  for (let i = 0; i < RUNS; i++) for (const s of [short, longer]) await round(s);
  for (const t of transcripts) for (const s of [short, longer]) await dock(s, t);
  for (const s of [short, longer]) await install(s, server);
  for (let i = 0; i < RUNS; i++)
    for (const s of [short, longer]) s.figures.syncIdle.push(await timed(() => s.core.sync.runOnce('user')));
  for (const s of [short, longer]) {
    s.office.close();
    await s.core.close();
  }
  for (let i = 0; i < 3; i++)
    for (const s of [short, longer]) s.figures.start.push(await startToReady(s.dir));
  const month = summary(short);
  const long = summary(longer);
  const years = `${(LONG_DAYS / 365.25).toFixed(1)} years (${long.registrations} registrations)`;
  const base = `one month (${month.registrations})`;
  const line = (label: string, key: keyof Figures, target?: number) => {
    const ratio = long[key] / month[key];
    const meets = target === undefined || ratio <= target;
    okAll =
      report(
        `five-years: ${label} ${long[key].toFixed(0)} ms at ${years}, ${ratio.toFixed(2)}x ${base} (${month[key].toFixed(0)} ms)${target ? `; target <= ${target}x` : ''}`,
        meets,
      ) && okAll;
  };
  okAll =
    report(
      `five-years: start to ready ${long.start.toFixed(0)} ms at ${years}, ${(long.start / month.start).toFixed(2)}x ${base} (${month.start.toFixed(0)} ms); target < 2000 ms`,
      long.start < 2000,
    ) && okAll;
  line('registrations day list', 'dayList', 1.5);
  line('pairing a month', 'pairMonth');
  line('billing basis of a month', 'billing', 1.5);
  line('an attestation', 'attest');
  line(`docking ${DOCK_RECORDS} records`, 'docking');
  line('sync pass with nothing to send', 'syncIdle');
} finally {
  await server.close();
  for (const s of [short, longer]) rmSync(s.dir, { recursive: true, force: true });
}
process.exit(okAll ? 0 : 1);
