// A retention run against a real database: each kind goes in batches up to a limit and the next
// run continues where it stopped; the rules' days are cut-offs of their own; the run's report
// and its audit row name what was removed; the daily job runs first a while after start.
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditData } from '../../src/main/audit/data.ts';
import { createAuditLog } from '../../src/main/audit/log.ts';
import { CorrectionData } from '../../src/main/corrections/data.ts';
import { DockingData } from '../../src/main/docking/data.ts';
import type { Logger } from '../../src/main/log/logger.ts';
import { uuidv7 } from '../../src/main/ids.ts';
import { RegistrationData } from '../../src/main/registrations/data.ts';
import type { Attested } from '../../src/main/retention/rules.ts';
import { RetentionService, type RetentionDeps } from '../../src/main/retention/service.ts';
import { OutboxData } from '../../src/main/sync/data.ts';
import type { RetentionPolicy } from '../../src/shared/sync/entities.ts';
import { startTestCore, type TestCore } from '../helpers/core.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const daysAgo = (days: number, ms = 0) => iso(NOW - days * DAY + ms);

const POLICY: RetentionPolicy = {
  id: '0180',
  registrationDays: 400,
  penBytesDays: 100,
  sentOutboxDays: 200,
  auditDays: 300,
  noticeDays: 50,
  erasureAllowed: false,
};

