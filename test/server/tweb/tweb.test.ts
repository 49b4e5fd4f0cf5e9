// TWeb filing on the server, against the stub: which pushed reports are filed (late or short only
// beyond the threshold, nothing while it is off), the settings' secrets sealed and never shown
// again, a refusal recorded as failed, a server error retried and filed once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TwebFake } from '../../../integrations/tweb/fake.ts';
import { uuidv7 } from '../../../src/main/ids.ts';
import { resultRows } from '../../../src/server/db/database.ts';
import { getTwebSettings, listTransactions } from '../../../src/server/tweb/admin.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  startFixture,
  type Fixture,
  type Workstation,
} from '../helpers/fixture.ts';
import { push, until } from '../inbox/world.ts';
import { configureTweb, startTweb } from './world.ts';

const report = (over: Record<string, unknown> = {}) => ({
  type: 'deviationReport',
  id: uuidv7(),
  kind: 'notice',
  recipientId: null,
  planId: null,
  visitStart: null,
  minutes: null,
  text: 'Nyckelskåpet är trasigt.',
  attachments: [],
  filedAt: new Date().toISOString(),
  filedBy: 'kontoret',
  ...over,
});

describe('TWeb filing on the server', () => {
  let fx: Fixture;
  let ws: Workstation;
  let fake: TwebFake;
  beforeAll(async () => {
    fake = await startTweb();
    fx = await startFixture({ engine: 'pglite', dataDir: null }, { tweb: true });
    ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    await configureTweb(fx.server.ctx, fake);
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await configureTweb(fx.server.ctx, fake);
  });
  const filedCases = () => fake.cases.filter((c) => c.request !== null).length;
  const states = async () => (await listTransactions(fx.server.ctx, MUNICIPALITY_A, 100)).map((t) => t.state);

  it('keeps the secret sealed: not in the database in plain, and shown only as set', async () => {
    const rows = resultRows(
      await fx.server.ctx.database.db.execute(sql`SELECT settings::text AS s FROM tweb_settings`),
    );
    expect(JSON.stringify(rows)).not.toContain(fake.oauth.clientSecret);
    const view = await getTwebSettings(fx.server.ctx, MUNICIPALITY_A);
    expect(JSON.stringify(view)).not.toContain(fake.oauth.clientSecret);
    expect(view?.connection?.auth).toMatchObject({ type: 'oauth2', clientSecret: '(set)' });
  });

  it('files a late visit beyond the threshold and keeps one under it without filing', async () => {
    const before = filedCases();
    const planId = '00000000-0000-4000-8000-000000000001';
    const visit = { planId, recipientId: 'r-1', visitStart: new Date().toISOString() };
    await push(fx, ws, [
      report({ kind: 'late', minutes: 10, ...visit }),
      report({ kind: 'late', minutes: 45, ...visit }),
    ]);
    await fx.server.tweb!.pass();
    await until('one case', () => filedCases() === before + 1);
    await until('filed', async () => (await states()).includes('filed'));
    expect(await states()).toContain('belowThreshold');
    expect(fake.violations).toEqual([]);
  });

  it('files nothing while TWeb is off for the municipality', async () => {
    await configureTweb(fx.server.ctx, fake, { enabled: false });
    const n = (await listTransactions(fx.server.ctx, MUNICIPALITY_A, 100)).length;
    await push(fx, ws, [report()]);
    await fx.server.tweb!.pass();
    expect((await listTransactions(fx.server.ctx, MUNICIPALITY_A, 100)).length).toBe(n);
  });

  it('retries a server error and files once; records a refusal as failed with TWeb’s code', async () => {
    const before = filedCases();
    fake.script('createCase', { type: 'status', status: 503 });
    await push(fx, ws, [report()]);
    await fx.server.tweb!.pass();
    await until('filed after the retry', () => filedCases() === before + 1, 40_000);
    fake.script('createCase', { type: 'status', status: 422, error: 'unknownCaseGroup' });
    await push(fx, ws, [report({ text: 'Toinen ilmoitus.' })]);
    await fx.server.tweb!.pass();
    await until('failed', async () => (await states()).includes('failed'), 20_000);
    const failed = (await listTransactions(fx.server.ctx, MUNICIPALITY_A, 100)).find(
      (t) => t.state === 'failed',
    )!;
    expect(failed.code).toMatch(/^tweb\./);
    expect(filedCases()).toBe(before + 1);
  }, 60_000);
});
