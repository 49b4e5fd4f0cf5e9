// `npm run mutate [-- --module <name>] [--force]`: mutation testing (StrykerJS with its vitest
// runner) on the core modules listed in stryker/modules.mjs, each in its own Stryker run that
// reads only the tests that cover it. Prints one line per module and exits non-zero when a
// module is under its floor. Not part of `npm test`: a module takes minutes.
//
// Incremental: results are kept in reports/stryker/ (git-ignored), so a rerun tests only the
// mutants whose code or tests changed. `--force` retests everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { modules } from '../stryker/modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = path.join(root, 'reports', 'stryker');

const { values } = parseArgs({
  options: {
    module: { type: 'string', multiple: true },
    force: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

if (values.child) {
  process.exitCode = await runOne(values.child, values.force ?? false);
} else {
  const wanted = values.module ?? modules.map((m) => m.name);
  const unknown = wanted.filter((name) => !modules.some((m) => m.name === name));
  if (unknown.length > 0) {
    console.error(`unknown module ${unknown.join(', ')}; known: ${modules.map((m) => m.name).join(', ')}`);
    process.exit(2);
  }
  const lines = [];
  let failed = false;
  for (const name of wanted) {
    const args = [fileURLToPath(import.meta.url), '--child', name, ...(values.force ? ['--force'] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    const summary = readSummary(name);
    if (r.status !== 0 || !summary) failed = true;
    lines.push(summary?.line ?? `mutate ${name}: no result (Stryker exited with ${r.status ?? r.signal})`);
  }
  console.log('');
  for (const line of lines) console.log(line);
  process.exit(failed ? 1 : 0);
}

function readSummary(name) {
  try {
    return JSON.parse(readFileSync(path.join(reportDir, `${name}.summary.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs Stryker on one module; returns the exit code (1 when under the floor). */
async function runOne(name, force) {
  const mod = modules.find((m) => m.name === name);
  if (!mod) throw new Error(`unknown module ${name}`);
  mkdirSync(reportDir, { recursive: true });
  const summaryFile = path.join(reportDir, `${name}.summary.json`);
  writeFileSync(summaryFile, 'null');
  const tests = mod.tests.filter((f) => existsSync(path.join(root, f)));
  process.env.CAREDOCK_MUTATE_TESTS = JSON.stringify(tests);
  // Stryker's incremental mode reuses a static mutant's result (one that no single test
  // covers) even when a test file was added; so a changed list of test files retests all.
  const testsFile = path.join(reportDir, `${name}.tests.json`);
  const lastTests = existsSync(testsFile) ? readFileSync(testsFile, 'utf8') : '';
  if (lastTests !== JSON.stringify(tests)) force = true;
  const { Stryker } = await import('@stryker-mutator/core');
  const stryker = new Stryker({
    mutate: mod.mutate,
    testRunner: 'vitest',
    // Only the module's tests: the config reads them from CAREDOCK_MUTATE_TESTS.
    vitest: { configFile: 'stryker/vitest.config.ts', related: false, pool: 'forks' },
    plugins: ['@stryker-mutator/vitest-runner'],
    coverageAnalysis: 'perTest',
    // The machine is shared: one worker unless the module says two.
    concurrency: mod.concurrency ?? 1,
    timeoutMS: 10_000,
    dryRunTimeoutMinutes: 10,
    incremental: true,
    incrementalFile: path.join('reports', 'stryker', `${name}.incremental.json`),
    force,
    thresholds: { high: 90, low: mod.floor, break: mod.floor },
    reporters: ['clear-text', 'progress', 'html'],
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    htmlReporter: { fileName: path.join('reports', 'stryker', `${name}.html`) },
    // The sandbox is a copy of the project: leave out what no test reads.
    ignorePatterns: [
      '.tools',
      'dist',
      'out',
      '.vite',
      'test-results',
      'playwright-report',
      'test/artifacts',
      'reports',
      '.caredock-dev',
      'packaging',
      'bench',
      'test/e2e',
      '.stryker-tmp*',
    ],
    // One temp folder per module, so runs of two modules side by side never clean up each other's.
    tempDirName: `.stryker-tmp-${name}`,
    cleanTempDir: true,
    logLevel: 'warn',
    fileLogLevel: 'off',
  });
  const results = await stryker.runMutationTest();
  // Stryker sets the exit code by its own score, which counts the equivalent mutants below as
  // survivors; the floor is decided here, with them left out.
  process.exitCode = 0;
  const equivalent = readEquivalents(name);
  const used = new Set();
  const count = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 0, ignored: 0 };
  const survivors = [];
  for (const m of results) {
    switch (m.status) {
      case 'Killed':
        count.killed++;
        break;
      case 'Timeout':
        count.timeout++;
        break;
      case 'Survived':
      case 'NoCoverage': {
        const file = path.relative(root, path.resolve(root, m.fileName));
        const { line, column } = m.location.start;
        // A row names a mutator on a line, or at one column of it when the line has several.
        const key = [`${file}:${line}:${column}:${m.mutatorName}`, `${file}:${line}:${m.mutatorName}`].find(
          (k) => equivalent.has(k),
        );
        if (key) {
          used.add(key);
          count.equivalent++;
        } else {
          if (m.status === 'Survived') count.survived++;
          else count.noCoverage++;
          // A survivor that ran no test was not measured (a known runner fault): say so.
          const unmeasured = m.status === 'Survived' && m.testsCompleted === 0 ? '  (ran no test)' : '';
          survivors.push(
            `${file}:${line}:${column} ${m.mutatorName} ${m.replacement ?? ''}`.trim() + unmeasured,
          );
        }
        break;
      }
      case 'Ignored':
        count.ignored++;
        break;
      default:
        count.errors++;
    }
  }
  const detected = count.killed + count.timeout;
  const valid = detected + count.survived + count.noCoverage;
  const score = valid === 0 ? 100 : (detected / valid) * 100;
  const meets = score >= mod.floor;
  for (const key of equivalent.keys())
    if (!used.has(key))
      console.warn(`stryker/equivalent.md: ${key} (${name}) matches no surviving mutant; remove it`);
  if (survivors.length > 0) console.log(`surviving mutants (${name}):\n  ${survivors.join('\n  ')}`);
  const line =
    `mutate ${name}: ${score.toFixed(1)} % (floor ${mod.floor} %) ` +
    `killed ${count.killed}, timeout ${count.timeout}, survived ${count.survived}, ` +
    `no coverage ${count.noCoverage}, equivalent ${count.equivalent}, errors ${count.errors}` +
    (meets ? '' : '  ← UNDER FLOOR');
  console.log(line);
  writeFileSync(summaryFile, JSON.stringify({ line, score, meets }));
  writeFileSync(testsFile, JSON.stringify(tests));
  return meets ? 0 : 1;
}

/**
 * stryker/equivalent.md lists the mutants that cannot change behaviour, one table row each:
 * | module | file:line (or file:line:column) | mutator | why |
 */
function readEquivalents(name) {
  const text = readFileSync(path.join(root, 'stryker', 'equivalent.md'), 'utf8');
  const keys = new Map();
  for (const row of text.split('\n')) {
    const cells = row.split('|').map((c) => c.trim().replaceAll('`', ''));
    if (cells.length < 6 || cells[1] !== name) continue;
    keys.set(`${cells[2]}:${cells[3]}`, cells[4]);
  }
  return keys;
}
