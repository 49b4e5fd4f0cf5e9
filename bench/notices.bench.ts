// Notices. (1) The day-before run for 2,000 planned visits tomorrow, each recipient with consent
// and a number: the run renders and enqueues every SMS (job + notice row, one transaction) and
// must finish in under a second; the baseline is a raw batched insert of the same job and notice
// rows into the same tables, same run. (2) Docking ingest with every notice rule on (SMTP and
// SMS set up, the pen's staff with visits to check) against ingest without: each as a ratio to
// raw batched insert of the same registrations in the same run; the two ratios must be within 10 %.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { createRecordingTransport, createReplayTransport } from '../drivers/transports/transcript.ts';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { NoticeData } from '../src/main/notices/data.ts';
import { NoticeService } from '../src/main/notices/service.ts';
import { defaultRules } from '../src/main/notices/templates.ts';
import { PlanData } from '../src/main/plans/data.ts';
import { RecipientData } from '../src/main/recipients/data.ts';
import { SettingsData } from '../src/main/settings/data.ts';
import { StaffData } from '../src/main/staff/data.ts';
import { zonedInstant } from '../src/shared/domain/time.ts';
import { benchCore, report } from './support.ts';

const TZ = 'Europe/Stockholm';
const VISITS = 2000;
const RECORDS = 30_000;
const BATCH = 200;
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const migrationsDir = path.resolve(import.meta.dirname, '../migrations');
type Bench = Awaited<ReturnType<typeof benchCore>>;

// ── (1) the day-before run ──

function seedVisits(b: Bench, visitDay: string): void {
  const sqlite = b.core.database.sqlite;
  const rec = sqlite.prepare(
    `insert into recipients (id, name, protected_identity, source, notice_language, phone, consent_by, consent_at)
     values (?, ?, ?, 'server', 'sv', ?, 'bench', '2026-01-01T00:00:00.000Z')`,
  );
  const plan = sqlite.prepare(
    `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by, source)
     values (?, ?, null, '["s-1"]', ?, ?, '[]', 'planned', '2026-01-01T00:00:00.000Z', 'bench', 'server')`,
  );
  sqlite.prepare(`insert into staff (id, name, source) values ('s-1', 'Bench Staff', 'server')`).run();
  sqlite.transaction(() => {
    for (let i = 0; i < VISITS; i++) {
      const start = zonedInstant(visitDay, '07:00', TZ) + (i % 720) * 60_000;
      rec.run(`r-${i}`, `Brukare ${i}`, i % 10 === 0 ? 1 : 0, `+4670${String(1000000 + i).slice(-7)}`);
      plan.run(`p-${i}`, `r-${i}`, new Date(start).toISOString(), new Date(start + 1800_000).toISOString());
    }
  })();
}

function noticeService(b: Bench, now: number): NoticeService {
  const sqlite = b.core.database.sqlite;
  return new NoticeService({
    sqlite,
    queue: b.core.integrations.queue,
    data: new NoticeData(sqlite),
    settings: new SettingsData(sqlite),
    channels: b.core.integrations.settings,
    secrets: b.core.integrations.secrets,
    recipients: new RecipientData(sqlite),
    staff: new StaffData(sqlite),
    plans: new PlanData(sqlite),
    timeZone: () => TZ,
    defaultLanguage: () => 'sv',
    providerName: () => 'Omsorg Norr AB',
    now: () => now,
  });
}

async function dayBeforeRun(): Promise<{ ms: number; rows: { job: unknown[]; notice: unknown[] }[] }> {
  const b = await benchCore();
  try {
    // Runners stopped: the figure is the enqueueing, not the (absent) gateway.
    await b.core.integrations.stop();
    seedVisits(b, '2026-05-12');
    const now = zonedInstant('2026-05-11', '16:00', TZ);
    const s = noticeService(b, now - 3600_000);
    s.saveRules({ ...defaultRules, dayBefore: { ...defaultRules.dayBefore, enabled: true } });
    const run = noticeService(b, now);
    const t0 = performance.now();
    run.runDayBefore();
    const ms = performance.now() - t0;
    const sqlite = b.core.database.sqlite;
    const jobs = sqlite
      .prepare(`select * from jobs where kind = 'sms.send' order by id`)
      .raw()
      .all() as unknown[][];
    const notices = sqlite.prepare('select * from notices order by id').raw().all() as unknown[][];
    if (jobs.length !== VISITS) throw new Error(`expected ${VISITS} jobs, got ${jobs.length}`);
    return { ms, rows: jobs.map((job, i) => ({ job, notice: notices[i]! })) };
  } finally {
    await b.done();
  }
}

function rawJobInsert(rows: { job: unknown[]; notice: unknown[] }[]): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-raw-'));
  const raw = openDatabase(path.join(dir, 'raw.db'));
  try {
    applyMigrations(raw.sqlite, raw.db, migrationsDir, path.join(dir, 'backups'));
    const jc = rows[0]!.job.length;
    const nc = rows[0]!.notice.length;
    const job = raw.sqlite.prepare(`insert into jobs values (${Array(jc).fill('?').join(',')})`);
    const notice = raw.sqlite.prepare(`insert into notices values (${Array(nc).fill('?').join(',')})`);
    const t0 = performance.now();
    raw.sqlite
      .transaction(() => {
        for (const r of rows) {
          job.run(...r.job);
          notice.run(...r.notice);
        }
      })
      .immediate();
    return performance.now() - t0;
  } finally {
    raw.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await dayBeforeRun(); // warm-up
const runs: number[] = [];
const raws: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await dayBeforeRun();
  runs.push(r.ms);
  raws.push(rawJobInsert(r.rows));
}
const runMs = median(runs);
const rawMs = median(raws);
const ok1 = report(
  `notices: day-before run for ${VISITS} visits enqueued in ${runMs.toFixed(0)} ms (median of ${ROUNDS}), ${(runMs / rawMs).toFixed(1)}× raw insert of the same job and notice rows (${rawMs.toFixed(1)} ms); limit 1000 ms`,
  runMs < 1000,
);

