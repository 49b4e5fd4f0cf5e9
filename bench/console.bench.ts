// The municipality console: (1) `caredock server start` to its console line, against the same
// start with the console turned off in server.json (baseline, same data, same run); (2) the
// providers view with 300 providers and 3,000 workstations, from the click to the first row
// painted, against the providers.list call the view makes, timed alone from the same page.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { providersViewFigures } from './console-providers.ts';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/caredock.mjs');
const RUNS = 5;
/** The console may add at most half again to the server's start. */
const START_TARGET_RATIO = 1.5;
const RENDER_TARGET_MS = 1000;

function timeToLine(args: string[], marker: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "${marker}" within 60 s\n${out}`));
    }, 60_000);
    const seen = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes(marker)) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        clearTimeout(timer);
        child.stdout.off('data', seen);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      if (!out.includes(marker)) {
        clearTimeout(timer);
        reject(new Error(`exited ${code} before "${marker}"\n${out}`));
      }
    });
  });
}

function setConsole(dataDir: string, enabled: boolean): void {
  const file = path.join(dataDir, 'server.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { console?: Record<string, unknown> };
  config.console = { ...config.console, enabled };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(path.join(root, 'dist/console/index.html'))) {
  console.error('console: build the console first (npm run build:console)');
  process.exit(1);
}
const data = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-console-'));
let ok = true;
try {
  const init = spawnSync(process.execPath, [bin, 'server', 'init', '--data', data, '--port', '0'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`server init failed: ${init.stderr}`);
  const start = [
    'server',
    'start',
    '--data',
    data,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--console-port',
    '0',
  ];
  const withConsole: number[] = [];
  const without: number[] = [];
  // Alternated, and the first pair (migrations on the fresh database) thrown away.
  for (let i = 0; i <= RUNS; i++) {
    setConsole(data, false);
    const b = await timeToLine(start, 'CareDock server ready at');
    setConsole(data, true);
    const c = await timeToLine(start, 'Municipality console at');
    if (i > 0) {
      without.push(b);
      withConsole.push(c);
    }
  }
  const c = median(withConsole);
  const b = median(without);
  ok &&= c / b <= START_TARGET_RATIO;
  console.log(
    `console-start: ${c.toFixed(0)} ms from \`caredock server start\` to "Municipality console at" (median of ${RUNS}), ${(c / b).toFixed(2)}x the same start with the console off (${b.toFixed(0)} ms), +${(c - b).toFixed(0)} ms for the console; target <= ${START_TARGET_RATIO}x`,
  );
} finally {
  rmSync(data, { recursive: true, force: true });
}

const view = await providersViewFigures({ providers: 300, workstations: 3000, runs: RUNS });
ok &&= view.renderMs <= RENDER_TARGET_MS;
console.log(
  `console-providers: ${view.renderMs.toFixed(0)} ms from the click to the first provider row painted with 300 providers and 3000 workstations (median of ${RUNS}), ${(view.renderMs / view.callMs).toFixed(2)}x the providers.list call alone from the same page (${view.callMs.toFixed(0)} ms, ${view.bytes} bytes); target <= ${RENDER_TARGET_MS} ms`,
);
process.exit(ok ? 0 : 1);
