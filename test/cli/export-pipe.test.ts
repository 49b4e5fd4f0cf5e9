// `caredock export registrations` read through a slow pipe: every row arrives before the command
// exits with success. A command that exits while its output still waits for the reader loses
// the tail and says nothing.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, tempDir } from '../helpers/core.ts';
import { addRegistrations } from '../sync/helpers/world.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ROWS = 100_000;
let data: string;

beforeAll(async () => {
  data = tempDir('caredock-export-');
  const tc = await startTestCore({ dataDir: data, watchDevices: false, syncIntervalSeconds: 0 });
  addRegistrations(tc.core.database.sqlite, ROWS);
  await tc.core.close();
}, 120_000);
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('caredock export registrations through a pipe', () => {
  it('prints every row to a slow reader before it exits 0', async () => {
    const child = spawn(process.execPath, ['bin/caredock.mjs', 'export', 'registrations', '--data', data], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let tail = '';
    const ids = new Set<string>();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A slow consumer: after every chunk it stops reading for a moment, so the command's own
    // output buffer is full whenever it finishes.
    child.stdout.on('data', (c: Buffer) => {
      const text = tail + c.toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      for (const line of parts) {
        ids.add((JSON.parse(line) as { id: string }).id);
        lines++;
      }
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(tail).toBe('');
    expect(lines).toBe(ROWS);
    expect(ids.size).toBe(ROWS);
  }, 180_000);

  it('does not exit 0 when the reader goes away early', async () => {
    const child = spawn(process.execPath, ['bin/caredock.mjs', 'export', 'registrations', '--data', data], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).not.toBe(0);
  }, 60_000);
});
