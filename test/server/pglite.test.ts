// The server suite on embedded PGlite (in memory).
import { describe } from 'vitest';
import { defineServerSuite } from './suite/index.ts';

describe('central server on PGlite', () => {
  defineServerSuite(async () => ({ engine: 'pglite', dataDir: null }));
});
