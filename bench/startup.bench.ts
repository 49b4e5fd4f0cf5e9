// Headless host: time from process start to the "CareDock ready at" line with an empty
// database, against a bare Node process that starts an HTTP server on loopback (baseline).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = 5;
const TARGET_MS = 1500;

function timeToLine(args: string[], marker: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "${marker}" within 20 s`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!out.includes(marker)) {
        clearTimeout(timer);
        reject(new Error(`exited ${code} before "${marker}"`));
      }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
  console.error('startup: build the renderer first (npm run build:renderer)');
  process.exit(1);
}
const host: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const data = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-'));
  host.push(
    await timeToLine(['bin/caredock.mjs', 'serve', '--data', data, '--port', '0'], 'CareDock ready at'),
  );
  rmSync(data, { recursive: true, force: true });
  baseline.push(
    await timeToLine(
      ['-e', "require('node:http').createServer().listen(0,'127.0.0.1',()=>console.log('listening'))"],
      'listening',
    ),
  );
}
const h = median(host);
const b = median(baseline);
console.log(
  `startup: ${h.toFixed(0)} ms to ready line with an empty database (median of ${RUNS}), ${(h / b).toFixed(2)}x a bare node http listen (${b.toFixed(0)} ms); target <= ${TARGET_MS} ms`,
);
process.exit(h <= TARGET_MS ? 0 : 1);
