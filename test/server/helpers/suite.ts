// The server suite, run once per database engine (sync.pglite.test.ts, sync.postgres.test.ts).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSpec } from '../../../src/server/db/database.ts';
import { resultRows } from '../../../src/server/db/database.ts';
import { revokeWorkstation } from '../../../src/server/admin/workstations.ts';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { addProviderAddress } from '../../../src/server/admin/organisations.ts';
import { createLogger } from '../../../src/server/log.ts';
import { startServer } from '../../../src/server/server.ts';
import { issueCertificate, createCsr, createCaCertificate } from '../../../src/server/pki/issue.ts';
import { caOf } from '../../../src/server/pki/municipalityCa.ts';
import { generateEcKeyPem } from '../../../src/server/pki/keys.ts';
import { deleteEntity, purgeTombstones, putEntity } from '../../../src/server/sync/entities.ts';
import { pullPageSchema } from '../../../src/shared/sync/pull.ts';
import type { PullPage } from '../../../src/shared/sync/pull.ts';
import { pushResponseSchema } from '../../../src/shared/sync/push.ts';
import {
  reconciliationIdsResponseSchema,
  reconciliationResponseSchema,
  idHashInput,
} from '../../../src/shared/sync/reconciliation.ts';
import { serverTimeResponseSchema } from '../../../src/shared/sync/time.ts';
import { syncErrorBodySchema } from '../../../src/shared/sync/errors.ts';
import type { Fixture, Workstation } from './fixture.ts';
import {
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  PROVIDER_A,
  PROVIDER_B,
  REGISTERED,
  UNREGISTERED,
  startFixture,
} from './fixture.ts';
import { call } from './client.ts';
import { uuidv7 } from './ids.ts';

const errorCode = (json: unknown): string => syncErrorBodySchema.parse(json).error.code;

function registration(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'registration',
    id: uuidv7(),
    penSerial: 'PEN-0001',
    sequence: Math.floor(Math.random() * 1e9),
    tagUid: '04a1b2c3d4e5f6',
    penTime: '2026-03-02T08:15:00Z',
    correctedTime: null,
    kind: 'arrive',
    flags: [],
    staffId: 'staff-1',
    receivedAt: '2026-03-02T16:00:00Z',
    ...over,
  };
}

const staff = (id: string, name: string) => ({ id, name, active: true });

