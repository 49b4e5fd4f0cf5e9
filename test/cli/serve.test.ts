import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core.ts';

const root = path.resolve(import.meta.dirname, '../..');

function run(
  args: string[],
  until?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/caredock.mjs', ...args], {
      cwd: root,
      env: { ...process.env, CAREDOCK_LANG: 'en' },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (until && until.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('caredock command', () => {
  it('prints exactly one ready line, then stops cleanly on SIGTERM', async () => {
    const renderer = tempDir();
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    const data = tempDir();
    const r = await run(['serve', '--data', data, '--port', '0', '--renderer', renderer], /ready at .*\n/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^CareDock ready at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\n$/);
    expect(r.code).toBe(0);
  });

  it('refuses a second host on the same data folder with the catalogue message', async () => {
    const renderer = tempDir();
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    const data = tempDir();
    mkdirSync(data, { recursive: true });
    const first = spawn(
      process.execPath,
      ['bin/caredock.mjs', 'serve', '--data', data, '--port', '0', '--renderer', renderer],
      { cwd: root },
    );
    await new Promise<void>((resolve) =>
      first.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && resolve()),
    );
    const second = await run(['serve', '--data', data, '--port', '0', '--renderer', renderer]);
    first.kill('SIGTERM');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already used by another CareDock');
    expect(second.stderr).toContain('[data.locked]');
  });

  it('explains unknown commands and bad options', async () => {
    const unknown = await run(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
    const badPort = await run(['serve', '--port', 'abc']);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('--port');
  });
});
