// The 1177 inbox on the central server, against the producer stub: which plan edits tell the
// recipient, the contract's order (IsActiveUser first), what becomes of each answer, the round
// rule under load, a restart in the middle of a round, the week's times and the cost meter.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subjectOfCareId } from '../../../integrations/patientportal/contract-v1.ts';
import { validateDocBook } from '../../../integrations/patientportal/index.ts';
import { openDatabase, resultRows, type Database } from '../../../src/server/db/database.ts';
import { inboxCost, putInboxSettings } from '../../../src/server/inbox/admin.ts';
import { nextWeek, weeklyDue } from '../../../src/server/inbox/rules.ts';
import { inboxMessages } from '../../../src/server/inbox/tables.ts';
import { startServer } from '../../../src/server/server.ts';
import { personalIdFor } from '../../helpers/exchange-files.ts';
import { MUNICIPALITY_A, startFixture, type Fixture, type Workstation } from '../helpers/fixture.ts';
import { addRecipients, configure, push, startPortal, until, visitPlan, type Portal } from './world.ts';

const HOUR = 3600_000;
const inHours = (h: number) => new Date(Math.round((Date.now() + h * HOUR) / 60_000) * 60_000);

async function messages(fx: Fixture) {
  return fx.server.ctx.database.db.select().from(inboxMessages).orderBy(inboxMessages.createdAt);
}
async function jobStates(db: Database): Promise<Record<string, number>> {
  const rows = resultRows(
    await db.db.execute(
      sql`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'inbox.send' GROUP BY state`,
    ),
  ) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

describe('the 1177 inbox on the server', () => {
  let fx: Fixture;
  let ws: Workstation;
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ active: [1, 2, 3, 4, 5, 6] });
    fx = await startFixture(
      { engine: 'pglite', dataDir: null },
      { inbox: { rounds: { size: 1000, pauseMs: 1000 }, retryDelaysMs: [100, 100, 100, 100] } },
    );
    ws = await fx.enrol('omsorg-ab', MUNICIPALITY_A);
    await configure(fx.server.ctx, portal.settings());
    await addRecipients(fx.server.ctx, [1, 2, 3, 4, 5, 6, 7]);
    await addRecipients(fx.server.ctx, [9], { consent: false });
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await portal?.fake.close();
  });
  beforeEach(() => {
    portal.fake.inbox.length = 0;
    portal.fake.requests.length = 0;
  });
  const pass = () => fx.server.inbox!.pass();

  it('tells a recipient of a visit moved at short notice, in Swedish DocBook, after asking IsActiveUser', async () => {
    const planId = randomUUID();
    const start = inHours(20);
    await push(fx, ws, [visitPlan({ planId, recipient: 1, start, editedAt: new Date(Date.now() - 60_000) })]);
    await push(fx, ws, [visitPlan({ planId, recipient: 1, start: new Date(start.getTime() + 2 * HOUR) })]);
    await pass();
    await until('the message at the stub', () => portal.fake.inbox.length === 1);
    const [m] = portal.fake.inbox;
    expect(m).toMatchObject({
      subjectOfCareId: subjectOfCareId(personalIdFor(1)),
      unitId: 'SE2321000016-F7PH',
      description: 'Ändrad tid för ditt hemtjänstbesök',
      sourceSystem: 'CAREDOCK-TEST',
    });
    expect(validateDocBook(m!.messageText)).toEqual({ ok: true });
    expect(m!.messageText).toMatch(
      /Ditt besök .+ kl\. \d\d:\d\d–\d\d:\d\d är flyttat till .+ kl\. \d\d:\d\d–\d\d:\d\d\./,
    );
    expect(m!.messageText).toContain('Omsorg AB');
    // Least data: no personnummer, no staff name, no editor.
    expect(m!.messageText).not.toContain(personalIdFor(1).slice(0, 8));
    expect(m!.messageText).not.toContain('Koordinator');
    expect(portal.fake.requests.map((r) => r.operation)).toEqual([
      'IsActiveUser',
      'AddMessageToPatientPortalInbox',
    ]);
    expect(portal.fake.invalid).toEqual([]);
    await until('sent recorded', async () => (await messages(fx)).some((x) => x.state === 'sent'));
  });

  it('tells of a cancellation, and says nothing twice when the same edit is pushed again', async () => {
    const planId = randomUUID();
    const start = inHours(30);
    await push(fx, ws, [visitPlan({ planId, recipient: 2, start, editedAt: new Date(Date.now() - 60_000) })]);
    const cancel = visitPlan({ planId, recipient: 2, start, status: 'cancelled' });
    await push(fx, ws, [cancel]);
    await push(fx, ws, [cancel]);
    await pass();
    await until('the cancellation', () => portal.fake.inbox.length === 1);
    expect(portal.fake.inbox[0]!.description).toBe('Inställt hemtjänstbesök');
    expect(portal.fake.inbox[0]!.messageText).toMatch(/är inställt\./);
    await pass();
    await new Promise((r) => setTimeout(r, 500));
    expect(portal.fake.inbox).toHaveLength(1);
  });

  it('says nothing without consent, for a new visit, for one more than 48 hours away, or with the rule off', async () => {
    const before = (await messages(fx)).length;
    const edits = async (recipient: number, start: Date) => {
      const planId = randomUUID();
      await push(fx, ws, [visitPlan({ planId, recipient, start, editedAt: new Date(Date.now() - 60_000) })]);
      await push(fx, ws, [visitPlan({ planId, recipient, start: new Date(start.getTime() + HOUR) })]);
    };
    await edits(9, inHours(10)); // no consent recorded
    await edits(3, inHours(50)); // more than 48 hours ahead
    await edits(3, inHours(-2)); // already begun
    await configure(fx.server.ctx, portal.settings({ rules: { changedSoon: false, weekly: true } }));
    await edits(3, inHours(10));
    await configure(fx.server.ctx, portal.settings({ enabled: false }));
    await edits(3, inHours(10));
    await configure(fx.server.ctx, portal.settings());
    await pass();
    expect((await messages(fx)).length).toBe(before);
  });

  it('records a recipient who is not an active user, and sends them nothing', async () => {
    const planId = randomUUID();
    await push(fx, ws, [
      visitPlan({ planId, recipient: 7, start: inHours(5), editedAt: new Date(Date.now() - 60_000) }),
    ]);
    await push(fx, ws, [visitPlan({ planId, recipient: 7, start: inHours(5), status: 'cancelled' })]);
    await pass();
    await until('not active recorded', async () =>
      (await messages(fx)).some((m) => m.recipientId === 'r-7' && m.state === 'notActive'),
    );
    expect(portal.fake.requests.map((r) => r.operation)).toEqual(['IsActiveUser']);
    expect(portal.fake.inbox).toEqual([]);
    const [m] = (await messages(fx)).filter((x) => x.recipientId === 'r-7');
    expect(m!.code).toBe('patientportal.notActiveUser');
  });

  it('retries a server fault after the TKB’s delay and sends once', async () => {
    portal.fake.script('AddMessageToPatientPortalInbox', { type: 'fault', side: 'Server', text: 'busy' });
    const planId = randomUUID();
    await push(fx, ws, [
      visitPlan({ planId, recipient: 4, start: inHours(6), editedAt: new Date(Date.now() - 60_000) }),
    ]);
    await push(fx, ws, [visitPlan({ planId, recipient: 4, start: inHours(7) })]);
    await pass();
    await until('sent after the retry', () => portal.fake.inbox.length === 1, 20_000);
    const adds = portal.fake.requests.filter((r) => r.operation === 'AddMessageToPatientPortalInbox');
    expect(adds).toHaveLength(2);
  });

  it('parks a message whose answer never came, and never sends it again on its own', async () => {
    portal.fake.script('AddMessageToPatientPortalInbox', { type: 'slow', ms: 6_000 });
    const planId = randomUUID();
    await push(fx, ws, [
      visitPlan({ planId, recipient: 5, start: inHours(8), editedAt: new Date(Date.now() - 60_000) }),
    ]);
    await push(fx, ws, [visitPlan({ planId, recipient: 5, start: inHours(9) })]);
    await pass();
    await until(
      'parked',
      async () => (await messages(fx)).some((m) => m.recipientId === 'r-5' && m.state === 'parked'),
      30_000,
    );
    // The stub stored it once (the answer was late, not lost); no second AddMessage followed.
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      portal.fake.inbox.filter((m) => m.subjectOfCareId === subjectOfCareId(personalIdFor(5))),
    ).toHaveLength(1);
    expect(portal.fake.requests.filter((r) => r.operation === 'AddMessageToPatientPortalInbox')).toHaveLength(
      1,
    );
  }, 40_000);

  it('sends next week’s times on the municipality’s weekday, once per recipient and week', async () => {
    await addRecipients(fx.server.ctx, [6], { consent: true, weekly: true });
    // A Friday 13:00 in Stockholm, and visits in the week after it.
    const friday = new Date('2026-12-04T12:00:00Z');
    const week = nextWeek(friday.getTime());
    expect(week.week).toBe('2026-W50');
    const monday = new Date(week.start);
    await push(fx, ws, [
      visitPlan({ planId: randomUUID(), recipient: 6, start: new Date(monday.getTime() + 8 * HOUR) }),
      visitPlan({ planId: randomUUID(), recipient: 6, start: new Date(monday.getTime() + 32 * HOUR) }),
      visitPlan({ planId: randomUUID(), recipient: 6, start: new Date(monday.getTime() - 2 * HOUR) }),
    ]);
    const db = fx.server.ctx.database.db;
    expect(await weeklyDue(db, MUNICIPALITY_A, new Date('2026-12-04T10:00:00Z'))).toBe(0); // 11:00, before the hour
    expect(await weeklyDue(db, MUNICIPALITY_A, new Date('2026-12-03T12:00:00Z'))).toBe(0); // Thursday
    expect(await weeklyDue(db, MUNICIPALITY_A, friday)).toBe(1);
    expect(await weeklyDue(db, MUNICIPALITY_A, friday)).toBe(0);
    await fx.server.inbox!.queueDecided();
    await until('the week’s times', () => portal.fake.inbox.length === 1);
    const m = portal.fake.inbox[0]!;
    expect(m.description).toBe('Dina hemtjänstbesök vecka 50');
    expect(m.messageText).toContain('<variablelist>');
    expect(m.messageText.match(/<varlistentry>/g)).toHaveLength(2);
    expect(m.messageText).toContain('måndag 7 december');
    expect(validateDocBook(m.messageText)).toEqual({ ok: true });
  });

  it('counts what was sent this year against the price list', async () => {
    await until(
      'all settled',
      async () => !(await messages(fx)).some((m) => m.state === 'queued' || m.state === 'new'),
      20_000,
    );
    const sent = (await messages(fx)).filter((m) => m.state === 'sent').length;
    expect(sent).toBe(4);
    const cost = await inboxCost(fx.server.ctx, MUNICIPALITY_A);
    expect(cost.sent).toBe(4);
    expect(cost.soFar.totalOre).toBe(4 * 310);
    expect(cost.forecast.messages).toBeGreaterThanOrEqual(4);
    await putInboxSettings(
      fx.server.ctx,
      MUNICIPALITY_A,
      portal.settings({ connectedYear: cost.year }),
      'test',
    );
    expect((await inboxCost(fx.server.ctx, MUNICIPALITY_A)).soFar.totalOre).toBe(4 * 310 + 2_500_000);
  });

  it('refuses settings whose sending unit’s HSA id is wrong, with the catalogue’s code', async () => {
    const err = await putInboxSettings(
      fx.server.ctx,
      MUNICIPALITY_A,
      portal.settings({ sender: { hsaId: 'SE2321000017-F7PH', name: 'X' } }),
      'test',
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'patientportal.invalidHsaId' });
  });
});

