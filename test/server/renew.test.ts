// POST /v1/certificate/renew against the real server over mutual TLS: a CSR for a new key from
// an enrolled workstation gets a new certificate from the municipality CA with the configured
// validity, recorded on the workstation and audited; another identity, the old key, a revoked
// workstation and a second new key within the hour are refused; a repeat gets the same one.
import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeWorkstation } from '../../src/server/admin/workstations.ts';
import { serverAudit, workstations } from '../../src/server/db/schema.ts';
import { createCsr } from '../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../src/server/pki/keys.ts';
import { renewCertificateResponseSchema } from '../../src/shared/sync/enrolment.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  startFixture,
  type Fixture,
  type Workstation,
} from './helpers/fixture.ts';

const DAY_MS = 86_400_000;
let fx: Fixture;
let clock = Date.now();

beforeAll(async () => {
  fx = await startFixture({ engine: 'pglite', dataDir: null }, { now: () => new Date(clock) });
});
afterAll(async () => {
  await fx?.close();
});

async function row(id: string) {
  const [w] = await fx.server.ctx.database.db.select().from(workstations).where(eq(workstations.id, id));
  if (!w) throw new Error(`no workstation ${id}`);
  return w;
}

async function renew(ws: Workstation, csrPem: string) {
  return fx.as(ws, { path: '/v1/certificate/renew', body: { csrPem } });
}

function errorCode(json: unknown): unknown {
  return (json as { error?: { code?: unknown } }).error?.code;
}

describe('certificate renewal', () => {
  it('issues a new certificate for a new key, records and audits it, and a repeat gets the same one', async () => {
    // Enrolled 700 days ago: its 730-day certificate has a month left by the server's clock.
    clock = Date.now() - 700 * DAY_MS;
    const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    clock = Date.now();
    const before = await row(ws.workstationId);
    expect(before.certNotAfter.getTime()).toBeLessThan(Date.now() + 31 * DAY_MS);

    const key = generateEcKeyPem();
    const csrPem = await createCsr(key, [['CN', ws.workstationId]]);
    const res = await renew(ws, csrPem);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const body = renewCertificateResponseSchema.parse(res.json);
    const cert = new X509Certificate(body.certificatePem);
    const ca = new X509Certificate(fx.ca);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject).toContain(`CN=${ws.workstationId}`);
    expect(cert.subject).toContain(`OU=${PROVIDER_A}`);
    // The configured validity (730 days by default), from now.
    expect(cert.validToDate.getTime()).toBeGreaterThan(Date.now() + 729 * DAY_MS);

    const after = await row(ws.workstationId);
    expect(after.certFingerprint).toBe(cert.fingerprint256);
    expect(after.certSerial).toBe(cert.serialNumber);
    expect(after.certNotAfter.toISOString()).toBe(body.notAfter);
    expect(after.renewedAt).not.toBeNull();
    expect(after.previousCertFingerprint).toBe(before.certFingerprint);
    const audit = await fx.server.ctx.database.db
      .select()
      .from(serverAudit)
      .where(eq(serverAudit.action, 'workstation.certificateRenewed'));
    expect(audit.filter((a) => a.workstationId === ws.workstationId)).toHaveLength(1);

    // The answer was lost: the same request again, still with the old certificate.
    const again = await renew(ws, csrPem);
    expect(again.status).toBe(200);
    expect(renewCertificateResponseSchema.parse(again.json).certificatePem).toBe(body.certificatePem);
    // A fresh CSR for the same key (a new signature) is the same request too.
    const resigned = await renew(ws, await createCsr(key, [['CN', ws.workstationId]]));
    expect(renewCertificateResponseSchema.parse(resigned.json).certificatePem).toBe(body.certificatePem);
    expect((await row(ws.workstationId)).certSerial).toBe(cert.serialNumber);

    // Until the new certificate is used, the old one still works; once used, the old one is retired.
    expect((await fx.as(ws, { path: '/v1/time' })).status).toBe(200);
    const renewed = { ...ws, key, cert: body.certificatePem };
    const time = await fx.as(renewed, { path: '/v1/time' });
    expect(time.status).toBe(200);
    expect((time.json as { certificateNotAfter: string }).certificateNotAfter).toBe(body.notAfter);
    expect((await row(ws.workstationId)).previousCertFingerprint).toBeNull();
    const old = await fx.as(ws, { path: '/v1/time' });
    expect(old.status).toBe(401);
    expect(errorCode(old.json)).toBe('sync.certificateUnknown');

    // Another new key within the hour: refused, with when to try again.
    const tooSoon = await renew(renewed, await createCsr(generateEcKeyPem(), [['CN', ws.workstationId]]));
    expect(tooSoon.status).toBe(429);
    expect(errorCode(tooSoon.json)).toBe('sync.renewalTooSoon');
    expect(Number(tooSoon.headers?.['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a request that names another workstation, or keeps the old key', async () => {
    const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    const other = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    const before = await row(ws.workstationId);

    const forOther = await renew(ws, await createCsr(generateEcKeyPem(), [['CN', other.workstationId]]));
    expect(forOther.status).toBe(400);
    expect(errorCode(forOther.json)).toBe('sync.renewalCsrInvalid');
    const noName = await renew(ws, await createCsr(generateEcKeyPem(), [['O', 'Omsorg AB']]));
    expect(errorCode(noName.json)).toBe('sync.renewalCsrInvalid');
    const sameKey = await renew(ws, await createCsr(ws.key, [['CN', ws.workstationId]]));
    expect(errorCode(sameKey.json)).toBe('sync.renewalCsrInvalid');
    const garbled = await renew(
      ws,
      '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
    );
    expect(errorCode(garbled.json)).toBe('sync.renewalCsrInvalid');

    const after = await row(ws.workstationId);
    expect(after.certFingerprint).toBe(before.certFingerprint);
    expect(after.renewedAt).toBeNull();
    expect((await row(other.workstationId)).renewedAt).toBeNull();
  });

  it('refuses a revoked workstation and a call without a certificate', async () => {
    const ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
    await revokeWorkstation(fx.server.ctx, { workstationId: ws.workstationId, reason: 'stolen' });
    const csrPem = await createCsr(generateEcKeyPem(), [['CN', ws.workstationId]]);
    const revoked = await renew(ws, csrPem);
    expect(revoked.status).toBe(401);
    expect(errorCode(revoked.json)).toBe('sync.certificateRevoked');
    const anonymous = await fx.raw({
      path: '/v1/certificate/renew',
      body: { csrPem },
      localAddress: '127.0.0.2',
    });
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.json)).toBe('sync.certificateMissing');
    expect((await row(ws.workstationId)).renewedAt).toBeNull();
  });
});
