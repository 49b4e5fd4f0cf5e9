// The Exchange calendars. (1) A week of 2,000 planned visits for 150 staff written to the Graph
// fake through the product's path (plan saved with its job in one transaction, the calendar
// runner, the Graph backend): items per second, against the same backend calls made directly
// (no queue, no database) in the same run. (2) A moved visit reaching the fake calendar: the time
// from the save's commit to the item's new start on the fake, p95 of 50 moves, limit 5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { CalendarEvent } from '../integrations/calendar/backend.ts';
import { startGraphFake, type GraphFake } from '../integrations/graph/fake.ts';
import { createGraphBackend } from '../integrations/graph/client.ts';
import { createEwsBackend } from '../integrations/ews/client.ts';
import { startEwsFake, type EwsFake } from '../integrations/ews/fake.ts';
import type { CalendarBackend } from '../integrations/calendar/backend.ts';
import type { ExchangeConfig } from '../src/main/calendar/settings.ts';
import { calendarBackendOf } from '../src/main/calendar/backends.ts';
import { CalendarData } from '../src/main/calendar/data.ts';
import { calendarJobKinds } from '../src/main/calendar/kinds.ts';
import { CalendarService } from '../src/main/calendar/service.ts';
import { exchangeSettings } from '../src/main/calendar/settings.ts';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { fileSecretStore } from '../src/main/integrations/secrets.ts';
import { ChannelRunner, JobQueue } from '../src/main/jobs/index.ts';
import { PlanData, type PlanRow } from '../src/main/plans/data.ts';
import { RecipientData } from '../src/main/recipients/data.ts';
import { StaffData } from '../src/main/staff/data.ts';
import { report } from './support.ts';

const PLANS = 2000;
const STAFF = 150;
const MOVES = 50;
const CONCURRENCY = 2;
const TENANT = 'omsorg.example';
const CLIENT = 'bench-app';
const SECRET = 'bench-secret';
const mailbox = (s: number) => `staff${s}@omsorg.example`;
const weekStart = Date.parse('2027-03-01T06:00:00.000Z');
const startOf = (i: number) => weekStart + (i % 7) * 86_400_000 + (Math.floor(i / 7) % 28) * 1_800_000;

async function fake(): Promise<GraphFake> {
  const users: Record<string, { displayName: string }> = {};
  for (let s = 0; s < STAFF; s++) users[mailbox(s)] = { displayName: `Personal ${s}` };
  return startGraphFake({ tenant: TENANT, clientId: CLIENT, clientSecret: SECRET, users });
}

function planOf(i: number, shift = 0): PlanRow {
  const start = startOf(i) + shift;
  return {
    id: `plan-${i}`,
    recipientId: 'r-1',
    orderId: null,
    staffIds: JSON.stringify([`s-${i % STAFF}`]),
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(start + 1_800_000).toISOString(),
    tasks: '[]',
    services: '[]',
    seriesId: null,
    status: 'planned',
    editedAt: new Date().toISOString(),
    editedBy: 'bench',
  };
}

interface Target {
  config: ExchangeConfig;
  secret: ['exchange.clientSecret' | 'exchange.password', string];
  count(mailbox: string, planId: string): number;
  startOf(mailbox: string, planId: string): number | undefined;
  backend(): CalendarBackend;
}

function graphTarget(graph: GraphFake): Target {
  const mine = (m: string, id: string) => graph.events(m).filter((x) => Object.values(x.props).includes(id));
  return {
    config: {
      backend: 'graph',
      url: graph.url,
      authType: 'ntlm',
      user: '',
      domain: '',
      tenant: TENANT,
      clientId: CLIENT,
      authorityHost: graph.tokens.url,
      privacy: 'standard',
      weeksAhead: 4,
      ca: graph.ca,
    },
    secret: ['exchange.clientSecret', SECRET],
    count: (m, id) => mine(m, id).length,
    startOf: (m, id) => mine(m, id)[0]?.start,
    backend: () =>
      createGraphBackend({
        graphUrl: graph.url,
        tenant: TENANT,
        clientId: CLIENT,
        clientSecret: SECRET,
        authorityHost: graph.tokens.url,
        ca: graph.ca,
      }),
  };
}

function ewsTarget(ews: EwsFake): Target {
  const mine = (m: string, id: string) => ews.items(m).filter((x) => x.key === id);
  return {
    config: {
      backend: 'ews',
      url: ews.url,
      authType: 'basic',
      user: 'svc-caredock',
      domain: '',
      tenant: '',
      clientId: '',
      authorityHost: 'https://login.microsoftonline.com',
      privacy: 'standard',
      weeksAhead: 4,
      ca: ews.ca,
    },
    secret: ['exchange.password', SECRET],
    count: (m, id) => mine(m, id).length,
    startOf: (m, id) => mine(m, id)[0]?.start,
    backend: () =>
      createEwsBackend({
        url: ews.url,
        auth: { type: 'basic', user: 'svc-caredock', password: SECRET },
        ca: ews.ca,
      }),
  };
}

