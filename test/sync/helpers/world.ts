// A central server (the real one, with real certificates from its init) and workstation cores
// that install against it through the real /v1/enrol.
import type Database from 'better-sqlite3';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { exportInstallProfile } from '../../../src/server/admin/profile.ts';
import type { DatabaseSpec } from '../../../src/server/db/database.ts';
import type { StartServerOptions } from '../../../src/server/server.ts';
import { uuidv7 } from '../../../src/main/ids.ts';
import type { SyncStatus } from '../../../src/shared/api/procedures/sync.ts';
import { startTestCore, type TestCore } from '../../helpers/core.ts';
import { REGISTERED, startFixture, type Fixture } from '../../server/helpers/fixture.ts';

export {
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  PROVIDER_A,
  PROVIDER_B,
  REGISTERED,
  UNREGISTERED,
} from '../../server/helpers/fixture.ts';

export interface World {
  fx: Fixture;
  /** The profile the municipality hands out, pointing at 127.0.0.1:<port>. */
  profile(municipalityId: string, url?: string): Promise<string>;
  code(providerId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWorld(
  database: DatabaseSpec = { engine: 'pglite', dataDir: null },
  now?: () => Date,
  opts: { exchange?: boolean; inbox?: StartServerOptions['inbox']; tweb?: boolean } = {},
): Promise<World> {
  const fx = await startFixture(database, { ...(now ? { now } : {}), ...opts });
  return {
    fx,
    async profile(municipalityId, url = `https://127.0.0.1:${fx.server.port}/`) {
      return JSON.stringify(await exportInstallProfile(fx.server.ctx, municipalityId, url));
    },
    async code(providerId) {
      return (await createEnrolmentCode(fx.server.ctx, { providerId })).code;
    },
    close: () => fx.close(),
  };
}

export async function workstation(overrides: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  return startTestCore({ syncIntervalSeconds: 0, syncTimeoutMs: 5_000, watchDevices: false, ...overrides });
}

export async function install(
  world: World,
  tc: TestCore,
  municipalityId: string,
  providerId: string,
  sourceAddress: string | null = REGISTERED,
): Promise<SyncStatus> {
  return tc.core.sync.install({
    profile: await world.profile(municipalityId),
    code: await world.code(providerId),
    workstationName: 'Kontoret, dator 1',
    sourceAddress,
  });
}

/** Registrations as docking ingest writes them: domain row and outbox row in one transaction. */
export function addRegistrations(
  sqlite: Database.Database,
  n: number,
  over: (i: number) => Partial<Record<string, unknown>> = () => ({}),
): string[] {
  const ins = sqlite.prepare(
    `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
     values (@id, @penSerial, @sequence, @tagUid, @penTime, @correctedTime, @kind, @taskCode, @flags, @staffId, null, null, @receivedAt)`,
  );
  const out = sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`);
  const base = Date.UTC(2026, 2, 2, 6);
  const first =
    (sqlite.prepare('select coalesce(max(sequence), 0) as s from registrations').get() as { s: number }).s +
    1;
  const ids: string[] = [];
  sqlite
    .transaction(() => {
      for (let i = 0; i < n; i++) {
        const seq = first + i;
        const penTime = new Date(base + seq * 60_000).toISOString();
        const row = {
          id: uuidv7(),
          penSerial: `PEN-${seq % 7}`,
          sequence: seq,
          tagUid: `04A1B2C3${(seq % 65536).toString(16).toUpperCase().padStart(4, '0')}`,
          penTime,
          correctedTime: penTime,
          kind: seq % 3 === 0 ? 'arrive' : seq % 3 === 1 ? 'task' : 'depart',
          taskCode: seq % 3 === 1 ? 101 : null,
          flags: '[]',
          staffId: 'staff-1',
          receivedAt: new Date(base + 12 * 3_600_000).toISOString(),
          ...over(i),
        };
        ins.run(row);
        out.run(row.id);
        ids.push(row.id as string);
      }
    })
    .immediate();
  return ids;
}

export function outboxStates(sqlite: Database.Database): Record<string, number> {
  const rows = sqlite.prepare('select state, count(*) as n from outbox group by state').all() as {
    state: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
