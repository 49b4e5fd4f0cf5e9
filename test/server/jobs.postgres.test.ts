// The same queue suite on a throwaway PostgreSQL cluster from Debian's binaries.
import { afterAll, describe } from 'vitest';
import { defineJobsSuite } from './helpers/jobs-suite.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './helpers/postgres.ts';

const bin = findPostgresBin();

if (bin === null) {
  // Skipped only where Debian's postgresql binaries (initdb, pg_ctl) are missing: no cluster to run on.
  describe.skip("server job queue on PostgreSQL — skipped: no initdb/pg_ctl found (install Debian's postgresql package)", () => {
    defineJobsSuite(async () => ({ engine: 'pglite', dataDir: null }));
  });
} else {
  describe(`server job queue on PostgreSQL (${bin})`, () => {
    let cluster: PgCluster | undefined;
    afterAll(async () => {
      await cluster?.stop();
    });
    defineJobsSuite(async () => {
      cluster = await startPgCluster(bin);
      return { engine: 'postgres', url: await cluster.createDatabase('caredock_jobs_test') };
    });
  });
}