// ── (2) docking ingest with and without notices ──

async function recordConversation(): Promise<string> {
  const b = await benchCore();
  try {
    const dock = createSimulatedDock({ pens: [{ serial: 'BENCH-1', records: RECORDS, seed: 9 }], seed: 9 });
    const pair = createMemoryPair('bench');
    void runSimulator({ transport: pair.device, dock });
    const recorder = createRecordingTransport(pair.host);
    const [outcome] = await b.core.docking.dockOnce(recorder, 'bench', new AbortController().signal);
    if (!outcome || outcome.error) throw new Error(`recording failed: ${outcome?.error?.message}`);
    return recorder.transcript();
  } finally {
    await b.done();
  }
}

/** Every rule on, both channels set up, the pen carried by staff with visits today to check. */
function enableNotices(b: Bench): void {
  const sqlite = b.core.database.sqlite;
  const s = b.core.integrations.settings;
  s.setSmtp({
    host: '127.0.0.1',
    port: 9,
    security: 'starttls',
    authType: 'none',
    user: '',
    tenant: '',
    clientId: '',
    authorityHost: 'https://login.microsoftonline.com',
    scope: 'https://outlook.office365.com/.default',
    from: 'aviseringar@omsorg.example',
  });
  s.setSms({
    provider: 'tellustalk',
    url: 'https://127.0.0.1:9',
    account: 'a',
    sender: 'Omsorg',
    country: 'SE',
  });
  const to = ['samordnare@omsorg.example'];
  noticeService(b, Date.now()).saveRules({
    dayBefore: { ...defaultRules.dayBefore, enabled: true },
    lateChange: { ...defaultRules.lateChange, enabled: true },
    orderChanged: { ...defaultRules.orderChanged, enabled: true, to },
    missedVisit: { ...defaultRules.missedVisit, enabled: true, to },
    failing: { ...defaultRules.failing, enabled: true, to },
  });
  sqlite.prepare(`insert into staff (id, name, source) values ('s-1', 'Bench Staff', 'server')`).run();
  sqlite
    .prepare(
      `insert into pens (serial, model, firmware, battery_percent, first_seen_at, last_seen_at)
       values ('BENCH-1', 'bench', '1', 90, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')`,
    )
    .run();
  sqlite
    .prepare(
      `insert into pen_assignments (pen_serial, staff_id, valid_from) values ('BENCH-1', 's-1', '2020-01-01T00:00:00.000Z')`,
    )
    .run();
  sqlite.prepare(`insert into recipients (id, name, source) values ('r-1', 'Brukare', 'server')`).run();
  const plan = sqlite.prepare(
    `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by, source)
     values (?, 'r-1', null, '["s-1"]', ?, ?, '[]', 'planned', '2026-01-01T00:00:00.000Z', 'bench', 'server')`,
  );
  const day = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < 20; i++) {
    const start = Date.parse(`${day}T06:00:00Z`) + i * 1800_000;
    plan.run(`p-${i}`, new Date(start).toISOString(), new Date(start + 1500_000).toISOString());
  }
}

async function dockOnce(transcript: string, notices: boolean) {
  const b = await benchCore();
  try {
    if (notices) enableNotices(b);
    const pen = createReplayTransport(transcript, 'bench');
    const t0 = performance.now();
    const [outcome] = await b.core.docking.dockOnce(pen, 'bench', new AbortController().signal);
    const ms = performance.now() - t0;
    if (!outcome || outcome.error || outcome.counts.inserted !== RECORDS)
      throw new Error(`upload incomplete: ${outcome?.error?.message}`);
    const rows = b.core.database.sqlite
      .prepare('select * from registrations order by sequence')
      .all() as Record<string, unknown>[];
    return { ms, rows };
  } finally {
    await b.done();
  }
}

function rawRegistrations(rows: Record<string, unknown>[]): number {
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

const conversation = await recordConversation();
const warm = await dockOnce(conversation, true);
rawRegistrations(warm.rows);
const ratios = { off: [] as number[], on: [] as number[] };
// Interleaved, so drift in the machine's load falls on both sides alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const notices of [false, true]) {
    const { ms, rows } = await dockOnce(conversation, notices);
    const base = rawRegistrations(rows);
    (notices ? ratios.on : ratios.off).push(base / ms);
  }
}
const off = median(ratios.off);
const on = median(ratios.on);
const change = on / off;
const ok2 = report(
  `notices: docking ingest with every notice rule on at ${on.toFixed(2)} of raw insert, without at ${off.toFixed(2)} (${RECORDS} records, median of ${ROUNDS}); with/without ${change.toFixed(2)}, floor 0.90`,
  change >= 0.9,
);
process.exit(ok1 && ok2 ? 0 : 1);
