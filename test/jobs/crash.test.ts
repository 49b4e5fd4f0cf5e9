import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTellusTalkFake, type TellusTalkFake } from '../../integrations/tellustalk/fake.ts';
import { tempDir } from '../helpers/core.ts';
import { seededRandom, startWorker } from '../helpers/killable-worker.ts';

const JOBS = 2000;
const KILLS = 8;
const worker = path.resolve(import.meta.dirname, 'crash-worker.ts');

describe('kill -9 of a workstation-like process while SMS jobs run', () => {
  let fake: TellusTalkFake;
  afterAll(() => fake?.close());

  it(`loses none of ${JOBS} jobs, marks each done once and sends no SMS twice over ${KILLS} kills`, async () => {
    // Each answer is held 15 ms after the gateway took the message: kills land in that window,
    // the one where a naive queue would send the SMS again.
    fake = await startTellusTalkFake({
      username: 'omsorg.api',
      password: 'pw-crash',
      autoDeliver: true,
      answerDelayMs: 15,
    });
    // A few answers lost outright as well: resolved from the gateway's log while running.
    fake.script(...Array.from({ length: 20 }, () => ({ drop: 'after-accept' as const })));
    const dir = tempDir('caredock-jobs-crash-');
    const caFile = path.join(dir, 'fake-ca.pem');
    writeFileSync(caFile, fake.ca);
    const rnd = seededRandom(12);
    let killedMidRun = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = startWorker(worker, [dir, String(JOBS), fake.url, caFile]);
      await run.running;
      const before = fake.log.length;
      await new Promise((r) => setTimeout(r, 150 + Math.floor(rnd() * 600)));
      run.child.kill('SIGKILL');
      await run.exit;
      if (fake.log.length > before && fake.log.length < JOBS) killedMidRun++;
    }
    const last = startWorker(worker, [dir, String(JOBS), fake.url, caFile]);
    const out = await last.exit;
    expect(out).toMatch(/settled/);
    expect(killedMidRun).toBeGreaterThanOrEqual(3);

    const db = new Database(path.join(dir, 'caredock.db'), { readonly: true });
    const jobs = db
      .prepare("select idempotency_key as key, state, ref, payload from jobs where kind = 'sms.send'")
      .all() as {
      key: string;
      state: string;
      ref: string | null;
      payload: string;
    }[];
    db.close();
    expect(jobs).toHaveLength(JOBS); // none lost, none doubled
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);

    const texts = fake.log.map((e) => e.text);
    expect(new Set(texts).size).toBe(texts.length); // no SMS twice
    expect(texts).toHaveLength(JOBS);
    const jobIdByText = new Map(fake.log.map((e) => [e.text, e.job_id]));
    for (const j of jobs) {
      const { text } = JSON.parse(j.payload) as { text: string };
      expect(j.ref).toBe(jobIdByText.get(text)); // marked done once, with the gateway's own id
    }
  }, 180_000);
});
