// A workstation-like process for the calendar kill -9 test: the product's queue, calendar service
// and Graph backend on a data folder. It writes a week of plans (each with its calendar job, in
// one transaction per batch, as the planning board does), moves every tenth, and runs until every
// calendar job is settled. Only the job kind's lease and backoff are shortened.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { calendarBackendOf } from '../../src/main/calendar/backends.ts';
import { CalendarData } from '../../src/main/calendar/data.ts';
import { calendarReconcileJob, calendarSyncJob } from '../../src/main/calendar/kinds.ts';
import { CalendarService } from '../../src/main/calendar/service.ts';
import { exchangeSettings } from '../../src/main/calendar/settings.ts';
import { applyMigrations } from '../../src/main/db/migrate.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { fileSecretStore } from '../../src/main/integrations/secrets.ts';
import { ChannelRunner, JobQueue } from '../../src/main/jobs/index.ts';
import { PlanData, type PlanRow } from '../../src/main/plans/data.ts';
import { RecipientData } from '../../src/main/recipients/data.ts';
import { StaffData } from '../../src/main/staff/data.ts';

const [dataDir, countText, staffText, graphUrl, tokenUrl, caFile, weekStartText] = process.argv.slice(2);
const count = Number(countText);
const staffCount = Number(staffText);
const weekStart = Number(weekStartText);
const db = openDatabase(path.join(dataDir!, 'caredock.db'));
applyMigrations(
  db.sqlite,
  db.db,
  path.resolve(import.meta.dirname, '../../migrations'),
  path.join(dataDir!, 'backups'),
);
const { sqlite } = db;

// The product's kinds as they are: a start releases the dead process's leases, and nothing here
// fails, so neither the lease nor the backoff is waited out.
const queue = new JobQueue({ sqlite, kinds: [calendarSyncJob, calendarReconcileJob] });
const secrets = fileSecretStore(dataDir!);
const settings = exchangeSettings(sqlite);
if (!settings.get()) {
  settings.set({
    backend: 'graph',
    url: graphUrl!,
    authType: 'ntlm',
    user: '',
    domain: '',
    tenant: 'omsorg.example',
    clientId: 'crash-app',
    authorityHost: tokenUrl!,
    privacy: 'standard',
    weeksAhead: 4,
    ca: readFileSync(caFile!, 'utf8'),
  });
  secrets.set('exchange.clientSecret', 'crash-secret');
  sqlite.transaction(() => {
    for (let s = 0; s < staffCount; s++)
      sqlite
        .prepare("insert into staff (id, name, source, calendar_address) values (?, ?, 'server', ?)")
        .run(`s-${s}`, `Personal ${s}`, `staff${s}@omsorg.example`);
    sqlite
      .prepare(
        "insert into recipients (id, name, address, source) values ('r-1', 'Karin Karlsson', 'Storgatan 1, 722 11 Västerås', 'server')",
      )
      .run();
  })();
}

const plans = new PlanData(sqlite);
const calendar = new CalendarService({
  sqlite,
  queue,
  data: new CalendarData(sqlite),
  plans,
  staff: new StaffData(sqlite),
  recipients: new RecipientData(sqlite),
  settings,
  backend: calendarBackendOf(secrets),
  timeZone: () => 'Europe/Stockholm',
  language: () => 'sv',
  now: () => Date.now(),
  logger: pino({ level: 'silent' }),
});

function planOf(i: number, moved: boolean): PlanRow {
  // Spread over the week's days 07:00–21:00 local (about), 30 minutes each.
  const start =
    weekStart +
    (i % 7) * 86_400_000 +
    7 * 3600_000 +
    (Math.floor(i / 7) % 28) * 1_800_000 +
    (moved ? 3600_000 : 0);
  return {
    id: `plan-${i}`,
    recipientId: 'r-1',
    orderId: null,
    staffIds: JSON.stringify([`s-${i % staffCount}`]),
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(start + 1_800_000).toISOString(),
    tasks: '[]',
    services: '[]',
    seriesId: null,
    status: 'planned',
    editedAt: new Date().toISOString(),
    editedBy: 'crash',
  };
}

queue.releaseOrphanedLeases();
const runner = new ChannelRunner(queue, {
  channel: 'calendar',
  concurrency: 4,
  idleMs: 100,
  adapters: calendar.adapters(),
});
runner.start();
process.stdout.write('running\n');

// Write what is not written yet: each plan, then every tenth moved an hour later.
const write = (i: number, moved: boolean) => {
  const row = planOf(i, moved);
  plans.saveLocal(row, { id: `edit-${i}-${moved ? 'b' : 'a'}`, payload: '{}' });
  calendar.planChanged(row.id);
};
const hasEdit = sqlite.prepare('select 1 from visit_plan_edits where id = ?');
for (let from = 0; from < count; from += 50) {
  sqlite.transaction(() => {
    for (let i = from; i < Math.min(count, from + 50); i++) if (!hasEdit.get(`edit-${i}-a`)) write(i, false);
  })();
  await new Promise((r) => setTimeout(r, 5));
}
sqlite.transaction(() => {
  for (let i = 0; i < count; i += 10) if (!hasEdit.get(`edit-${i}-b`)) write(i, true);
})();

const timer = setInterval(() => {
  const counts = queue.channels().find((c) => c.channel === 'calendar')?.counts;
  if (counts && counts.waiting + counts.running + counts.retry === 0) {
    clearInterval(timer);
    void runner.stop().then(() => {
      process.stdout.write(`settled ${JSON.stringify(counts)}\n`);
      sqlite.close();
    });
  }
}, 100);
