// The municipality's retention rules reach the workstation with the install profile, and later
// changes come down by sync as a row of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsData } from '../../src/main/settings/data.ts';
import { RetentionPolicies } from '../../src/main/settings/retention-policy.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { sequencePendingChanges } from '../../src/server/sync/sequencer.ts';
import type { TestCore } from '../helpers/core.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  REGISTERED,
  startWorld,
  workstation,
  type World,
} from '../sync/helpers/world.ts';

const rules = {
  id: MUNICIPALITY_A,
  registrationDays: 3650,
  penBytesDays: 90,
  sentOutboxDays: 400,
  auditDays: 1825,
  noticeDays: 90,
  erasureAllowed: false,
};

let world: World;
let tc: TestCore;
beforeAll(async () => {
  world = await startWorld();
  tc = await workstation();
}, 60_000);
afterAll(async () => {
  await tc?.cleanup();
  await world?.close();
});

describe('the retention rules', () => {
  it('come with the install profile, and changes come by sync', async () => {
    const policies = new RetentionPolicies(new SettingsData(tc.core.database.sqlite));
    expect(policies.current()).toBeNull();
    const profile = { ...JSON.parse(await world.profile(MUNICIPALITY_A)), retention: rules };
    await tc.core.sync.install({
      profile: JSON.stringify(profile),
      code: await world.code(PROVIDER_A),
      workstationName: 'Kontoret',
      sourceAddress: REGISTERED,
    });
    expect(policies.current()).toEqual(rules);

    const db = world.fx.server.ctx.database.db;
    await db.transaction((tx) =>
      putEntity(tx, PROVIDER_A, 'retention', { ...rules, registrationDays: 2555, erasureAllowed: true }),
    );
    await sequencePendingChanges(db);
    await tc.core.sync.runOnce('user');
    expect(policies.current()).toEqual({ ...rules, registrationDays: 2555, erasureAllowed: true });
  }, 60_000);
});