describe('the round rule', () => {
  const N = 5000;
  const SIZE = 1000;
  const PAUSE = 2000;
  let db: Database;
  let fx: Fixture;
  let portal: Portal;
  const ids = Array.from({ length: N }, (_, i) => 100 + i);
  beforeAll(async () => {
    portal = await startPortal({ active: ids, validateEvery: 250 });
    db = await openDatabase({ engine: 'pglite', dataDir: null });
    fx = await startFixture(db, { inbox: { rounds: { size: SIZE, pauseMs: PAUSE }, concurrency: 16 } });
    await configure(fx.server.ctx, portal.settings());
    await addRecipients(fx.server.ctx, ids);
  }, 240_000);
  afterAll(async () => {
    await portal?.fake.close();
    await db?.close();
  });

  it(`holds ${SIZE} a round with a pause between under ${N} queued, and a restart mid-round sends nothing twice`, async () => {
    const now = new Date();
    await db.db.insert(inboxMessages).values(
      ids.map((i) => ({
        id: randomUUID(),
        municipalityId: MUNICIPALITY_A,
        providerId: 'omsorg-ab',
        recipientId: `r-${i}`,
        reason: 'cancelled',
        dedupKey: `load:${i}`,
        content: {
          reason: 'cancelled',
          providerName: 'Omsorg AB',
          visit: { start: now.toISOString(), end: now.toISOString() },
        },
      })),
    );
    await fx.server.inbox!.queueDecided();
    // Stop the server in the middle of the second round, then start another on the same database.
    await until('into the second round', () => portal.fake.inbox.length >= SIZE + 200, 120_000);
    await fx.server.close();
    const second = await startServer({
      dataDir: fx.dataDir,
      database: db,
      host: '127.0.0.1',
      port: 0,
      adminPort: 0,
      exchange: false,
      inbox: { rounds: { size: SIZE, pauseMs: PAUSE }, concurrency: 16 },
    });
    try {
      await until(
        'every message settled',
        async () => {
          const open = await db.db
            .select({ n: sql<number>`count(*)::int` })
            .from(inboxMessages)
            .where(sql`${inboxMessages.state} IN ('new', 'queued')`);
          return Number(open[0]!.n) === 0;
        },
        180_000,
      );
      const stored = portal.fake.inbox;
      // Nothing twice: one stored message per recipient at most.
      const per = new Map<string, number>();
      for (const m of stored) per.set(m.subjectOfCareId, (per.get(m.subjectOfCareId) ?? 0) + 1);
      expect([...per.values()].filter((n) => n > 1)).toEqual([]);
      const states = Object.fromEntries(
        (
          resultRows(
            await db.db.execute(sql`SELECT state, count(*)::int AS n FROM inbox_messages GROUP BY state`),
          ) as { state: string; n: number }[]
        ).map((r) => [r.state, Number(r.n)]),
      );
      // What the stop cut short is parked for a person (its outcome unknown), everything else sent.
      expect((states['sent'] ?? 0) + (states['parked'] ?? 0)).toBe(N);
      expect(states['sent']).toBeGreaterThanOrEqual(stored.length - (states['parked'] ?? 0));
      expect(await jobStates(db)).not.toHaveProperty('created');
      // Any SIZE + 1 consecutive messages at the stub span at least one pause.
      const at = stored.map((m) => m.at).sort((a, b) => a - b);
      let shortest = Infinity;
      for (let i = 0; i + SIZE < at.length; i++) shortest = Math.min(shortest, at[i + SIZE]! - at[i]!);
      expect(shortest).toBeGreaterThanOrEqual(PAUSE);
      expect(portal.fake.invalid).toEqual([]);
    } finally {
      await second.close();
      rmSync(fx.dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
