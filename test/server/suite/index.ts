// The central server's suite, run once per database engine (../pglite.test.ts and, on Debian's
// PostgreSQL, ../postgres.test.ts): one server with two municipalities and an enrolled
// workstation in each, shared by every part.
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseSpec } from '../../../src/server/db/database.ts';
import { MUNICIPALITY_A, MUNICIPALITY_B, PROVIDER_A, PROVIDER_B, startFixture } from '../helpers/fixture.ts';
import { adminTests } from './admin.ts';
import { channelTests } from './channel.ts';
import { isolationTests } from './isolation.ts';
import { pullTests } from './pull.ts';
import { pushTests } from './push.ts';
import { reconciliationTests } from './reconciliation.ts';
import type { SuiteState } from './support.ts';

export function defineServerSuite(getDatabase: () => Promise<DatabaseSpec>): void {
  const s = {} as SuiteState;
  beforeAll(async () => {
    s.spec = await getDatabase();
    s.fx = await startFixture(s.spec);
    s.wsA = await s.fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    s.wsB = await s.fx.enrol(PROVIDER_B, MUNICIPALITY_B);
  });
  afterAll(async () => {
    await s.fx?.close();
  });
  channelTests(s);
  pushTests(s);
  pullTests(s);
  reconciliationTests(s);
  adminTests(s);
  isolationTests(s);
}
