// The vitest config `npm run mutate` gives Stryker: the project's own, with `include` cut to the
// test files listed for the module under test (stryker/modules.mjs passes them in
// CAREDOCK_MUTATE_TESTS). Cutting them here rather than with Stryker's `testFiles` keeps static
// mutants (values computed when a module loads) measured: with `testFiles` they are switched on
// only after the module has loaded, and survive whatever the tests assert.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.ts';

const listed: unknown = JSON.parse(process.env.CAREDOCK_MUTATE_TESTS ?? '[]');
if (!Array.isArray(listed) || listed.length === 0 || !listed.every((f) => typeof f === 'string'))
  throw new Error('stryker/vitest.config.ts runs only the test files in CAREDOCK_MUTATE_TESTS (a JSON list)');

export default defineConfig({
  ...base,
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: { ...base.test, include: listed },
});