let t: TestCore;
let sqlite: Database.Database;
beforeAll(async () => {
  t = await startTestCore({ watchDevices: false, retention: false });
  sqlite = t.core.database.sqlite;
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(() => {
  sqlite.exec(`delete from corrections; delete from registrations; delete from outbox;
    delete from dock_session_bytes; delete from dock_sessions; delete from audit_log`);
});

interface Seen {
  notices: [number, number][];
  info: unknown[][];
  errors: unknown[][];
}

function service(over: Partial<RetentionDeps> = {}, seen: Seen = { notices: [], info: [], errors: [] }) {
  const audit = new AuditData(sqlite);
  const logger = {
    info: (...args: unknown[]) => seen.info.push(args),
    error: (...args: unknown[]) => seen.errors.push(args),
  } as unknown as Logger;
  return new RetentionService({
    sqlite,
    policy: () => POLICY,
    registrations: new RegistrationData(sqlite),
    corrections: new CorrectionData(sqlite),
    outbox: new OutboxData(sqlite),
    docking: new DockingData(sqlite),
    audit,
    auditLog: createAuditLog(audit),
    notices: {
      expireFinished(beforeMs, limit) {
        seen.notices.push([beforeMs, limit]);
        return 0;
      },
    },
    attested: () => () => true,
    logger,
    now: () => NOW,
    ...over,
  });
}

let seq = 0;
/** A registration, its outbox row in `state`; returns its id. */
function registration(
  time: string,
  opts: { state?: string; recipient?: string | null; session?: string | null; id?: string } = {},
) {
  const id = opts.id ?? `reg-${String(++seq).padStart(4, '0')}`;
  sqlite
    .prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, flags, recipient_id, session_id, received_at)
       values (?, 'P', ?, 'AAAAAAAA', ?, ?, 'arrive', '[]', ?, ?, ?)`,
    )
    .run(id, seq, time, time, opts.recipient ?? 'r-1', opts.session ?? null, time);
  sqlite
    .prepare(`insert into outbox (kind, item_id, state, day) values ('registration', ?, ?, ?)`)
    .run(id, opts.state ?? 'sent', NOW_DAY);
  return id;
}
const NOW_DAY = iso(NOW).slice(0, 10);

function correction(of: string, changes: object, state = 'sent') {
  const id = `cor-${of}`;
  sqlite
    .prepare(
      `insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (?, ?, 'x', ?, ?, 'test')`,
    )
    .run(id, of, JSON.stringify(changes), daysAgo(1));
  sqlite
    .prepare(`insert into outbox (kind, item_id, state, day) values ('correction', ?, ?, ?)`)
    .run(id, state, NOW_DAY);
  return id;
}

function docking(id: string, startedAt: string, chunks = 2) {
  sqlite
    .prepare(`insert into dock_sessions (id, dock, started_at, status) values (?, 'dock-1', ?, 'done')`)
    .run(id, startedAt);
  for (let c = 0; c < chunks; c++)
    sqlite
      .prepare(`insert into dock_session_bytes (session_id, chunk, bytes) values (?, ?, ?)`)
      .run(id, c, Buffer.from([c]));
}

const registrations = () => sqlite.prepare('select id from registrations order by id').pluck().all();
const corrections = () => sqlite.prepare('select id from corrections order by id').pluck().all();
const bytesOf = () =>
  sqlite.prepare('select distinct session_id from dock_session_bytes order by session_id').pluck().all();
const outboxRows = () =>
  sqlite.prepare(`select kind || ':' || item_id from outbox order by kind, item_id`).pluck().all();

describe('a retention run', () => {
  it('removes nothing and records no run without the municipality’s rules', async () => {
    registration(daysAgo(500));
    const report = await service({ policy: () => null }).run();
    expect(report).toEqual({
      ran: false,
      registrations: 0,
      corrections: 0,
      penBytes: 0,
      sentOutbox: 0,
      audit: 0,
      notices: 0,
      kept: 0,
    });
    expect(registrations()).toHaveLength(1);
    expect(sqlite.prepare(`select count(*) from audit_log`).pluck().get()).toBe(0);
  });

  it('removes a registration only once it is older than the rules’ days', async () => {
    const old = registration(daysAgo(400, -1));
    const young = registration(daysAgo(400, 1));
    const report = await service().run();
    expect(registrations()).toEqual([young]);
    expect(report.registrations).toBe(1);
    expect(outboxRows()).toEqual([`registration:${young}`]);
    expect(old).not.toBe(young);
  });

  it('removes a registration with its corrections and their sent outbox rows, and the audit row names what was removed', async () => {
    const gone = registration(daysAgo(500));
    correction(gone, { void: true });
    const unconfirmed = registration(daysAgo(501), { state: 'pending' });
    const corrected = registration(daysAgo(502));
    correction(corrected, {}, 'quarantined');
    const unattested = registration(daysAgo(503), { recipient: 'r-2' });
    const attested: Attested = (_instant, recipientId) => recipientId === 'r-1';
    const seen: Seen = { notices: [], info: [], errors: [] };
    const report = await service({ attested: () => attested }, seen).run();

    expect(registrations()).toEqual([unconfirmed, corrected, unattested].sort());
    expect(corrections()).toEqual([`cor-${corrected}`]);
    expect(outboxRows()).toEqual(
      [
        `correction:cor-${corrected}`,
        `registration:${unconfirmed}`,
        `registration:${corrected}`,
        `registration:${unattested}`,
      ].sort(),
    );
    const counts = {
      registrations: 1,
      corrections: 1,
      penBytes: 0,
      sentOutbox: 2,
      audit: 0,
      notices: 0,
      kept: 3,
    };
    expect(report).toEqual({ ran: true, ...counts });
    const entry = sqlite
      .prepare(`select actor_user_id as userId, actor, action, subject, details from audit_log`)
      .all();
    expect(entry).toEqual([
      {
        userId: null,
        actor: null,
        action: 'retention.run',
        subject: '0180',
        details: JSON.stringify(counts),
      },
    ]);
    expect(seen.info).toEqual([[counts, expect.stringContaining('retention')]]);
  });

  it('a batch stops at its limit, the run at its number of batches, and the next run continues', async () => {
    const ids = [1, 2, 3, 4, 5].map((d) => registration(daysAgo(500 + d)));
    const s = service({ batch: 2, maxBatches: 2 });
    const first = await s.run();
    expect(first.registrations).toBe(4);
    expect(first.sentOutbox).toBe(4);
    expect(registrations()).toHaveLength(1);
    const second = await s.run();
    expect(second.registrations).toBe(1);
    expect(registrations()).toEqual([]);
    expect(ids).toHaveLength(5);
  });

  it('pages on past a batch where nothing may go, and counts what it kept in every batch', async () => {
    // Oldest first: two unconfirmed, then two that may go.
    registration(daysAgo(504), { state: 'pending' });
    registration(daysAgo(503), { state: 'pending' });
    const a = registration(daysAgo(502));
    const b = registration(daysAgo(501));
    registration(daysAgo(500), { state: 'pending' });
    const report = await service({ batch: 2, maxBatches: 3 }).run();
    expect(report.registrations).toBe(2);
    expect(report.kept).toBe(3);
    expect(registrations()).not.toContain(a);
    expect(registrations()).not.toContain(b);
    expect(registrations()).toHaveLength(3);
  });

  it('removes raw pen bytes after their own days, sooner than the registrations, unless what they produced is unconfirmed', async () => {
    docking('s-old', daysAgo(150), 3);
    docking('s-young', daysAgo(100, 1));
    docking('s-unsent', daysAgo(150));
    docking('s-sent', daysAgo(150));
    registration(daysAgo(150), { session: 's-unsent', state: 'pending' });
    registration(daysAgo(150), { session: 's-sent' });
    const report = await service().run();
    expect(bytesOf()).toEqual(['s-unsent', 's-young']);
    expect(report.penBytes).toBe(5);
    // The registrations are not old enough themselves.
    expect(registrations()).toHaveLength(2);
  });

  it('removes raw pen bytes in batches, no more per run than its number of batches', async () => {
    // Dockings have time-ordered ids (UUIDv7) and are paged by them.
    const ids = [1, 2, 3, 4, 5].map((n) => uuidv7(NOW - (150 + n) * DAY + n));
    for (const [n, id] of ids.entries()) docking(id, daysAgo(156 - n), 1);
    expect((await service({ batch: 2, maxBatches: 2 }).run()).penBytes).toBe(4);
    // What is left waits for a run that reaches it.
    expect(bytesOf()).toEqual([ids.at(-1)]);
    expect((await service({ batch: 2, maxBatches: 3 }).run()).penBytes).toBe(1);
    expect(bytesOf()).toEqual([]);
  });

  it('pages on past dockings whose bytes must stay', async () => {
    docking('s-1', daysAgo(153), 1);
    docking('s-2', daysAgo(152), 1);
    docking('s-3', daysAgo(151), 1);
    registration(daysAgo(10), { session: 's-1', state: 'pending' });
    registration(daysAgo(10), { session: 's-2', state: 'pending' });
    expect((await service({ batch: 2, maxBatches: 2 }).run()).penBytes).toBe(1);
    expect(bytesOf()).toEqual(['s-1', 's-2']);
  });

  it('removes sent outbox rows of days before the rules’ days, in batches until one comes back short', async () => {
    const insert = sqlite.prepare(
      `insert into outbox (kind, item_id, state, day) values ('attestation', ?, ?, ?)`,
    );
    const cutDay = daysAgo(200).slice(0, 10);
    const dayBefore = iso(Date.parse(cutDay) - DAY).slice(0, 10);
    for (const n of [1, 2, 3, 4, 5]) insert.run(`old-${n}`, 'sent', dayBefore);
    insert.run('pending', 'pending', dayBefore);
    insert.run('on-the-day', 'sent', cutDay);
    const s = service({ batch: 2, maxBatches: 2 });
    expect((await s.run()).sentOutbox).toBe(4);
    expect((await s.run()).sentOutbox).toBe(1);
    expect(outboxRows()).toEqual(['attestation:on-the-day', 'attestation:pending']);
  });

  it('removes audit entries older than the rules’ days, in batches, and keeps the entry of the run itself', async () => {
    const insert = sqlite.prepare(`insert into audit_log (at, action, subject) values (?, 'users.login', ?)`);
    for (const n of [1, 2, 3]) insert.run(daysAgo(300 + n), `old-${n}`);
    insert.run(daysAgo(300, 1), 'young');
    const s = service({ batch: 2, maxBatches: 1 });
    expect((await s.run()).audit).toBe(2);
    expect((await s.run()).audit).toBe(1);
    expect(sqlite.prepare('select subject from audit_log order by id').pluck().all()).toEqual([
      'young',
      '0180',
      '0180',
    ]);
  });

  it('asks for finished notices before the rules’ days to go, batch after batch while batches come back full', async () => {
    const seen: Seen = { notices: [], info: [], errors: [] };
    const answers = [3, 3, 1, 7];
    const report = await service(
      {
        batch: 3,
        notices: {
          expireFinished(beforeMs, limit) {
            seen.notices.push([beforeMs, limit]);
            return answers.shift()!;
          },
        },
      },
      seen,
    ).run();
    expect(seen.notices).toEqual([
      [NOW - 50 * DAY, 3],
      [NOW - 50 * DAY, 3],
      [NOW - 50 * DAY, 3],
    ]);
    expect(report.notices).toBe(7);
  });

  it('lets docking and the office in between its batches', async () => {
    for (const d of [1, 2, 3, 4, 5]) registration(daysAgo(500 + d));
    let seenLeft = -1;
    setImmediate(() => {
      seenLeft = registrations().length;
    });
    await service({ batch: 2 }).run();
    // Only the first batch had gone when the event loop next turned.
    expect(seenLeft).toBe(3);
    expect(registrations()).toEqual([]);
  });

  it('a second run asked for while one runs joins it; a later one runs anew', async () => {
    let runs = 0;
    const s = service({
      policy: () => {
        runs++;
        return POLICY;
      },
    });
    const a = s.run();
    const b = s.run();
    expect(b).toBe(a);
    await a;
    expect(runs).toBe(1);
    await s.run();
    expect(runs).toBe(2);
  });
});

describe('the daily job', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const counting = () => {
    const state = { runs: 0 };
    const seen: Seen = { notices: [], info: [], errors: [] };
    const s = service(
      {
        policy: () => {
          state.runs++;
          return POLICY;
        },
      },
      seen,
    );
    return { s, state, seen };
  };

  it('runs first five minutes after start, then once a day', async () => {
    const { s, state } = counting();
    s.start();
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(state.runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(state.runs).toBe(1);
    await s.run();
    state.runs = 0;
    vi.advanceTimersByTime(DAY - 1);
    expect(state.runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(state.runs).toBe(1);
    await s.stop();
  });

  it('runs no more once stopped, and stop waits for a run under way', async () => {
    const { s, state } = counting();
    s.start(1000);
    await s.stop();
    vi.advanceTimersByTime(2 * DAY);
    expect(state.runs).toBe(0);

    s.start(1000);
    vi.advanceTimersByTime(1000);
    expect(state.runs).toBe(1);
    await s.stop();
    expect(
      sqlite.prepare(`select count(*) from audit_log where action = 'retention.run'`).pluck().get(),
    ).toBe(1);
    vi.advanceTimersByTime(2 * DAY);
    expect(state.runs).toBe(1);
  });

  it('logs a run that failed and keeps the job going', async () => {
    let fail = true;
    const seen: Seen = { notices: [], info: [], errors: [] };
    const s = service(
      {
        policy: () => {
          if (fail) throw new Error('disk gone');
          return POLICY;
        },
      },
      seen,
    );
    s.start(10);
    vi.advanceTimersByTime(10);
    await vi.waitFor(() => expect(seen.errors).toHaveLength(1));
    expect(seen.errors[0]).toEqual([
      { err: expect.objectContaining({ message: 'disk gone' }) },
      'retention run failed',
    ]);
    fail = false;
    vi.advanceTimersByTime(DAY);
    await vi.waitFor(() => expect(seen.info).toHaveLength(1));
    await s.stop();
  });
});

describe('the daily job’s timers', () => {
  const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('never keep the app from quitting, before or after the first run', async () => {
    const seen: Seen = { notices: [], info: [], errors: [] };
    const s = service({}, seen);
    const before = activeTimers();
    s.start(20);
    expect(activeTimers()).toBe(before);
    await vi.waitFor(() => expect(seen.info).toHaveLength(1));
    // Now the daily interval is set.
    expect(activeTimers()).toBe(before);
    await s.stop();
  });
});
