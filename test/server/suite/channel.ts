// The server suite: the channel. Run on each engine by ./index.ts.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addProviderAddress } from '../../../src/server/admin/organisations.ts';
import { createLogger } from '../../../src/server/log.ts';
import { startServer } from '../../../src/server/server.ts';
import { call } from '../helpers/client.ts';
import { revokeWorkstation } from '../../../src/server/admin/workstations.ts';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { issueCertificate, createCsr, createCaCertificate } from '../../../src/server/pki/issue.ts';
import { caOf } from '../../../src/server/pki/municipalityCa.ts';
import { generateEcKeyPem } from '../../../src/server/pki/keys.ts';
import { serverTimeResponseSchema } from '../../../src/shared/sync/time.ts';
import { syncErrorBodySchema } from '../../../src/shared/sync/errors.ts';
import { MUNICIPALITY_A, MUNICIPALITY_B, PROVIDER_A, REGISTERED, UNREGISTERED } from '../helpers/fixture.ts';
import { errorCode, type SuiteState } from './support.ts';

export function channelTests(s: SuiteState): void {
  describe('the channel', () => {
    it('answers an enrolled workstation from its registered address', async () => {
      const res = await s.fx.as(s.wsA, { path: '/v1/time' });
      expect(res.status).toBe(200);
      const t = serverTimeResponseSchema.parse(res.json);
      expect(t).toMatchObject({
        workstationId: s.wsA.workstationId,
        providerId: PROVIDER_A,
        municipalityId: MUNICIPALITY_A,
        sourceAddress: REGISTERED,
      });
      expect(Math.abs(Date.parse(t.serverTime) - Date.now())).toBeLessThan(60_000);
    });

    it('refuses a TLS 1.2 client at the handshake', async () => {
      await expect(s.fx.as(s.wsA, { path: '/v1/time', maxVersion: 'TLSv1.2' })).rejects.toThrow(
        /protocol|version|alert/i,
      );
    });

    it('refuses a client without a certificate', async () => {
      const res = await s.fx.raw({
        path: '/v1/time',
        municipalityId: MUNICIPALITY_A,
        localAddress: REGISTERED,
      });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateMissing');
    });

    it('refuses an expired certificate', async () => {
      const key = generateEcKeyPem();
      const csr = await createCsr(key, [['CN', 'x']]);
      const day = 86_400_000;
      const cert = await issueCertificate(caOf(s.fx.server.ctx.paths), {
        csrPem: csr,
        subject: [['CN', s.wsA.workstationId]],
        profile: { kind: 'client' },
        notBefore: new Date(Date.now() - 30 * day),
        notAfter: new Date(Date.now() - day),
      });
      const res = await s.fx.as({ ...s.wsA, key, cert: cert.pem }, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateExpired');
    });

    it('refuses a certificate from another CA', async () => {
      const caKey = generateEcKeyPem();
      const caCert = await createCaCertificate(caKey, [['CN', 'Some other municipality']], 30);
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const path = await import('node:path');
      const dir = mkdtempSync(path.join(s.fx.dataDir, 'other-'));
      writeFileSync(path.join(dir, 'ca.key'), caKey, { mode: 0o600 });
      writeFileSync(path.join(dir, 'ca.crt'), caCert);
      const key = generateEcKeyPem();
      const cert = await issueCertificate(
        { keyPath: path.join(dir, 'ca.key'), certPath: path.join(dir, 'ca.crt') },
        {
          csrPem: await createCsr(key, [['CN', 'x']]),
          subject: [['CN', 'foreign']],
          profile: { kind: 'client' },
          notBefore: new Date(Date.now() - 60_000),
          notAfter: new Date(Date.now() + 86_400_000),
        },
      );
      const res = await s.fx.as({ ...s.wsA, key, cert: cert.pem }, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateInvalid');
    });

    it('refuses a workstation of another municipality', async () => {
      const res = await s.fx.as({ ...s.wsB, municipalityId: MUNICIPALITY_A }, { path: '/v1/time' });
      expect(res.status).toBe(403);
      expect(errorCode(res.json)).toBe('sync.wrongMunicipality');
    });

    it('refuses an address the provider has not registered, and names it', async () => {
      const res = await s.fx.as(s.wsA, { path: '/v1/time', localAddress: UNREGISTERED });
      expect(res.status).toBe(403);
      const body = syncErrorBodySchema.parse(res.json);
      expect(body.error.code).toBe('sync.addressNotRegistered');
      expect(body.error.sourceAddress).toBe(UNREGISTERED);
      const logged = s.fx.logs.find((l) => l['errorCode'] === 'sync.addressNotRegistered');
      expect(logged).toMatchObject({ sourceAddress: UNREGISTERED, msg: 'sync request refused' });
    });

    it('asks a too-old client to update', async () => {
      const res = await s.fx.as(s.wsA, { path: '/v1/time', clientVersion: '0.0.9' });
      expect(res.status).toBe(426);
      expect(syncErrorBodySchema.parse(res.json).error).toMatchObject({
        code: 'sync.updateRequired',
        minClientVersion: '0.1.0',
      });
      const missing = await s.fx.as(s.wsA, { path: '/v1/time', clientVersion: null });
      expect(errorCode(missing.json)).toBe('sync.updateRequired');
    });

    it('refuses a revoked workstation', async () => {
      const ws = await s.fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      expect((await s.fx.as(ws, { path: '/v1/time' })).status).toBe(200);
      await revokeWorkstation(s.fx.server.ctx, { workstationId: ws.workstationId, reason: 'stolen PC' });
      const res = await s.fx.as(ws, { path: '/v1/time' });
      expect(res.status).toBe(401);
      expect(errorCode(res.json)).toBe('sync.certificateRevoked');
    });

    it('enrols only with a fresh code, the profile municipality and a registered address', async () => {
      const ctx = s.fx.server.ctx;
      const key = generateEcKeyPem();
      const csrPem = await createCsr(key, [['CN', 'x']]);
      const enrol = async (code: string, municipalityId: string, localAddress: string) =>
        s.fx.raw({
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
      const bad = await s.fx.raw({
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
      const text = JSON.stringify(s.fx.logs);
      expect(text).not.toContain(code);
      expect(text).not.toContain('PRIVATE KEY');
    });

    it('answers an unregistered address and an invalid code the same', async () => {
      const ctx = s.fx.server.ctx;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']]);
      const { code: valid } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A });
      const { code: expired } = await createEnrolmentCode(ctx, { providerId: PROVIDER_A, validHours: 1 });
      await ctx.database.db.execute(
        sql`UPDATE enrolment_codes SET expires_at = now() - interval '1 hour' WHERE expires_at < now() + interval '2 hours'`,
      );
      const from = '127.0.0.31';
      const ask = (code: string, municipalityId = MUNICIPALITY_A) =>
        s.fx.raw({
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
      const ok = await s.fx.raw({
        path: '/v1/enrol',
        localAddress: REGISTERED,
        body: { code: valid, csrPem, municipalityId: MUNICIPALITY_A, workstationName: 'PC' },
      });
      expect(ok.status).toBe(200);
    });

    it('limits enrolment attempts per address, counted in the database', async () => {
      const ctx = s.fx.server.ctx;
      const limit = ctx.config.enrolmentAttemptsPerWindow;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']]);
      const guess = (localAddress: string, i: number) =>
        s.fx.raw({
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
        s.fx.raw({
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
        s.fx.logs.filter((l) => l['msg'] === 'enrolment attempts limited' && l['sourceAddress'] === a),
      ).toHaveLength(1);
      // The state is a row of the database: once its window has passed, the right code works.
      await ctx.database.db.execute(
        sql`UPDATE enrolment_attempts SET window_start = window_start - ${`${ctx.config.enrolmentWindowMinutes + 1} minutes`}::interval WHERE address = ${a}`,
      );
      expect((await enrolRight()).status).toBe(200);
    });

    it('cuts off a burst of parallel guesses at the limit', async () => {
      const ctx = s.fx.server.ctx;
      const limit = ctx.config.enrolmentAttemptsPerWindow;
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']]);
      const answers = await Promise.all(
        Array.from({ length: 3 * limit }, () =>
          s.fx.raw({
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
      if (!s.fx.server.ctx.database.concurrentTransactions) {
        t.skip("in-memory PGlite is one process's own database: no second process can share it");
        return;
      }
      const second = await startServer({
        dataDir: s.fx.dataDir,
        database: s.spec,
        host: '127.0.0.1',
        port: 0,
        log: createLogger({ level: 'silent' }),
      });
      try {
        const ctx = s.fx.server.ctx;
        const limit = ctx.config.enrolmentAttemptsPerWindow;
        const csrPem = await createCsr(generateEcKeyPem(), [['CN', 'x']]);
        const body = {
          code: 'AAAA-BBBB-CCCC-DDDD',
          csrPem,
          municipalityId: MUNICIPALITY_A,
          workstationName: 'PC',
        };
        const at = (port: number) =>
          call({ port, ca: s.fx.ca, path: '/v1/enrol', localAddress: '127.0.0.44', body });
        for (let i = 0; i < limit; i++)
          expect((await at(i % 2 ? second.port : s.fx.server.port)).status).toBe(403);
        expect((await at(second.port)).status).toBe(429);
        expect((await at(s.fx.server.port)).status).toBe(429);
      } finally {
        await second.close();
      }
    });
  });
}
