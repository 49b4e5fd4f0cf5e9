// The municipality's retention rules as the workstation keeps them: one settings row, written by
// sync, read by the daily job. Without readable rules nothing is removed.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SettingsData } from '../../src/main/settings/data.ts';
import { RetentionPolicies } from '../../src/main/settings/retention-policy.ts';
import { startTestCore, type TestCore } from '../helpers/core.ts';

const rules = {
  id: '0180',
  registrationDays: 3650,
  penBytesDays: 90,
  sentOutboxDays: 400,
  auditDays: 1825,
  noticeDays: 90,
  erasureAllowed: false,
};

let t: TestCore;
let sqlite: Database.Database;
let policies: RetentionPolicies;
beforeAll(async () => {
  t = await startTestCore({ watchDevices: false, retention: false });
  sqlite = t.core.database.sqlite;
  policies = new RetentionPolicies(new SettingsData(sqlite));
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(() => {
  policies.forgetServerRows();
});

describe('the retention rules on the workstation', () => {
  it('are none until the server sends them, then the ones it sent', () => {
    expect(policies.current()).toBeNull();
    expect(policies.upsertFromServer(rules)).toBe(true);
    expect(policies.current()).toEqual(rules);
    expect(policies.upsertFromServer({ ...rules, registrationDays: 2555 })).toBe(true);
    expect(policies.current()).toEqual({ ...rules, registrationDays: 2555 });
  });

  it('are read from the settings row an earlier version stored them in', () => {
    sqlite
      .prepare(`insert into settings (key, value) values ('retention.policy', ?)`)
      .run(JSON.stringify(rules));
    expect(policies.current()).toEqual(rules);
  });

  it('are none when the stored row is not rules this version understands', () => {
    sqlite
      .prepare(`insert into settings (key, value) values ('retention.policy', ?)`)
      .run(JSON.stringify({ ...rules, registrationDays: 'forever' }));
    expect(policies.current()).toBeNull();
  });

  it('go when the server deletes them, and when the installation is reset', () => {
    policies.upsertFromServer(rules);
    expect(policies.removeFromServer()).toBe(true);
    expect(policies.current()).toBeNull();
    policies.upsertFromServer(rules);
    policies.forgetServerRows();
    expect(policies.current()).toBeNull();
  });

  it('stay after a full resync that did not hand them down again', () => {
    policies.upsertFromServer(rules);
    expect(policies.sweepUnseen()).toBe(0);
    expect(policies.current()).toEqual(rules);
  });
});