/** The product's path on a fresh data folder. */
async function throughProduct(target: Target): Promise<{ perSecond: number; p95: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-cal-'));
  const db = openDatabase(path.join(dir, 'caredock.db'));
  applyMigrations(
    db.sqlite,
    db.db,
    path.resolve(import.meta.dirname, '../migrations'),
    path.join(dir, 'backups'),
  );
  const { sqlite } = db;
  const secrets = fileSecretStore(dir);
  const settings = exchangeSettings(sqlite);
  settings.set(target.config);
  secrets.set(...target.secret);
  sqlite.transaction(() => {
    for (let s = 0; s < STAFF; s++)
      sqlite
        .prepare("insert into staff (id, name, source, calendar_address) values (?, ?, 'server', ?)")
        .run(`s-${s}`, `Personal ${s}`, mailbox(s));
    sqlite
      .prepare(
        "insert into recipients (id, name, address, source) values ('r-1', 'Karin Karlsson', 'Storgatan 1, 722 11 Västerås', 'server')",
      )
      .run();
  })();
  const queue = new JobQueue({ sqlite, kinds: [...calendarJobKinds] });
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
  const runner = new ChannelRunner(queue, {
    channel: 'calendar',
    concurrency: CONCURRENCY,
    idleMs: 50,
    adapters: calendar.adapters(),
  });
  const save = (row: PlanRow, edit: string) =>
    sqlite.transaction(() => {
      plans.saveLocal(row, { id: edit, payload: '{}' });
      calendar.planChanged(row.id);
    })();
  const settled = async () => {
    for (;;) {
      const c = queue.channels().find((x) => x.channel === 'calendar')?.counts;
      if (c && c.waiting + c.running + c.retry === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    for (let i = 0; i < PLANS; i++) save(planOf(i), `e-${i}`);
    const t0 = performance.now();
    runner.start();
    await settled();
    const seconds = (performance.now() - t0) / 1000;
    let items = 0;
    for (let i = 0; i < PLANS; i++) items += target.count(mailbox(i % STAFF), `plan-${i}`);
    if (items !== PLANS) throw new Error(`expected ${PLANS} items, found ${items}`);

    const latencies: number[] = [];
    for (let m = 0; m < MOVES; m++) {
      const i = m * 37;
      const row = planOf(i, 3600_000 * (m + 1));
      const moveTo = Date.parse(row.plannedStart);
      const t = performance.now();
      save(row, `move-${m}`);
      for (;;) {
        if (target.startOf(mailbox(i % STAFF), row.id) === moveTo) break;
        if (performance.now() - t > 30_000) throw new Error('a move never arrived');
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    return { perSecond: PLANS / seconds, p95: latencies[Math.floor(latencies.length * 0.95)]! };
  } finally {
    await runner.stop();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same backend calls for the same events, made directly: the fake's own pace. */
async function direct(target: Target): Promise<number> {
  const backend = target.backend();
  const events: CalendarEvent[] = Array.from({ length: PLANS }, (_, i) => ({
    key: `plan-${i}`,
    mailbox: mailbox(i % STAFF),
    subject: `Besök ${i}`,
    body: 'Planerat i CareDock.',
    start: startOf(i),
    end: startOf(i) + 1_800_000,
    timeZone: 'Europe/Stockholm',
  }));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < events.length) {
        const r = await backend.upsert(events[next++]!, null);
        if (!r.ok) throw new Error(`direct upsert failed: ${r.code}`);
      }
    }),
  );
  return PLANS / ((performance.now() - t0) / 1000);
}

async function ewsFake(): Promise<EwsFake> {
  const mailboxes: Record<string, string> = {};
  for (let s = 0; s < STAFF; s++) mailboxes[mailbox(s)] = `Personal ${s}`;
  // Every 100th body is checked with xmllint: checking all would time xmllint, not CareDock.
  return startEwsFake({
    mailboxes,
    auth: { type: 'basic', user: 'svc-caredock', password: SECRET },
    validateEvery: 100,
  });
}

let ok = true;
for (const [name, make] of [
  ['Graph', async () => graphTarget(await fake())],
  ['EWS', async () => ewsTarget(await ewsFake())],
] as const) {
  const fakes: { close(): Promise<void> }[] = [];
  const open = async () => {
    const t = await make();
    return t;
  };
  const a = await open();
  const b = await open();
  try {
    const baseline = await direct(a);
    const ours = await throughProduct(b);
    ok =
      report(
        `calendar (${name} fake): ${PLANS} visits for ${STAFF} staff, ${ours.perSecond.toFixed(0)} items/s, ${(ours.perSecond / baseline).toFixed(2)} of the same backend calls made directly (${baseline.toFixed(0)} items/s); floor 0.5`,
        ours.perSecond / baseline >= 0.5,
      ) && ok;
    ok =
      report(
        `calendar (${name} fake): a moved visit in the calendar ${ours.p95.toFixed(0)} ms after the save (p95 of ${MOVES}); limit 5000 ms`,
        ours.p95 < 5000,
      ) && ok;
  } finally {
    for (const f of fakes) await f.close();
  }
}
process.exitCode = ok ? 0 : 1;
