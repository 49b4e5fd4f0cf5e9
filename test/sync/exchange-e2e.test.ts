// The municipality's file exchange end to end: a BFU file and an MFU file dropped on the server
// → orders, homes and tags on the workstation after a sync (with where each order came from and
// the door code of its own recipients only) → a visit planned and performed → the month attested
// and synced → BFU-back and MFU-time files in out/ with the minutes the billing basis shows.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldersOf } from '../../src/server/exchange/folders.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { sequencePendingChanges } from '../../src/server/sync/sequencer.ts';
import { ok, withAdmin } from '../helpers/core.ts';
import { at, seedRegistration } from '../helpers/seed.ts';
import { MUNICIPALITY_A, PROVIDER_A, install, startWorld, workstation, type World } from './helpers/world.ts';

const EXAMPLES = path.resolve('docs/formats/examples');
const MONTH = '2026-11';

let world: World;
beforeAll(async () => {
  world = await startWorld({ engine: 'pglite', dataDir: null }, undefined, { exchange: true });
});
afterAll(async () => {
  await world?.close();
});

function drop(name: string, body: string | Buffer): void {
  const dir = foldersOf(world.fx.server.ctx.paths, MUNICIPALITY_A).in;
  writeFileSync(path.join(dir, name), body);
  writeFileSync(path.join(dir, `${name}.ready`), '');
}

