// A person's data: the admin's export (JSON and PDF) of everything the workstation holds about a
// recipient, and erasure only after the central server erased the same, with the rules allowing
// it; afterwards neither the database file, its WAL, the logs nor the kept backups hold the
// person's personnummer or name.
import { readFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto } from '../../src/main/db/data.ts';
import { uuidv7 } from '../../src/main/ids.ts';
import { erasePerson, exportPerson } from '../../src/server/admin/people.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { sequencePendingChanges } from '../../src/server/sync/sequencer.ts';
import { failure, ok, withAdmin, type TestCore } from '../helpers/core.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  install,
  startWorld,
  workstation,
  type World,
} from '../sync/helpers/world.ts';

const PNR = '19121212-1212';
const NAME = 'Karin Raderasson';
const traces = [PNR, '121212-1212', '191212121212', '1212121212', NAME, 'Raderasson'];

let world: World;
let tc: TestCore;
beforeAll(async () => {
  world = await startWorld();
  tc = await workstation({ logLevel: 'debug' });
  await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
  const db = world.fx.server.ctx.database.db;
  await db.transaction(async (tx) => {
    await putEntity(tx, PROVIDER_A, 'recipient', {
      id: 'r-karin',
      displayName: NAME,
      personalIdentityNumber: PNR,
      protectedIdentity: false,
      address: 'Storgatan 1',
    });
    await putEntity(tx, PROVIDER_A, 'tag', { id: 'aabbccdd', recipientId: 'r-karin', label: null });
    await putEntity(tx, PROVIDER_A, 'retention', {
      id: MUNICIPALITY_A,
      registrationDays: 3650,
      penBytesDays: 90,
      sentOutboxDays: 400,
      auditDays: 3650,
      noticeDays: 90,
      erasureAllowed: true,
    });
  });
  await sequencePendingChanges(db);
  await tc.core.sync.runOnce('user');
}, 60_000);
afterAll(async () => {
  await tc?.cleanup();
  await world?.close();
});

function holdsTrace(file: string): string[] {
  const text = readFileSync(file).toString('latin1');
  const utf8 = readFileSync(file).toString('utf8');
  return traces.filter((t) => text.includes(t) || utf8.includes(t));
}

describe("a person's data", () => {
  it('exports everything held about the person, then erases it once the server has', async () => {
    const admin = tc.core.connect();
    const session = await withAdmin(admin);
    await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
    const sqlite = tc.core.database.sqlite;
    const ins = sqlite.prepare(
      `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, flags, staff_id, recipient_id, received_at)
       values (?, 'PEN-1', ?, 'AABBCCDD', ?, ?, ?, '[]', 's-1', 'r-karin', ?)`,
    );
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const at = new Date(Date.UTC(2026, 4, 12, 6 + i)).toISOString();
      const id = uuidv7();
      ids.push(id);
      ins.run(id, i + 1, at, at, i % 2 === 0 ? 'arrive' : 'depart', at);
    }
    sqlite
      .prepare(
        `insert into corrections (id, corrects_id, reason, changes, created_at, created_by) values (?, ?, ?, '{}', ?, 'anna')`,
      )
      .run(uuidv7(), ids[1], `${NAME} var inte hemma`, new Date().toISOString());
    await ok(admin, 'recipients.get', { id: 'r-karin' });
    // A backup CareDock keeps (as taken before a migration) that holds the person too.
    mkdirSync(tc.core.paths.backups, { recursive: true });
    const backup = path.join(tc.core.paths.backups, 'caredock-before-migration-test.db');
    copyInto(sqlite, backup);
    expect(holdsTrace(backup)).toContain(PNR);

    const exported = await ok(admin, 'people.export', { personalId: '191212121212' });
    expect(exported.recipients).toBe(1);
    const json = JSON.parse(Buffer.from(exported.json.base64, 'base64').toString('utf8')) as {
      people: {
        recipient: { name: string; personalId: string };
        registrations: { id: string }[];
        visits: unknown[];
        corrections: unknown[];
        audit: { action: string; actor: string }[];
      }[];
    };
    const [person] = json.people;
    expect(person!.recipient).toMatchObject({ name: NAME, personalId: PNR });
    expect(person!.registrations.map((r) => r.id)).toEqual(ids);
    expect(person!.visits).toHaveLength(2);
    expect(person!.corrections).toHaveLength(1);
    expect(person!.audit.map((a) => a.action)).toContain('recipients.open');
    const pdf = await PDFDocument.load(Buffer.from(exported.pdf.base64, 'base64'));
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(pdf.getTitle()).toBe('Registerutdrag');

    // Not before the server has erased the same.
    expect(await failure(admin, 'people.erase', { personalId: PNR })).toBe('people.notConfirmed');
    const serverExport = await exportPerson(world.fx.server.ctx, PROVIDER_A, { personalIdentityNumber: PNR });
    expect(serverExport.people).toHaveLength(1);
    await erasePerson(world.fx.server.ctx, PROVIDER_A, { personalIdentityNumber: PNR });
    await tc.core.sync.runOnce('user');

    const erased = await ok(admin, 'people.erase', { personalId: PNR });
    expect(erased).toEqual({ recipients: 1, registrations: 4, backups: 1 });
    // The registrations stay as evidence for payment, under a pseudonym.
    const kept = sqlite
      .prepare('select distinct recipient_id from registrations where id in (select value from json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)) as string[];
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^raderad-[0-9a-f]{12}$/);
    const audit = sqlite.prepare(`select action from audit_log where action like 'people.%'`).pluck().all();
    expect(audit).toEqual(['people.export', 'people.erase']);
    admin.close();

    const dir = tc.dir;
    const { paths } = tc.core;
    await tc.core.close();
    const files = [
      paths.database,
      `${paths.database}-wal`,
      ...readdirSync(paths.logs).map((f) => path.join(paths.logs, f)),
      ...readdirSync(paths.backups).map((f) => path.join(paths.backups, f)),
    ].filter((f) => existsSync(f));
    expect(files.some((f) => f.startsWith(paths.backups))).toBe(true);
    expect(files.some((f) => f.startsWith(paths.logs))).toBe(true);
    for (const f of files)
      expect({ file: path.relative(dir, f), traces: holdsTrace(f) }).toEqual({
        file: path.relative(dir, f),
        traces: [],
      });
  }, 60_000);
});
