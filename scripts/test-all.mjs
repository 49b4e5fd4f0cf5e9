// The whole suite, in the order a failure is cheapest to find: lint, types, unit and
// integration (vitest), then the product in Chromium (Playwright). Ends with one count line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const steps = [
  { name: 'lint', cmd: bin('eslint'), args: ['.'] },
  { name: 'format', cmd: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
  { name: 'typecheck', cmd: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  { name: 'typecheck end-to-end tests', cmd: bin('tsc'), args: ['-p', 'tsconfig.e2e.json'] },
  { name: 'typecheck renderer unit tests', cmd: bin('tsc'), args: ['-p', 'test/renderer/tsconfig.json'] },
  {
    name: 'svelte-check',
    cmd: bin('svelte-check'),
    args: ['--tsconfig', 'src/renderer/tsconfig.json', '--fail-on-warnings', '--output', 'human'],
  },
  {
    name: 'svelte-check console',
    cmd: bin('svelte-check'),
    args: ['--tsconfig', 'src/console/tsconfig.json', '--fail-on-warnings', '--output', 'human'],
  },
  // The bundled command starts ~4x faster, which the many CLI start-ups in the tests feel.
  {
    name: 'bundle the caredock command',
    cmd: process.execPath,
    args: [path.join(root, 'scripts/build-cli.mjs')],
  },
  // Built before vitest too: `caredock serve --demo` serves the renderer's page, and its CLI test
  // is skipped without it. The central server serves the console's page from dist/console.
  { name: 'build renderer', cmd: process.execPath, args: [path.join(root, 'scripts/build-renderer.mjs')] },
  { name: 'build console', cmd: process.execPath, args: [path.join(root, 'scripts/build-console.mjs')] },
  {
    name: 'unit and integration (vitest)',
    cmd: bin('vitest'),
    args: [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.join(results, 'vitest.json')}`,
    ],
  },
  {
    name: 'end to end (playwright)',
    cmd: bin('playwright'),
    args: ['test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, 'playwright.json') },
  },
];

const failedSteps = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  console.log(
    `\n=== ${step.name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) failedSteps.push(step.name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = path.join(results, 'vitest.json');
if (existsSync(vitest)) {
  const v = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
const pw = path.join(results, 'playwright.json');
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
// A failed step that is not a test runner (lint, types) counts as one failure.
failed += failedSteps.filter((s) => !s.includes('vitest') && !s.includes('playwright')).length;
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
