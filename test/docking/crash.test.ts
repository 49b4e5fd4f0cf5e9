import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DockLink } from '../../drivers/session/dock-link.ts';
import { createTcpTransport } from '../../drivers/transports/tcp.ts';
import { tempDir } from '../helpers/core.ts';

const root = path.resolve(import.meta.dirname, '../..');
const RECORDS = 2000;
const KILLS = 22;

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['bin/caredock.mjs', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function penState(port: number): Promise<{ firstSeq: number; recordCount: number }> {
  const link = new DockLink(createTcpTransport({ port }));
  await link.open();
  try {
    const { reply } = await link.request(1, { type: 'identify' });
    if (reply.type !== 'identity') throw new Error(`pen answered ${reply.type}`);
    return { firstSeq: reply.identity.firstSeq, recordCount: reply.identity.recordCount };
  } finally {
    await link.close();
  }
}

function storedSequences(data: string): number[] {
  // Killed before it created its database: nothing stored yet.
  if (!existsSync(path.join(data, 'caredock.db'))) return [];
  const db = new Database(path.join(data, 'caredock.db'), { readonly: true });
  try {
    // Killed while it created its tables (the migration's transaction rolled back): nothing stored.
    if (!db.prepare("select 1 from sqlite_master where name = 'registrations'").get()) return [];
    return db.prepare('select sequence from registrations order by sequence').pluck().all() as number[];
  } finally {
    db.close();
  }
}

// A small seeded generator, so a failing run can be repeated with the same kill moments.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('kill -9 of the workstation during docking', () => {
  let sim: ChildProcess | null = null;
  afterAll(() => {
    sim?.kill('SIGTERM');
  });

  it(`loses and doubles nothing over ${KILLS} kills during a ${RECORDS}-record upload`, async () => {
    sim = start([
      'sim',
      'pen',
      '--tcp',
      '0',
      '--records',
      String(RECORDS),
      '--seed',
      '21',
      // 9600 baud: a killed run gets at most some fifty records through, so twenty kills land
      // mid-upload whatever the machine's speed.
      '--baud',
      '9600',
      '--idle-exit',
      '300',
    ]);
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      sim!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /tcp 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      sim!.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
    });
    const data = tempDir();
    // How long the command takes to start here (bundled or from sources), so kills land after it.
    const t0 = performance.now();
    await once(start(['--version']), 'exit');
    const startupMs = performance.now() - t0;
    const seed = Number(process.env.CAREDOCK_CRASH_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    const moments: number[] = [];
    let interrupted = 0;

    for (let i = 0; i < KILLS; i++) {
      const before = await penState(port);
      if (before.recordCount === 0) break;
      const workstation = start(['dock', '--serial', `tcp://127.0.0.1:${port}`, '--data', data]);
      const exited = once(workstation, 'exit');
      // Anywhere from just before the session starts to a second into the upload.
      const at = Math.round(startupMs * 0.8 + next() * (startupMs * 0.4 + 1000));
      moments.push(at);
      const timer = setTimeout(() => workstation.kill('SIGKILL'), at);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      if (code === null) interrupted++;

      // The invariant at every moment: whatever the pen has forgotten is in the database.
      const after = await penState(port);
      const stored = new Set(storedSequences(data));
      for (let seq = 1; seq < after.firstSeq; seq++) {
        if (!stored.has(seq))
          throw new Error(`seed ${seed}: pen forgot ${seq}, database lacks it (kill at ${at} ms)`);
      }
    }
    expect(interrupted, `seed ${seed}, kill moments ${moments.join(',')}`).toBeGreaterThanOrEqual(20);

    // Dock to the end, undisturbed.
    const last = start(['dock', '--serial', `tcp://127.0.0.1:${port}`, '--data', data]);
    let said = '';
    last.stdout?.on('data', (b: Buffer) => (said += b.toString()));
    last.stderr?.on('data', (b: Buffer) => (said += b.toString()));
    const [code] = (await once(last, 'exit')) as [number | null];
    expect(code, `the undisturbed dock said: ${said.slice(-2000)}`).toBe(0);
    const sequences = storedSequences(data);
    expect(sequences.length).toBe(RECORDS);
    expect(new Set(sequences).size).toBe(RECORDS);
    expect(sequences[0]).toBe(1);
    expect(sequences.at(-1)).toBe(RECORDS);
    expect(await penState(port)).toMatchObject({ recordCount: 0 });
  }, 300_000);
});
