// The server suite: the channel. Run on each engine by ./index.ts.
import { describe, expect, it } from 'vitest';
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
        'sync.enrolmentCodeInvalid',
      );
      expect(errorCode((await enrol(code, MUNICIPALITY_B, REGISTERED)).json)).toBe('sync.wrongMunicipality');
      expect(errorCode((await enrol(code, MUNICIPALITY_A, UNREGISTERED)).json)).toBe(
        'sync.addressNotRegistered',
      );
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
      expect(errorCode((await enrol(code, MUNICIPALITY_A, REGISTERED)).json)).toBe(
        'sync.enrolmentCodeInvalid',
      );
      // Nothing secret in the log: no code, no key material.
      const text = JSON.stringify(s.fx.logs);
      expect(text).not.toContain(code);
      expect(text).not.toContain('PRIVATE KEY');
    });
  });
}
