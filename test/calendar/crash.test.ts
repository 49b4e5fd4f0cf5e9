// kill -9 of a workstation-like process at random points while a week of plans is written and
// their calendar items go out to a Graph fake in this process: afterwards every plan has exactly
// one item, in the right calendar, at the plan's time — none doubled, none missing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startGraphFake, type GraphFake } from '../../integrations/graph/fake.ts';
import { localDayBounds, localDate } from '../../src/shared/domain/time.ts';
import { tempDir } from '../helpers/core.ts';
import { seededRandom, startWorker } from '../helpers/killable-worker.ts';

const PLANS = 2000;
const STAFF = 150;
const KILLS = 6;
const worker = path.resolve(import.meta.dirname, 'crash-worker.ts');

describe('kill -9 while a week of plans goes to the calendars', () => {
  let graph: GraphFake;
  afterAll(() => graph?.close());

  it(`leaves each of ${PLANS} plans with exactly one item in the right calendar over ${KILLS} kills`, async () => {
    const users: Record<string, { displayName: string }> = {};
    for (let s = 0; s < STAFF; s++) users[`staff${s}@omsorg.example`] = { displayName: `Personal ${s}` };
    graph = await startGraphFake({
      tenant: 'omsorg.example',
      clientId: 'crash-app',
      clientSecret: 'crash-secret',
      users,
    });
    const dir = tempDir('caredock-calendar-crash-');
    const caFile = path.join(dir, 'fake-ca.pem');
    writeFileSync(caFile, graph.ca);
    const weekStart = localDayBounds(
      localDate(Date.now() + 86_400_000, 'Europe/Stockholm'),
      'Europe/Stockholm',
    ).start;
    const args = [dir, String(PLANS), String(STAFF), graph.url, graph.tokens.url, caFile, String(weekStart)];
    const rnd = seededRandom(7);
    let killedMidRun = 0;
    const creates = () => graph.count('POST', '/events');
    for (let k = 0; k < KILLS; k++) {
      const run = startWorker(worker, args);
      await run.running;
      const before = creates();
      await new Promise((r) => setTimeout(r, 300 + Math.floor(rnd() * 900)));
      run.child.kill('SIGKILL');
      await run.exit;
      if (creates() > before) killedMidRun++;
    }
    const out = await startWorker(worker, args).exit;
    expect(out).toMatch(/settled/);
    expect(killedMidRun).toBeGreaterThanOrEqual(3);

    const db = new Database(path.join(dir, 'caredock.db'), { readonly: true });
    const plans = db
      .prepare('select id, staff_ids as staffIds, planned_start as start from visit_plans')
      .all() as { id: string; staffIds: string; start: string }[];
    const dead = db
      .prepare("select count(*) from jobs where channel = 'calendar' and state != 'done'")
      .pluck()
      .get();
    db.close();
    expect(plans).toHaveLength(PLANS);
    expect(dead).toBe(0);
    let items = 0;
    for (let s = 0; s < STAFF; s++) items += graph.events(`staff${s}@omsorg.example`).length;
    expect(items).toBe(PLANS); // none doubled, none missing
    for (const p of plans) {
      const [staffId] = JSON.parse(p.staffIds) as string[];
      const mine = graph
        .events(`staff${staffId!.slice(2)}@omsorg.example`)
        .filter((e) => Object.values(e.props).includes(p.id));
      expect(
        mine.map((e) => e.start),
        p.id,
      ).toEqual([Date.parse(p.start)]);
    }
  }, 240_000);
});
