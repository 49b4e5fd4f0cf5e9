import { describe } from 'vitest';
import { defineJobsSuite } from './helpers/jobs-suite.ts';

describe('server job queue on PGlite (pg-boss fromPglite)', () => {
  defineJobsSuite(async () => ({ engine: 'pglite', dataDir: null }));
});
