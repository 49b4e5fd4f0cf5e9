// The same server suite on a throwaway PostgreSQL cluster from Debian's binaries.
import { afterAll, describe } from 'vitest';
import { defineServerSuite } from './helpers/suite.ts';
import { findPostgresBin, startPgCluster } from './helpers/postgres.ts';
import type { PgCluster } from './helpers/postgres.ts';

const bin = findPostgresBin();

if (bin === null) {
  // Skipped only where Debian's postgresql binaries (initdb, pg_ctl) are missing: no cluster to run on.
  describe.skip("central server on PostgreSQL — skipped: no initdb/pg_ctl found (install Debian's postgresql package)", () => {
    defineServerSuite(async () => ({ engine: 'pglite', dataDir: null }));
  });
} else {
  describe(`central server on PostgreSQL (${bin})`, () => {
    let cluster: PgCluster | undefined;
    afterAll(async () => {
      await cluster?.stop();
    });
    defineServerSuite(async () => {
      cluster = await startPgCluster(bin);
      return { engine: 'postgres', url: await cluster.createDatabase('caredock_server_test') };
    });
  });
}
