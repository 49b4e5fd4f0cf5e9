import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { applyMigrations } from '../../src/main/db/migrate.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { smsJob } from '../../src/main/integrations/kinds.ts';
import { JobQueue } from '../../src/main/jobs/index.ts';
import { serverMain } from '../../src/server/cli.ts';
import { openContext } from '../../src/server/bootstrap.ts';
import { createLogger } from '../../src/server/log.ts';
import { ServerJobQueue } from '../../src/server/jobs/index.ts';
import { defineJobKind, type JobKind } from '../../src/shared/jobs/index.ts';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { migrationsDir } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-jobs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
  vi.spyOn(console, 'error').mockImplementation((l: unknown) => void lines.push(String(l)));
  const code = await fn();
  vi.restoreAllMocks();
  return { code, out: lines.join('\n') };
}

describe('caredock jobs', () => {
  it('lists jobs with their last error in the terminal’s language, and retries a dead one', async () => {
    const data = path.join(dir, 'ws');
    mkdirSync(data, { recursive: true });
    const db = openDatabase(path.join(data, 'caredock.db'));
    applyMigrations(db.sqlite, db.db, migrationsDir, path.join(data, 'backups'));
    const queue = new JobQueue({ sqlite: db.sqlite, kinds: [smsJob] });
    db.sqlite.transaction(() =>
      queue.enqueue(db.sqlite, smsJob, { to: '+46701234567', text: 'Hej' }, { key: 'cli:1' }),
    )();
    const [job] = queue.claim('sms', 1);
    queue.settle('sms', [
      {
        job: job!,
        outcome: {
          status: 'permanent',
          code: 'sms.gatewayRejected',
          params: { provider: 'pixie', code: 402 },
        },
      },
    ]);
    db.sqlite.close();

    process.env.CAREDOCK_LANG = 'en';
    const listed = await capture(() => main(['jobs', 'list', '--state', 'dead', '--data', data]));
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(
      /^1 {2}sms {2}sms\.send {2}dead {2}1\/6 — The SMS provider pixie refused the message \(code 402\)/,
    );
    expect(listed.out).not.toContain('Hej'); // no message text on the terminal
    const retried = await capture(() => main(['jobs', 'retry', '1', '--data', data]));
    expect(retried).toMatchObject({ code: 0 });
    expect(retried.out).toMatch(/^1 {2}sms {2}sms\.send {2}waiting {2}0\/6/);
    expect((await capture(() => main(['jobs', 'retry', '99', '--data', data]))).out).toContain(
      '[jobs.notFound]',
    );
    const discarded = await capture(() =>
      main(['jobs', 'discard', '1', '--reason', 'Fel nummer', '--data', data]),
    );
    expect(discarded.out).toMatch(/^1 {2}sms {2}sms\.send {2}dead .*discarded by cli: Fel nummer/);
    expect((await capture(() => main(['jobs', 'pause', 'sms', '--data', data]))).out).toBe('sms: paused');
    expect((await capture(() => main(['jobs', 'list', '--channel', 'sms', '--data', data]))).code).toBe(0);
    expect((await capture(() => main(['jobs', 'resume', 'sms', '--data', data]))).out).toBe('sms: running');
    expect((await capture(() => main(['jobs', 'pause', 'fax', '--data', data]))).out).toContain(
      '[jobs.channelUnknown]',
    );
    const audit = new Database(path.join(data, 'caredock.db'), { readonly: true });
    const actions = audit.prepare('select action from audit_log order by id').pluck().all();
    audit.close();
    expect(actions).toEqual(['jobs.retry', 'jobs.discard', 'jobs.channel.pause', 'jobs.channel.resume']);
    delete process.env.CAREDOCK_LANG;
  });
});

describe('caredock server jobs', () => {
  it('lists the server queue’s jobs and retries a dead one, on the database directly', async () => {
    const data = path.join(dir, 'srv');
    const o = { out: [] as string[], err: [] as string[] };
    const io = { out: (l: string) => o.out.push(l), err: (l: string) => o.err.push(l) };
    expect(
      await serverMain(['init', '--data', data, '--port', '0', '--url', 'https://localhost:9443/'], io),
    ).toBe(0);
    const kind = defineJobKind({
      kind: 'test.bfu-export',
      channel: 'files',
      payload: z.object({ month: z.string() }),
      maxAttempts: 1,
      backoff: { baseMs: 1000, capMs: 1000 },
      leaseMs: 5000,
      delivery: 'at-least-once',
    });
    const ctx = await openContext({ dataDir: data, log: createLogger({ level: 'warn' }) });
    const q = await ServerJobQueue.open({ database: ctx.database, kinds: [kind as JobKind] });
    const { id } = await q.enqueue(kind, { month: '2026-11' }, { key: 'export:2026-11' });
    const [job] = await q.claim('files', 1);
    await q.settle('files', {
      job: job!,
      outcome: { status: 'retry', code: 'smtp.connectionFailed', params: { host: 'sftp' } },
    });
    await q.close();
    await ctx.database.close();

    // This CLI has no kind for the queue (the registry is empty in this release): listed by its name.
    process.env.CAREDOCK_LANG = 'en';
    o.out.length = 0;
    expect(await serverMain(['jobs', 'list', '--data', data, '--state', 'dead'], io)).toBe(0);
    expect(o.out.join('\n')).toContain(
      `${id}  test.bfu-export  test.bfu-export  dead  1/1 — The mail server sftp cannot be reached`,
    );
    o.out.length = 0;
    const code = await serverMain(['jobs', 'retry', '--data', data, '--id', id], io);
    expect(o.err).toEqual([]);
    expect(code).toBe(0);
    expect(o.out.join('\n')).toContain(`${id}  test.bfu-export  test.bfu-export  retry  1/2 next`);
    expect(await serverMain(['jobs', 'list', '--data', data, '--state', 'nope'], io)).toBe(1);
    delete process.env.CAREDOCK_LANG;
  }, 60_000);
});
