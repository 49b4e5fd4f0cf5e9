// The history generator at a small size: both modes write the same office through the product's
// paths, and what they write reads back through the API as the office would see it.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, fiveYears, generateHistory, type HistoryShape } from '../../bench/history.ts';
import { ok, startTestCore, tempDir } from '../helpers/core.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const small = (mode: HistoryShape['mode']): HistoryShape => ({
  ...fiveYears(33),
  staff: 4,
  recipients: 20,
  visits: 3,
  correctionsPerDay: 1,
  mode,
});

describe('history generator', () => {
  it.each(['replay', 'bulk'] as const)(
    '%s: registrations, plans, corrections and attestations',
    async (mode) => {
      const dir = tempDir();
      dirs.push(dir);
      const stats = await generateHistory(dir, small(mode));
      // 4 pens × 33 days × (3 arrive + 3 depart + 1 task).
      expect(stats.registrations).toBe(4 * 33 * 7);
      expect(stats.plans).toBe(4 * 33 * 2);
      // The month that ended is attested; the last one stays open.
      expect(stats.attestations).toBe(1);

      const t = await startTestCore({ dataDir: dir, watchDevices: false });
      try {
        const client = t.core.connect();
        await ok(client, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
        const list = await ok(client, 'registrations.list', {
          from: '2026-11-16',
          to: '2026-11-16',
          limit: 200,
        });
        expect(list.total).toBe(4 * 7);
        const attested = await ok(client, 'attestations.list', {});
        expect(attested.map((a) => a.month)).toEqual(['2026-10']);
        const sqlite = t.core.database.sqlite;
        expect(sqlite.prepare("select count(*) from outbox where state != 'sent'").pluck().get()).toBe(0);
        expect(sqlite.prepare('select count(*) from corrections').pluck().get()).toBe(stats.corrections);
        expect(sqlite.prepare('select count(*) from dock_session_bytes').pluck().get()).toBe(4 * 33);
      } finally {
        await t.cleanup();
        dirs.pop();
      }
    },
    120_000,
  );
});