export function defineServerSuite(getDatabase: () => Promise<DatabaseSpec>): void {
  let fx: Fixture;
  let spec: DatabaseSpec;
  let wsA: Workstation;
  let wsB: Workstation;

  beforeAll(async () => {
    spec = await getDatabase();
    fx = await startFixture(spec);
    wsA = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    wsB = await fx.enrol(PROVIDER_B, MUNICIPALITY_B);
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function pull(ws: Workstation, cursor: string, limit?: number): Promise<PullPage> {
    const res = await fx.as(ws, { path: `/v1/changes?cursor=${cursor}${limit ? `&limit=${limit}` : ''}` });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return pullPageSchema.parse(res.json);
  }

  async function pullAll(
    ws: Workstation,
    cursor: string,
  ): Promise<{ changes: PullPage['changes']; cursor: string }> {
    const changes: PullPage['changes'] = [];
    for (let i = 0; i < 1000; i++) {
      const page = await pull(ws, cursor);
      changes.push(...page.changes);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return { changes, cursor };
  }

  describe('the channel', () => {
    it('answers an enrolled workstation from its registered address', async () => {
      const res = await fx.as(wsA, { path: '/v1/time' });
      expect(res.status).toBe(200);
      const t = serverTimeResponseSchema.parse(res.json);
      expect(t).toMatchObject({
        workstationId: wsA.workstationId,
        providerId: PROVIDER_A,
        municipalityId: MUNICIPALITY_A,
        sourceAddress: REGISTERED,
      });
      expect(Math.abs(Date.parse(t.serverTime) - Date.now())).toBeLessThan(60_000);
    });

    it('refuses a TLS 1.2 client at the handshake', async () => {
      await expect(fx.as(wsA, { path: '/v1/time', maxVersion: 'TLSv1.2' })).rejects.toThrow(
        /protocol|version|alert/i,
      );
    });

    it('refuses a client without a certificate', async () => {
      const res = await fx.raw({
        path: '/v1/time',
        municipalityId: MUNICIPALITY_A,
        localAddress: REGISTERED,
      });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateMissing');
    });

    it('refuses an expired certificate', async () => {
      const key = generateEcKeyPem();
      const csr = await createCsr(key, [['CN', 'x']], fx.server.ctx.paths.tmpDir);
      const day = 86_400_000;
      const cert = await issueCertificate(caOf(fx.server.ctx.paths), {
        csrPem: csr,
        subject: [['CN', wsA.workstationId]],
        profile: { kind: 'client' },
        notBefore: new Date(Date.now() - 30 * day),
        notAfter: new Date(Date.now() - day),
      });
      const res = await fx.as({ ...wsA, key, cert: cert.pem }, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateExpired');
    });

    it('refuses a certificate from another CA', async () => {
      const tmp = fx.server.ctx.paths.tmpDir;
      const caKey = generateEcKeyPem();
      const caCert = await createCaCertificate(caKey, [['CN', 'Some other municipality']], 30, tmp);
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const path = await import('node:path');
      const dir = mkdtempSync(path.join(tmp, 'other-'));
      writeFileSync(path.join(dir, 'ca.key'), caKey, { mode: 0o600 });
      writeFileSync(path.join(dir, 'ca.crt'), caCert);
      const key = generateEcKeyPem();
      const cert = await issueCertificate(
        { keyPath: path.join(dir, 'ca.key'), certPath: path.join(dir, 'ca.crt'), tmpDir: tmp },
        {
          csrPem: await createCsr(key, [['CN', 'x']], tmp),
          subject: [['CN', 'foreign']],
          profile: { kind: 'client' },
          notBefore: new Date(Date.now() - 60_000),
          notAfter: new Date(Date.now() + 86_400_000),
        },
      );
      const res = await fx.as({ ...wsA, key, cert: cert.pem }, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateInvalid');
    });

    it('refuses a workstation of another municipality', async () => {
      const res = await fx.as({ ...wsB, municipalityId: MUNICIPALITY_A }, { path: '/v1/time' });
      expect(res.status).toBe(403);
      expect(errorCode(res.json)).toBe('sync.wrongMunicipality');
    });

    it('refuses an address the provider has not registered, and names it', async () => {
      const res = await fx.as(wsA, { path: '/v1/time', localAddress: UNREGISTERED });
      expect(res.status).toBe(403);
      const body = syncErrorBodySchema.parse(res.json);
      expect(body.error.code).toBe('sync.addressNotRegistered');
      expect(body.error.sourceAddress).toBe(UNREGISTERED);
      const logged = fx.logs.find((l) => l['errorCode'] === 'sync.addressNotRegistered');
      expect(logged).toMatchObject({ sourceAddress: UNREGISTERED, msg: 'sync request refused' });
    });

    it('asks a too-old client to update', async () => {
      const res = await fx.as(wsA, { path: '/v1/time', clientVersion: '0.0.9' });
      expect(res.status).toBe(426);
      expect(syncErrorBodySchema.parse(res.json).error).toMatchObject({
        code: 'sync.updateRequired',
        minClientVersion: '0.1.0',
      });
      const missing = await fx.as(wsA, { path: '/v1/time', clientVersion: null });
      expect(errorCode(missing.json)).toBe('sync.updateRequired');
    });

    it('refuses a revoked workstation', async () => {
      const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      expect((await fx.as(ws, { path: '/v1/time' })).status).toBe(200);
      await revokeWorkstation(fx.server.ctx, { workstationId: ws.workstationId, reason: 'stolen PC' });
      const res = await fx.as(ws, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateRevoked');
    });

    it('enrols only with a fresh code, the profile municipality and a registered address', async () => {
      const ctx = fx.server.ctx;
      const key = generateEcKeyPem();
      const csrPem = await createCsr(key, [['CN', 'x']], ctx.paths.tmpDir);
      const enrol = async (code: string, municipalityId: string, localAddress: string) =>
        fx.raw({
          path: '/v1/enrol',
          localAddress,
          body: { code, csrPem, municipalityId, workstationName: 'PC' },
        });
      const { code } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
      expect(errorCode((await enrol('AAAA-BBBB-CCCC-DDDD', MUNICIPALITY_A, REGISTERED)).json)).toBe(
        'sync.enrolmentRefused',
      );
      expect(errorCode((await enrol(code, MUNICIPALITY_B, REGISTERED)).json)).toBe('sync.wrongMunicipality');
      expect(errorCode((await enrol(code, MUNICIPALITY_A, UNREGISTERED)).json)).toBe('sync.enrolmentRefused');
      const bad = await fx.raw({
        path: '/v1/enrol',
        localAddress: REGISTERED,
        body: {
          code,
          municipalityId: MUNICIPALITY_A,
          workstationName: 'PC',
          csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
        },
      });
      expect(errorCode(bad.json)).toBe('sync.enrolmentCsrInvalid');
      expect((await enrol(code.toLowerCase(), MUNICIPALITY_A, REGISTERED)).status).toBe(200);
      expect(errorCode((await enrol(code, MUNICIPALITY_A, REGISTERED)).json)).toBe('sync.enrolmentRefused');
      // Nothing secret in the log: no code, no key material.
      const text = JSON.stringify(fx.logs);
      expect(text).not.toContain(code);
      expect(text).not.toContain('PRIVATE KEY');
    });

    it('answers an unregistered address and an invalid code the same', async () => {
      const ctx = fx.server.ctx;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']], ctx.paths.tmpDir);
      const { code: valid } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
      const { code: expired } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A, validHours: 1 });
      await ctx.database.db.execute(
        sql`UPDATE enrolment_codes SET expires_at = now() - interval '1 hour' WHERE expires_at < now() + interval '2 hours'`,
      );
      const from = '127.0.0.31';
      const ask = (code: string, municipalityId = MUNICIPALITY_A) =>
        fx.raw({
          path: '/v1/enrol',
          localAddress: from,
          body: { code, csrPem, municipalityId, workstationName: 'PC' },
        });
      const answers = [
        await ask(valid), // a valid code from an address its provider has not registered
        await ask('AAAA-BBBB-CCCC-DDDD'), // no such code
        await ask(expired), // an expired code
        await ask(valid, MUNICIPALITY_B), // valid code, other municipality: still nothing learnt
      ];
      for (const a of answers) {
        expect(a.status).toBe(403);
        expect(a.json).toEqual(answers[0]?.json);
      }
      expect(syncErrorBodySchema.parse(answers[0]?.json).error).toMatchObject({
        code: 'sync.enrolmentRefused',
        sourceAddress: from,
      });
      // The code is still good for the provider's own address.
      const ok = await fx.raw({
        path: '/v1/enrol',
        localAddress: REGISTERED,
        body: { code: valid, csrPem, municipalityId: MUNICIPALITY_A, workstationName: 'PC' },
      });
      expect(ok.status).toBe(200);
    });

    it('limits enrolment attempts per address, counted in the database', async () => {
      const ctx = fx.server.ctx;
      const limit = ctx.config.enrolmentAttemptsPerWindow;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']], ctx.paths.tmpDir);
      const guess = (localAddress: string, i: number) =>
        fx.raw({
          path: '/v1/enrol',
          localAddress,
          body: {
            code: `AAAA-BBBB-CCCC-${'DEFGHJKLMNPQRSTUVWXYZ'[i % 20]}${'DEFGHJKLMNPQRSTUVWXYZ'[Math.floor(i / 20) % 20]}AA`,
            csrPem,
            municipalityId: MUNICIPALITY_A,
            workstationName: 'PC',
          },
        });
      const a = '127.0.0.41';
      for (let i = 0; i < limit; i++) expect((await guess(a, i)).status).toBe(403);
      const limited = await guess(a, limit);
      expect(limited.status).toBe(429);
      const body = syncErrorBodySchema.parse(limited.json).error;
      expect(body.code).toBe('sync.tooManyAttempts');
      expect(body.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(limited.headers?.['retry-after'])).toBe(body.retryAfterSeconds);
      // A right code does not get through either, until the window has passed.
      const { code } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
      await addProviderAddress(ctx, { providerId: PROVIDER_A, address: a });
      const enrolRight = () =>
        fx.raw({
          path: '/v1/enrol',
          localAddress: a,
          body: { code, csrPem, municipalityId: MUNICIPALITY_A, workstationName: 'PC' },
        });
      expect((await enrolRight()).status).toBe(429);
      // Another address is not affected.
      expect((await guess('127.0.0.42', 0)).status).toBe(403);
      // One log line when the limit is hit, not one per guess.
      for (let i = 0; i < 5; i++) await guess(a, i);
      expect(
        fx.logs.filter((l) => l['msg'] === 'enrolment attempts limited' && l['sourceAddress'] === a),
      ).toHaveLength(1);
      // The state is a row of the database: once its window has passed, the right code works.
      await ctx.database.db.execute(
        sql`UPDATE enrolment_attempts SET window_start = window_start - ${`${ctx.config.enrolmentWindowMinutes + 1} minutes`}::interval WHERE address = ${a}`,
      );
      expect((await enrolRight()).status).toBe(200);
    });

    it('cuts off a burst of parallel guesses at the limit', async () => {
      const ctx = fx.server.ctx;
      const limit = ctx.config.enrolmentAttemptsPerWindow;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']], ctx.paths.tmpDir);
      const answers = await Promise.all(
        Array.from({ length: 3 * limit }, () =>
          fx.raw({
            path: '/v1/enrol',
            localAddress: '127.0.0.43',
            body: {
              code: 'AAAA-BBBB-CCCC-DDDD',
              csrPem,
              municipalityId: MUNICIPALITY_A,
              workstationName: 'PC',
            },
          }),
        ),
      );
      expect(answers.filter((r) => r.status === 403)).toHaveLength(limit);
      expect(answers.filter((r) => r.status === 429)).toHaveLength(2 * limit);
    });

    it('shares the count between server processes on one database', async (t) => {
      if (!fx.server.ctx.database.concurrentTransactions) {
        t.skip("in-memory PGlite is one process's own database: no second process can share it");
        return;
      }
      const second = await startServer({
        dataDir: fx.dataDir,
        database: spec,
        host: '127.0.0.1',
        port: 0,
        log: createLogger({ level: 'silent' }),
      });
      try {
        const ctx = fx.server.ctx;
        const limit = ctx.config.enrolmentAttemptsPerWindow;
        const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']], ctx.paths.tmpDir);
        const body = {
          code: 'AAAA-BBBB-CCCC-DDDD',
          csrPem,
          municipalityId: MUNICIPALITY_A,
          workstationName: 'PC',
        };
        const at = (port: number) =>
          call({ port, ca: fx.ca, path: '/v1/enrol', localAddress: '127.0.0.44', body });
        for (let i = 0; i < limit; i++)
          expect((await at(i % 2 ? second.port : fx.server.port)).status).toBe(403);
        expect((await at(second.port)).status).toBe(429);
        expect((await at(fx.server.port)).status).toBe(429);
      } finally {
        await second.close();
      }
    });
  });

  describe('push', () => {
    it('accepts items once, answers duplicate on re-send and conflict for new content under a known id', async () => {
      const reg = registration();
      const items = [
        reg,
        {
          type: 'correction',
          id: uuidv7(),
          correctsId: reg['id'],
          reason: 'Fel tagg',
          changes: { void: true },
          createdAt: '2026-03-02T17:00:00Z',
          createdBy: 'anna',
        },
        {
          type: 'attestation',
          id: uuidv7(),
          periodStart: '2026-02-01',
          periodEnd: '2026-02-28',
          attestedAt: '2026-03-01T09:00:00Z',
          attestedBy: 'chef',
          registrationCount: 412,
        },
      ];
      const first = pushResponseSchema.parse((await fx.as(wsA, { path: '/v1/push', body: { items } })).json);
      expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      const again = pushResponseSchema.parse(
        (await fx.as(wsA, { path: '/v1/push', body: { items: [...items].reverse() } })).json,
      );
      expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      // Key order does not matter for "same content".
      const reordered = Object.fromEntries(Object.entries(reg).reverse());
      const same = pushResponseSchema.parse(
        (await fx.as(wsA, { path: '/v1/push', body: { items: [reordered] } })).json,
      );
      expect(same.results[0]?.status).toBe('duplicate');
      const changed = pushResponseSchema.parse(
        (await fx.as(wsA, { path: '/v1/push', body: { items: [{ ...reg, kind: 'depart' }] } })).json,
      );
      expect(changed.results[0]).toMatchObject({
        status: 'rejected',
        code: 'sync.conflict',
        retryable: false,
      });
    });

    it('answers each item on its own: invalid, unknown reference, repeated id in one batch', async () => {
      const good = registration();
      const items = [
        good,
        { ...registration(), tagUid: 'not-hex' },
        {
          type: 'correction',
          id: uuidv7(),
          correctsId: uuidv7(),
          reason: 'x',
          changes: {},
          createdAt: '2026-03-02T17:00:00Z',
          createdBy: 'a',
        },
        good,
        { ...good, sequence: 1 },
      ];
      const res = pushResponseSchema.parse((await fx.as(wsA, { path: '/v1/push', body: { items } })).json);
      expect(res.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
        'accepted',
        'sync.invalidItem',
        'sync.unknownReference',
        'duplicate',
        'sync.conflict',
      ]);
      expect(res.results[2]).toMatchObject({ retryable: true });
      expect(res.results[1]).toMatchObject({ retryable: false });
    });

    it('answers 413 for more than 500 items or more than 1 MiB', async () => {
      const many = Array.from({ length: 501 }, () => registration());
      const tooMany = await fx.as(wsA, { path: '/v1/push', body: { items: many } });
      expect(tooMany.status).toBe(413);
      expect(errorCode(tooMany.json)).toBe('sync.batchTooLarge');
      const big = await fx.as(wsA, {
        path: '/v1/push',
        body: { items: [{ ...registration(), padding: 'x'.repeat(1024 * 1024) }] },
      });
      expect(big.status).toBe(413);
      expect(errorCode(big.json)).toBe('sync.batchTooLarge');
      const ok = await fx.as(wsA, { path: '/v1/push', body: { items: many.slice(0, 500) } });
      expect(ok.status).toBe(200);
    });

    it('hands a pushed plan down to the provider, the latest edit winning', async () => {
      const planId = uuidv7();
      const edit = (editedAt: string, staffId: string) => ({
        type: 'visitPlan',
        id: uuidv7(),
        planId,
        recipientId: 'r-1',
        orderId: null,
        staffIds: [staffId],
        plannedStart: '2026-03-03T08:00:00Z',
        plannedEnd: '2026-03-03T08:30:00Z',
        tasks: ['dusch'],
        status: 'planned',
        editedAt,
        editedBy: 'planerare',
      });
      const { cursor } = await pullAll(wsA, '0');
      await fx.as(wsA, { path: '/v1/push', body: { items: [edit('2026-03-01T10:00:00Z', 'staff-new')] } });
      await fx.as(wsA, { path: '/v1/push', body: { items: [edit('2026-03-01T09:00:00Z', 'staff-old')] } });
      const { changes } = await pullAll(wsA, cursor);
      const plan = changes.filter((c) => c.entity === 'plan' && c.id === planId);
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatchObject({ op: 'upsert', data: { staffIds: ['staff-new'] } });
      const other = await pullAll(wsB, '0');
      expect(other.changes.some((c) => c.id === planId)).toBe(false);
    });
  });

  describe('pull', () => {
    it('pages through changes in order and sends tombstones', async () => {
      const db = fx.server.ctx.database.db;
      const start = (await pullAll(wsA, '0')).cursor;
      for (let i = 0; i < 25; i++)
        await putEntity(db, PROVIDER_A, 'tag', {
          id: `0400${String(i).padStart(4, '0')}aa`,
          recipientId: 'r-1',
          label: null,
        });
      await deleteEntity(db, PROVIDER_A, 'tag', '04000003aa');
      const pages: PullPage[] = [];
      let cursor = start;
      for (let i = 0; i < 10; i++) {
        const p = await pull(wsA, cursor, 10);
        pages.push(p);
        cursor = p.nextCursor;
        if (!p.hasMore) break;
      }
      expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
      const all = pages.flatMap((p) => p.changes);
      expect(all).toHaveLength(25);
      expect(new Set(all.map((c) => c.id)).size).toBe(25);
      expect(all.find((c) => c.id === '04000003aa')).toEqual({
        entity: 'tag',
        op: 'delete',
        id: '04000003aa',
      });
      const cursors = pages.map((p) => BigInt(p.nextCursor));
      expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
      // Nothing new: the same cursor comes back, no changes.
      const idle = await pull(wsA, cursor);
      expect(idle).toMatchObject({ changes: [], nextCursor: cursor, hasMore: false });
      // Another provider sees none of it.
      expect((await pullAll(wsB, '0')).changes.some((c) => c.entity === 'tag')).toBe(false);
    });

    it('never skips a transaction that commits after a later one', async () => {
      const { database } = fx.server.ctx;
      const db = database.db;
      await putEntity(db, PROVIDER_A, 'staff', staff('s-late', 'Before'));
      const start = (await pullAll(wsA, '0')).cursor;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let opened!: () => void;
      const isOpen = new Promise<void>((r) => (opened = r));
      // Transaction A rewrites a row and stays open.
      const late = db.transaction(async (tx) => {
        await putEntity(tx, PROVIDER_A, 'staff', staff('s-late', 'After'));
        opened();
        await gate;
      });
      await isOpen;
      const seen: PullPage['changes'] = [];
      let cursor = start;
      if (database.concurrentTransactions) {
        // Transaction B starts after A and commits first; a pull now sees B but not A…
        await putEntity(db, PROVIDER_A, 'staff', staff('s-early', 'Early'));
        const during = await pullAll(wsA, cursor);
        expect(during.changes.map((c) => c.id)).toEqual(['s-early']);
        seen.push(...during.changes);
        cursor = during.cursor;
        release();
        await late;
      } else {
        // PGlite runs one transaction at a time: B and the pull queue behind A.
        const b = putEntity(db, PROVIDER_A, 'staff', staff('s-early', 'Early'));
        const during = pullAll(wsA, cursor);
        release();
        await Promise.all([late, b]);
        const d = await during;
        seen.push(...d.changes);
        cursor = d.cursor;
      }
      // …and A, committed late, still arrives after the cursor B moved.
      const after = await pullAll(wsA, cursor);
      seen.push(...after.changes);
      const lateRow = seen.filter((c) => c.id === 's-late');
      expect(lateRow.at(-1)).toMatchObject({ op: 'upsert', data: { name: 'After' } });
      expect(seen.some((c) => c.id === 's-early')).toBe(true);
    });

    it('answers 410 for a cursor older than the tombstone horizon or ahead of the server', async () => {
      const db = fx.server.ctx.database.db;
      await putEntity(db, PROVIDER_A, 'recipient', {
        id: 'r-gone',
        displayName: 'X',
        personalIdentityNumber: null,
        protectedIdentity: false,
        address: null,
      });
      const old = (await pullAll(wsA, '0')).cursor;
      await putEntity(db, PROVIDER_A, 'order', {
        id: 'o-1',
        recipientId: 'r-1',
        services: [],
        validFrom: '2026-01-01',
        validTo: null,
      });
      await deleteEntity(db, PROVIDER_A, 'recipient', 'r-gone');
      const fresh = (await pullAll(wsA, old)).cursor;
      const r = await purgeTombstones(db, new Date(Date.now() + 86_400_000));
      expect(r.purged).toBeGreaterThan(0);
      const expired = await fx.as(wsA, { path: `/v1/changes?cursor=${old}` });
      expect(expired.status).toBe(410);
      expect(errorCode(expired.json)).toBe('sync.cursorExpired');
      expect((await fx.as(wsA, { path: `/v1/changes?cursor=${fresh}` })).status).toBe(200);
      expect((await fx.as(wsA, { path: '/v1/changes?cursor=0' })).status).toBe(200);
      const future = await fx.as(wsA, { path: '/v1/changes?cursor=999999999' });
      expect(future.status).toBe(410);
    });
  });

  describe('reconciliation', () => {
    it('gives per-day counts and id hashes the client can recompute, and the ids of a day', async () => {
      const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      const day1 = Array.from({ length: 7 }, () => registration({ penTime: '2026-04-01T06:30:00Z' }));
      const day2 = Array.from({ length: 3 }, () => registration({ penTime: '2026-04-02T21:59:00+02:00' })); // 19:59Z
      await fx.as(ws, { path: '/v1/push', body: { items: [...day1, ...day2] } });
      const res = await fx.as(ws, { path: '/v1/reconciliation?from=2026-04-01&to=2026-04-30' });
      expect(res.status).toBe(200);
      const body = reconciliationResponseSchema.parse(res.json);
      const hash = (items: Record<string, unknown>[]) =>
        createHash('sha256')
          .update(idHashInput(items.map((i) => String(i['id']))))
          .digest('hex');
      expect(body.days).toEqual([
        { day: '2026-04-01', type: 'registration', count: 7, idHash: hash(day1) },
        { day: '2026-04-02', type: 'registration', count: 3, idHash: hash(day2) },
      ]);
      const ids = reconciliationIdsResponseSchema.parse(
        (await fx.as(ws, { path: '/v1/reconciliation/ids?day=2026-04-02&type=registration' })).json,
      );
      expect(ids.ids).toEqual(day2.map((i) => String(i['id'])).sort());
      const tooLong = await fx.as(ws, { path: '/v1/reconciliation?from=2026-01-01&to=2026-12-31' });
      expect(tooLong.status).toBe(400);
    });
  });

  describe('admin API', () => {
    it('needs the token and stores what flows down', async () => {
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(fx.server.ctx.paths.adminToken, 'utf8').trim();
      const port = fx.server.adminPort;
      const denied = await call({ port, ca: fx.ca, path: '/admin/municipalities' });
      expect(denied.status).toBe(401);
      const auth = { authorization: `Bearer ${token}` };
      const list = await call({ port, ca: fx.ca, path: '/admin/municipalities', headers: auth });
      expect(list.json).toEqual(
        expect.arrayContaining([{ id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' }]),
      );
      const put = await call({
        port,
        ca: fx.ca,
        method: 'PUT',
        path: `/admin/providers/${PROVIDER_A}/entities/staff/s-api`,
        headers: auth,
        body: staff('s-api', 'Via API'),
      });
      expect(put.status).toBe(200);
      const profile = await call({
        port,
        ca: fx.ca,
        path: `/admin/municipalities/${MUNICIPALITY_A}/profile`,
        headers: auth,
      });
      expect(profile.json).toMatchObject({
        format: 'caredock-install-profile',
        municipalityId: MUNICIPALITY_A,
      });
      const changes = await pullAll(wsA, '0');
      expect(changes.changes.some((c) => c.id === 's-api')).toBe(true);
    });

    it('keeps the evidence in the audit table, written with each change', async () => {
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(fx.server.ctx.paths.adminToken, 'utf8').trim();
      const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      await fx.as(ws, { path: '/v1/push', body: { items: [registration(), registration()] } });
      await revokeWorkstation(fx.server.ctx, { workstationId: ws.workstationId, reason: 'stolen PC' });
      const res = await call({
        port: fx.server.adminPort,
        ca: fx.ca,
        path: '/admin/audit?limit=10000',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const rows = res.json as {
        action: string;
        workstationId: string | null;
        details: Record<string, unknown>;
      }[];
      const of = (action: string) => rows.filter((r) => r.action === action);
      expect(of('municipality.added')).toHaveLength(2);
      expect(of('provider.added')).toHaveLength(2);
      expect(of('providerAddress.added').length).toBeGreaterThanOrEqual(2);
      expect(of('enrolmentCode.created').length).toBeGreaterThan(0);
      expect(of('workstation.enrolled').some((r) => r.workstationId === ws.workstationId)).toBe(true);
      expect(of('workstation.revoked').some((r) => r.workstationId === ws.workstationId)).toBe(true);
      expect(of('entity.stored').length).toBeGreaterThan(0);
      const mine = of('push.accepted').filter((r) => r.workstationId === ws.workstationId);
      expect(mine.map((r) => r.details['accepted'])).toEqual([2]);
      // Every stored item is accounted for by a push.accepted row: they commit together.
      const stored = await fx.server.ctx.database.db.execute(
        sql`SELECT count(*)::int AS n FROM pushed_items`,
      );
      const total = of('push.accepted').reduce((n, r) => n + Number(r.details['accepted']), 0);
      expect(total).toBe(Number((resultRows(stored)[0] as { n: number }).n));
      // Never a secret: no enrolment code, no key.
      expect(JSON.stringify(rows)).not.toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}|PRIVATE KEY/);
    });
  });
}
