// Retention over random histories: registrations and corrections in random months, each outbox
// row pending, quarantined or sent, months attested for everyone or one recipient (some
// reopened), random rules. Whatever it removes was confirmed by the server, attested and old
// enough; whatever was all three is gone.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core.ts';
import { RetentionPolicies } from '../../src/main/settings/retention-policy.ts';
import { SettingsData } from '../../src/main/settings/data.ts';
import { localMonth } from '../../src/shared/domain/time.ts';
import { startTestCore, type TestCore } from '../helpers/core.ts';

const TZ = 'Europe/Stockholm';
const DAY = 86_400_000;
const NOW = Date.now();
const START = Date.parse('2024-01-01T00:00:00Z');

const outboxState = fc.constantFrom('pending', 'quarantined', 'sent', 'sent', 'sent');
const history = fc.record({
  registrations: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 700 * DAY }),
      recipient: fc.constantFrom('r-1', 'r-2', null),
      state: outboxState,
      correction: fc.option(
        fc.record({ state: outboxState, moveDays: fc.option(fc.integer({ min: -60, max: 60 })) }),
      ),
    }),
    { maxLength: 60 },
  ),
  attestations: fc.array(
    fc.record({
      month: fc.integer({ min: 0, max: 23 }),
      recipient: fc.constantFrom('r-1', 'r-2', null),
      reopened: fc.boolean(),
    }),
    { maxLength: 24 },
  ),
  registrationDays: fc.integer({ min: 1, max: 1200 }),
});

let t: TestCore;
let core: Core;
beforeAll(async () => {
  t = await startTestCore({ watchDevices: false, retention: false });
  core = t.core;
});
afterAll(async () => {
  await t.cleanup();
});

describe('retention', () => {
  it('never removes an unsent or unattested row, and removes every expired one', async () => {
    const sqlite = core.database.sqlite;
    const policies = new RetentionPolicies(new SettingsData(sqlite));
    const ids = () => new Set(sqlite.prepare('select id from registrations').pluck().all() as string[]);
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        sqlite.exec(
          'delete from corrections; delete from registrations; delete from outbox; delete from attestations',
        );
        policies.upsertFromServer({
          id: '0180',
          registrationDays: h.registrationDays,
          penBytesDays: 1,
          sentOutboxDays: 36_500,
          auditDays: 36_500,
          noticeDays: 36_500,
          erasureAllowed: false,
        });
        const insReg = sqlite.prepare(
          `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, flags, recipient_id, received_at)
           values (?, 'P', ?, 'AAAAAAAA', ?, ?, 'arrive', '[]', ?, ?)`,
        );
        const insCor = sqlite.prepare(
          `insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (?, ?, 'x', ?, ?, 'test')`,
        );
        const insOut = sqlite.prepare(
          `insert into outbox (kind, item_id, state, day) values (?, ?, ?, '2024-01-01')`,
        );
        const months = (m: number) => {
          const d = new Date(START);
          d.setUTCMonth(d.getUTCMonth() + m);
          return d.toISOString().slice(0, 7);
        };
        h.attestations.forEach((a, i) =>
          sqlite
            .prepare(
              `insert into attestations (id, period_start, period_end, recipient_id, attested_at, attested_by, registration_count, reopened_at)
               values (?, ?, ?, ?, '2026-01-01T00:00:00Z', 'test', 0, ?)`,
            )
            .run(
              `a-${i}`,
              `${months(a.month)}-01`,
              `${months(a.month)}-28`,
              a.recipient,
              a.reopened ? '2026-02-01T00:00:00Z' : null,
            ),
        );
        const locked = (instant: number, recipient: string | null) =>
          h.attestations.some(
            (a) =>
              !a.reopened &&
              months(a.month) === localMonth(instant, TZ) &&
              (a.recipient === null || a.recipient === recipient),
          );
        const expected = new Set<string>();
        h.registrations.forEach((r, i) => {
          const id = `reg-${String(i).padStart(3, '0')}`;
          const at = START + r.at;
          const iso = new Date(at).toISOString();
          insReg.run(id, i + 1, iso, iso, r.recipient, iso);
          insOut.run('registration', id, r.state);
          let ok = r.state === 'sent' && locked(at, r.recipient) && at < NOW - h.registrationDays * DAY;
          if (r.correction) {
            const moved = r.correction.moveDays === null ? null : at + r.correction.moveDays * DAY;
            const changes = moved === null ? {} : { correctedTime: new Date(moved).toISOString() };
            insCor.run(`cor-${i}`, id, JSON.stringify(changes), iso);
            insOut.run('correction', `cor-${i}`, r.correction.state);
            ok &&= r.correction.state === 'sent' && (moved === null || locked(moved, r.recipient));
          }
          if (ok) expected.add(id);
        });
        const before = ids();
        const report = await core.retention.run();
        const after = ids();
        const removed = [...before].filter((id) => !after.has(id));
        expect(new Set(removed)).toEqual(expected);
        expect(report.registrations).toBe(expected.size);
        // A removed registration takes its corrections and sent outbox rows along; nothing
        // unsent is ever touched.
        const left = sqlite
          .prepare(`select item_id from outbox where state != 'sent'`)
          .pluck()
          .all() as string[];
        const unsentBefore = h.registrations.flatMap((r, i) => [
          ...(r.state !== 'sent' ? [`reg-${String(i).padStart(3, '0')}`] : []),
          ...(r.correction && r.correction.state !== 'sent' ? [`cor-${i}`] : []),
        ]);
        expect(left.sort()).toEqual(unsentBefore.sort());
        const orphans = sqlite
          .prepare(
            'select count(*) from corrections c where not exists (select 1 from registrations r where r.id = c.corrects_id)',
          )
          .pluck()
          .get();
        expect(orphans).toBe(0);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('removes nothing without the municipality’s rules, and records each run in the audit log', async () => {
    const sqlite = core.database.sqlite;
    new RetentionPolicies(new SettingsData(sqlite)).forgetServerRows();
    const report = await core.retention.run();
    expect(report.ran).toBe(false);
    new RetentionPolicies(new SettingsData(sqlite)).upsertFromServer({
      id: '0180',
      registrationDays: 30,
      penBytesDays: 30,
      sentOutboxDays: 30,
      auditDays: 36_500,
      noticeDays: 30,
      erasureAllowed: false,
    });
    await core.retention.run();
    const entry = sqlite
      .prepare(
        `select subject, details from audit_log where action = 'retention.run' order by id desc limit 1`,
      )
      .get() as { subject: string; details: string };
    expect(entry.subject).toBe('0180');
    expect(JSON.parse(entry.details)).toHaveProperty('registrations');
  });
});
