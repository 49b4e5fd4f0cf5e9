// TWeb end to end: office staff report a missed visit on the workstation → it syncs up → the
// municipality's server files it in TWeb as a new case with the report as a PDF/A document and its
// attachment beside it, then an assignment; an attested month goes into the provider's contract
// case. The stub checks every call against docs/integrations/tweb.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwebFake } from '../../integrations/tweb/fake.ts';
import { listTransactions } from '../../src/server/tweb/admin.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { sequencePendingChanges } from '../../src/server/sync/sequencer.ts';
import { ok, withAdmin } from '../helpers/core.ts';
import { until } from '../server/inbox/world.ts';
import { CONTRACT_CASE, configureTweb, startTweb } from '../server/tweb/world.ts';
import { MUNICIPALITY_A, PROVIDER_A, install, startWorld, workstation, type World } from './helpers/world.ts';

let world: World;
let fake: TwebFake;
beforeAll(async () => {
  fake = await startTweb();
  world = await startWorld({ engine: 'pglite', dataDir: null }, undefined, { tweb: true });
  await configureTweb(world.fx.server.ctx, fake);
  const db = world.fx.server.ctx.database.db;
  await putEntity(db, PROVIDER_A, 'staff', { id: 'st-1', name: 'Stina Test', active: true });
  await putEntity(db, PROVIDER_A, 'recipient', {
    id: 'r-1',
    displayName: 'Aino Asiakas',
    personalIdentityNumber: '131052-308T',
    protectedIdentity: false,
    address: 'Kotikatu 1, Espoo',
  });
  await sequencePendingChanges(db);
}, 60_000);
afterAll(async () => {
  await world?.close();
  await fake?.close();
});

function pdfText(bytes: Buffer): { text: string; fonts: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'caredock-tweb-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  return {
    text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
  };
}

describe('TWeb end to end', () => {
  it('a missed visit reported on the workstation becomes a case with its PDF, attachment and assignment', async () => {
    const ws = await workstation();
    try {
      await install(world, ws, MUNICIPALITY_A, PROVIDER_A);
      await ws.core.sync.runOnce();
      const c = ws.core.connect();
      const session = await withAdmin(c);
      await ok(c, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
      const plan = await ok(c, 'plans.save', {
        recipientId: 'r-1',
        orderId: null,
        staffIds: ['st-1'],
        date: '2026-11-10',
        start: '08:00',
        end: '08:45',
        tasks: [],
      });
      const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString(
        'base64',
      );
      const report = await ok(c, 'reports.file', {
        kind: 'missed',
        planId: plan.id,
        text: 'Asiakas ei avannut ovea. Omainen tavoitettu – allt väl.',
        attachments: [{ name: 'ovi.png', mediaType: 'image/png', data: photo }],
      });
      await ws.core.sync.runOnce();
      await world.fx.server.tweb!.pass();
      await until('the case in TWeb', () => fake.assignments.length === 1, 30_000);

      expect(fake.cases.filter((x) => x.request !== null)).toHaveLength(1);
      const made = fake.cases.find((x) => x.request !== null)!;
      expect(JSON.stringify(made.request)).toContain('Käynti jäi toteutumatta');
      const docs = fake.documents.filter((d) => d.caseId === made.id);
      expect(docs.map((d) => d.file.mediaType)).toEqual(['application/pdf', 'image/png']);
      const { text, fonts } = pdfText(docs[0]!.file.bytes);
      expect(text).toContain('Poikkeamailmoitus');
      expect(text).toContain('Aino Asiakas');
      expect(text).toContain('Omainen tavoitettu – allt väl.');
      expect(text).not.toContain('131052-308T');
      expect(fonts).toMatch(/yes\s+yes\s+yes/);
      expect(fake.violations).toEqual([]);

      // The stub holds the assignment a moment before the server has recorded the filing.
      await until('the transaction recorded as filed', async () =>
        (await listTransactions(world.fx.server.ctx, MUNICIPALITY_A, 10)).some((t) => t.state === 'filed'),
      );
      const [t] = await listTransactions(world.fx.server.ctx, MUNICIPALITY_A, 10);
      expect(t).toMatchObject({ kind: 'deviation', state: 'filed', caseId: made.id });
      expect((await ok(c, 'reports.list', {}))[0]).toMatchObject({ id: report.id, sent: true });

      // Synced again and passed again: nothing is filed twice.
      await ws.core.sync.runOnce();
      await world.fx.server.tweb!.pass();
      await new Promise((r) => setTimeout(r, 500));
      expect(fake.cases.filter((x) => x.request !== null)).toHaveLength(1);

      // The month attested: its basis goes into the provider's contract case.
      const preview = await ok(c, 'attestations.preview', { month: '2026-11' });
      await ok(c, 'attestations.create', { month: '2026-11', acceptProblems: preview.problems });
      await ws.core.sync.runOnce();
      await world.fx.server.tweb!.pass();
      await until(
        'the basis in the contract case',
        () => fake.documents.some((d) => d.caseId === CONTRACT_CASE),
        30_000,
      );
      const basis = fake.documents.find((d) => d.caseId === CONTRACT_CASE)!;
      expect(pdfText(basis.file.bytes).text).toContain('Hyväksytty kuukausiperuste 2026-11');
      expect(fake.violations).toEqual([]);
    } finally {
      await ws.cleanup();
    }
  }, 90_000);
});
