// Door codes and personnummer typed into free text: the UI warns (with the logger's shapes,
// from one shared place), and the exports and notices that do not need the text never carry it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redactText, REDACTED } from '../../src/main/log/redact.ts';
import type { EventMessage } from '../../src/shared/api/index.ts';
import { sensitiveFindings } from '../../src/shared/domain/sensitive-text.ts';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { pdfPages } from '../helpers/pdf-text.ts';
import { at, seedPeople, seedRegistration } from '../helpers/seed.ts';

describe('what looks like a secret', () => {
  it('finds door codes as people write them, in Swedish, Finnish and English', () => {
    for (const text of [
      'portkod 8520',
      'Portkod 4711#',
      'Portkoden är 1234',
      'dörrkod: 90210',
      'larmkod 5566',
      'Nyckelbox kod 0000',
      'koden 1234',
      'Ovikoodi on 1234',
      'porttikoodi: 2580',
      'door code is 4711',
      'gate code 3344',
      'tryck *1234# på panelen',
      'in med 4711#',
    ])
      expect(sensitiveFindings(text), text).toEqual(['doorCode']);
  });

  it('finds a personnummer, samordningsnummer or henkilötunnus whose check digit is right', () => {
    for (const text of ['kunden 19121212-1212 ringde', '121212-1212', '191212121212', '131052-308T'])
      expect(sensitiveFindings(text), text).toEqual(['personalId']);
    expect(sensitiveFindings('portkod 8520, pnr 19121212-1212').sort()).toEqual(['doorCode', 'personalId']);
  });

  it('leaves ordinary notes alone', () => {
    for (const text of [
      'Pennan var urladdad',
      'Besöket 08:00–09:30 den 2026-05-12',
      'kod 101',
      'insatskod 1234',
      'task code 101',
      'rum 12',
      'ring 0701234567 före',
      'Hallen, vänster dörr',
    ])
      expect(sensitiveFindings(text), text).toEqual([]);
  });

  it('is what the logger scrubs, so a log line never holds them either', () => {
    expect(redactText('skäl: Portkod 4711# och 19121212-1212')).toBe(`skäl: ${REDACTED} och ${REDACTED}`);
    expect(redactText('ovikoodi on 1234, hetu 131052-308T')).toBe(`${REDACTED}, hetu ${REDACTED}`);
    expect(redactText('batch 42 of 2000 records')).toBe('batch 42 of 2000 records');
  });
});

describe('exports and notices that do not need free text', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore({ watchDevices: false });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('never carry a correction’s reason, a tag’s label or an attestation’s note', async () => {
    const admin = t.core.connect();
    const session = await withAdmin(admin);
    await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
    const events: EventMessage[] = [];
    admin.subscribe((m) => events.push(m));
    const sqlite = t.core.database.sqlite;
    seedPeople(sqlite);
    const arrive = seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:00'),
      kind: 'arrive',
    });
    seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:40'),
      kind: 'depart',
    });
    const secrets = ['8520', '4711', '9911', '19121212-1212', '3636'];
    await ok(admin, 'corrections.create', {
      correctsId: arrive,
      reason: 'portkod 8520, kunden 19121212-1212 ringde',
      changes: { time: { date: '2026-05-12', time: '08:05' } },
    });
    await ok(admin, 'tags.enrol', { uid: 'DDDDDDDD', recipientId: 'r-1', label: 'Portkod 4711#' });
    await ok(admin, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '08:00',
      end: '08:45',
      tasks: ['PO'],
    });
    const attestation = await ok(admin, 'attestations.create', { month: '2026-05', note: 'kod 9911#' });
    await ok(admin, 'attestations.reopen', { id: attestation.id, reason: 'larmkod 3636 stod i underlaget' });

    const csv = Buffer.from(
      (await ok(admin, 'billing.export', { month: '2026-05', format: 'csv' })).base64,
      'base64',
    );
    const pdf = (
      await pdfPages((await ok(admin, 'billing.export', { month: '2026-05', format: 'pdf' })).base64)
    ).join('\n');
    expect(csv.toString('utf8')).toContain('Karin Karlsson');
    expect(pdf).toContain('Karin Karlsson');
    const audit = JSON.stringify(await ok(admin, 'audit.list', { limit: 100 }));
    const notices = JSON.stringify(events);
    await t.core.close();
    const exported = spawnSync(
      process.execPath,
      [
        path.resolve(import.meta.dirname, '../../bin/caredock.mjs'),
        'export',
        'registrations',
        '--data',
        t.dir,
      ],
      { encoding: 'utf8' },
    );
    expect(exported.status).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(2);
    for (const secret of secrets) {
      expect(csv.toString('utf8'), `billing CSV: ${secret}`).not.toContain(secret);
      expect(pdf, `billing PDF: ${secret}`).not.toContain(secret);
      expect(exported.stdout, `registrations export: ${secret}`).not.toContain(secret);
      expect(notices, `events: ${secret}`).not.toContain(secret);
      expect(audit, `audit log: ${secret}`).not.toContain(secret);
    }
  });
});