async function until<T>(what: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the file exchange end to end', () => {
  it('takes orders in from a file and gives the attested minutes back as files', async () => {
    const exchange = world.fx.server.exchange!;
    // The example files, for this world's municipality and provider.
    const ours = (s: string) =>
      s.replaceAll('1480', MUNICIPALITY_A).replaceAll(/hemtjanst-(nord|syd)/g, PROVIDER_A);
    await exchange.pass();
    drop('bestallningar-2026-11.xml', ours(readFileSync(path.join(EXAMPLES, 'bfu-orders.xml'), 'utf8')));
    await exchange.pass();
    drop('register.csv', Buffer.from(ours(readFileSync(path.join(EXAMPLES, 'mfu-recipients.csv'), 'utf8'))));
    await exchange.pass();
    const db = world.fx.server.ctx.database.db;
    await putEntity(db, PROVIDER_A, 'staff', { id: 'st-1', name: 'Stina Test', active: true });
    await sequencePendingChanges(db);

    const ws = await workstation();
    try {
      await install(world, ws, MUNICIPALITY_A, PROVIDER_A);
      await ws.core.sync.runOnce();
      const c = ws.core.connect();
      const session = await withAdmin(c);
      await ok(c, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });

      const orders = await ok(c, 'orders.list', { recipientId: 'r-2001' });
      expect(orders).toEqual([
        expect.objectContaining({
          id: 'o-1001',
          version: 1,
          origin: { file: 'bestallningar-2026-11.xml', importedAt: expect.any(String) },
          services: [
            expect.objectContaining({ code: 'HS01', grantedMinutesPerMonth: 600 }),
            expect.objectContaining({ code: 'SE02', grantedMinutesPerMonth: 120 }),
          ],
        }),
      ]);
      const sqlite = ws.core.database.sqlite;
      expect(
        sqlite
          .prepare("select door_code as d, key_information as k from recipients where id = 'r-2001'")
          .get(),
      ).toEqual({
        d: '1234',
        k: 'Nyckel i nyckelskåp 3 vid entrén',
      });
      expect(
        sqlite.prepare('select lower(uid) as id, recipient_id as r from tags order by uid').all(),
      ).toEqual(
        expect.arrayContaining([
          { id: '04a1b2c3', r: 'r-2001' },
          { id: '04a1b2c4', r: 'r-2001' },
        ]),
      );

      const plan = await ok(c, 'plans.save', {
        recipientId: 'r-2001',
        orderId: 'o-1001',
        staffIds: ['st-1'],
        date: `${MONTH}-10`,
        start: '08:00',
        end: '08:45',
        tasks: ['HS01'],
        services: [{ code: 'HS01', minutes: 45 }],
      });
      expect(plan.warnings).toEqual([]);
      seedRegistration(sqlite, {
        staffId: 'st-1',
        recipientId: 'r-2001',
        tagUid: '04a1b2c3',
        time: at(`${MONTH}-10`, '08:02'),
        kind: 'arrive',
      });
      seedRegistration(sqlite, {
        staffId: 'st-1',
        recipientId: 'r-2001',
        tagUid: '04a1b2c3',
        time: at(`${MONTH}-10`, '08:44'),
        kind: 'depart',
      });

      const basis = await ok(c, 'billing.basis', { month: MONTH });
      const hs01 = basis.rows.find((r) => r.recipient.id === 'r-2001' && r.serviceCode === 'HS01')!;
      expect(hs01.performedMinutes).toBeGreaterThan(0);
      const preview = await ok(c, 'attestations.preview', { month: MONTH });
      const attest = await ok(c, 'attestations.create', { month: MONTH, acceptProblems: preview.problems });
      await ws.core.sync.runOnce();

      await exchange.pass();
      const out = foldersOf(world.fx.server.ctx.paths, MUNICIPALITY_A).out;
      const bfuName = `bfu-back_${PROVIDER_A}_${MONTH}_v1.xml`;
      const mfuName = `mfu-time_${PROVIDER_A}_${MONTH}_v1.csv`;
      await until(() => (existsSync(path.join(out, mfuName)) ? true : undefined));
      expect(
        readdirSync(out)
          .filter((n) => !n.startsWith('.'))
          .sort(),
      ).toEqual([bfuName, mfuName]);

      // BFU back validates against its schema and carries the attested minutes per order.
      execFileSync(
        'xmllint',
        ['--noout', '--schema', 'docs/formats/bfu-back-v1.xsd', path.join(out, bfuName)],
        {
          stdio: 'pipe',
        },
      );
      const xml = readFileSync(path.join(out, bfuName), 'utf8');
      const doc = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        isArray: (n) => n === 'order' || n === 'service',
      }).parse(xml) as {
        performed: {
          order: {
            id?: string;
            recipient: string;
            service: { code: string; performedMinutes: string; grantedMinutes: string }[];
          }[];
        };
      };
      const o1001 = doc.performed.order.find((o) => o.id === 'o-1001')!;
      expect(o1001.recipient).toBe('r-2001');
      expect(Number(o1001.service.find((s) => s.code === 'HS01')!.performedMinutes)).toBe(
        hs01.performedMinutes,
      );
      expect(Number(o1001.service.find((s) => s.code === 'HS01')!.grantedMinutes)).toBe(hs01.grantedMinutes);
      for (const s of ['1234', '7788#', '19121212', 'Tolvan']) expect(xml).not.toContain(s);

      // MFU time parses back to the billing basis's numbers, row for row.
      const csv = readFileSync(path.join(out, mfuName));
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      for (const s of ['1234', '7788#', '19121212', 'Nyckel']) expect(csv.toString('utf8')).not.toContain(s);
      const records = parse(csv.subarray(3).toString('utf8'), { delimiter: ';', columns: true }) as Record<
        string,
        string
      >[];
      const byKey = new Map(records.map((r) => [`${r['Kundnummer']}|${r['Insatskod']}`, r]));
      for (const row of basis.rows) {
        const r = byKey.get(`${row.recipient.id}|${row.serviceCode}`);
        expect(r, `${row.recipient.id} ${row.serviceCode}`).toBeDefined();
        expect(Number(r!['Utförda minuter'])).toBe(row.performedMinutes);
        expect(Number(r!['Beviljade minuter'])).toBe(row.grantedMinutes);
      }
      expect(records).toHaveLength(basis.rows.length);
      expect(byKey.get('r-2001|HS01')).toMatchObject({
        Beställning: 'o-1001',
        Attestversion: '1',
        Månad: MONTH,
      });

      // Done once: another pass writes nothing new.
      await exchange.pass();
      await new Promise((r) => setTimeout(r, 500));
      expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toHaveLength(2);

      // Reopened and attested again with the same figures: a new version, but no new files.
      await ok(c, 'attestations.reopen', { id: attest.id, reason: 'Kontroll av november' });
      const again = await ok(c, 'attestations.create', {
        month: MONTH,
        acceptProblems: (await ok(c, 'attestations.preview', { month: MONTH })).problems,
      });
      expect(again.version).toBe(2);
      await ws.core.sync.runOnce();
      await exchange.pass();
      const exportsDone = async () =>
        (await world.fx.server.ctx.database.db.execute(
          sql`SELECT attest_version, files FROM exchange_exports ORDER BY attest_version`,
        )) as unknown;
      await until(
        async () => JSON.stringify(await exportsDone()).includes('"attest_version":2') || undefined,
      );
      expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toHaveLength(2);

      // Reopened for a visit that was missing: the figures change, so version 3 goes out, named so.
      await ok(c, 'attestations.reopen', { id: again.id, reason: 'Ett besök saknades' });
      seedRegistration(sqlite, {
        staffId: 'st-1',
        recipientId: 'r-2001',
        tagUid: '04a1b2c3',
        time: at(`${MONTH}-11`, '08:00'),
        kind: 'arrive',
      });
      seedRegistration(sqlite, {
        staffId: 'st-1',
        recipientId: 'r-2001',
        tagUid: '04a1b2c3',
        time: at(`${MONTH}-11`, '08:30'),
        kind: 'depart',
      });
      const third = await ok(c, 'attestations.create', {
        month: MONTH,
        acceptProblems: (await ok(c, 'attestations.preview', { month: MONTH })).problems,
      });
      expect(third.version).toBe(3);
      const basis3 = await ok(c, 'billing.basis', { month: MONTH });
      await ws.core.sync.runOnce();
      await exchange.pass();
      const mfu3 = `mfu-time_${PROVIDER_A}_${MONTH}_v3.csv`;
      await until(() => (existsSync(path.join(out, mfu3)) ? true : undefined));
      const v3 = parse(readFileSync(path.join(out, mfu3)).subarray(3).toString('utf8'), {
        delimiter: ';',
        columns: true,
      }) as Record<string, string>[];
      const hs3 = basis3.rows.find((r) => r.recipient.id === 'r-2001' && r.serviceCode === 'HS01')!;
      expect(hs3.performedMinutes).toBeGreaterThan(hs01.performedMinutes);
      expect(
        Number(v3.find((r) => r['Kundnummer'] === 'r-2001' && r['Insatskod'] === 'HS01')!['Utförda minuter']),
      ).toBe(hs3.performedMinutes);
      expect(
        readdirSync(out)
          .filter((n) => !n.startsWith('.'))
          .sort(),
      ).toEqual([bfuName, `bfu-back_${PROVIDER_A}_${MONTH}_v3.xml`, mfuName, mfu3]);
    } finally {
      await ws.cleanup();
    }
  });
});
