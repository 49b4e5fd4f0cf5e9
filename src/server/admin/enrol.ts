// Enrolment: CSR + one-time code → a client certificate naming a new workstation. The code binds
// the workstation to a provider (and so to one municipality); the request must come from one of
// that provider's fixed addresses, like every later request will. Attempts are rate-limited per
// address by the route (enrolmentAttempts.ts).
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/enrolment.ts';
import type { ServerContext } from '../context.ts';
import { enrolmentCodes, providerAddresses, providers, workstations } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import { CsrInvalidError, issueCertificate, publicKeySha256, verifyCsr } from '../pki/issue.ts';
import { caOf, readCaCertificate } from '../pki/municipalityCa.ts';
import { hashEnrolmentCode } from './enrolmentCodes.ts';
import { recordAudit } from '../audit.ts';

const DAY_MS = 86_400_000;

function refused(sourceAddress: string | null): SyncError {
  return new SyncError(
    'sync.enrolmentRefused',
    'the enrolment code is unknown, used or expired, or this address is not registered for its provider',
    { sourceAddress: sourceAddress ?? '' },
  );
}

export async function enrolWorkstation(
  ctx: ServerContext,
  req: EnrolRequest,
  sourceAddress: string | null,
): Promise<EnrolResponse> {
  const { db } = ctx.database;
  const now = ctx.now();
  const codeHash = hashEnrolmentCode(req.code);
  // One query for the code and the address, so a valid code costs no extra round trip a
  // guesser could time.
  const [found] = await db
    .select({
      providerId: enrolmentCodes.providerId,
      usedAt: enrolmentCodes.usedAt,
      expiresAt: enrolmentCodes.expiresAt,
      providerName: providers.name,
      municipalityId: providers.municipalityId,
      addressRegistered: sourceAddress
        ? sql<boolean>`EXISTS (SELECT 1 FROM ${providerAddresses} WHERE ${and(
            eq(providerAddresses.providerId, enrolmentCodes.providerId),
            eq(providerAddresses.address, sourceAddress),
          )})`
        : sql<boolean>`false`,
    })
    .from(enrolmentCodes)
    .innerJoin(providers, eq(providers.id, enrolmentCodes.providerId))
    .where(eq(enrolmentCodes.codeHash, codeHash));
  // One answer for an unknown, used or expired code and for an address the code's provider has
  // not registered: a guesser from anywhere learns nothing, not even that a code is valid.
  const reason = !found
    ? 'unknown code'
    : found.usedAt !== null
      ? 'used code'
      : found.expiresAt <= now
        ? 'expired code'
        : !found.addressRegistered
          ? 'address not registered'
          : null;
  if (!found || reason !== null) {
    ctx.log.warn({ reason, providerId: found?.providerId, sourceAddress }, 'enrolment refused');
    const err = refused(sourceAddress);
    err.logged = true;
    throw err;
  }
  // Only a caller at one of the provider's own addresses gets here, so naming the mismatch
  // helps the person installing without helping a guesser.
  if (found.municipalityId !== req.municipalityId) {
    ctx.log.warn(
      { providerId: found.providerId, profileMunicipality: req.municipalityId },
      'enrolment refused: wrong municipality',
    );
    const err = new SyncError(
      'sync.wrongMunicipality',
      'the enrolment code belongs to another municipality than the install profile',
    );
    err.logged = true;
    throw err;
  }
  let keySha256: string;
  try {
    keySha256 = publicKeySha256((await verifyCsr(req.csrPem)).publicKey);
  } catch (err) {
    if (err instanceof CsrInvalidError) throw new SyncError('sync.enrolmentCsrInvalid', err.message);
    throw err;
  }

  const workstationId = randomUUID();
  const cert = await issueCertificate(caOf(ctx.paths), {
    csrPem: req.csrPem,
    subject: [
      ['CN', workstationId],
      ['O', found.providerName],
      ['OU', found.providerId],
      ['L', found.municipalityId],
    ],
    profile: { kind: 'client' },
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + ctx.config.clientCertificateDays * DAY_MS),
  });

  await db.transaction(async (tx) => {
    // Consume the code only now, atomically: two PCs racing with one code get one certificate
    // recorded; the loser's certificate is never in the table, so it is refused everywhere.
    const used = await tx
      .update(enrolmentCodes)
      .set({ usedAt: now, workstationId })
      .where(
        and(
          eq(enrolmentCodes.codeHash, codeHash),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, now),
        ),
      )
      .returning({ p: enrolmentCodes.providerId });
    if (used.length === 0) throw refused(sourceAddress);
    await tx.insert(workstations).values({
      id: workstationId,
      providerId: found.providerId,
      name: req.workstationName,
      certFingerprint: cert.fingerprint256,
      certSerial: cert.serial,
      certNotAfter: cert.notAfter,
      certPem: cert.pem,
      certKeySha256: keySha256,
    });
    await recordAudit(tx, {
      action: 'workstation.enrolled',
      actor: 'enrolment',
      municipalityId: found.municipalityId,
      providerId: found.providerId,
      workstationId,
      details: { name: req.workstationName, sourceAddress, certSerial: cert.serial },
    });
  });
  ctx.log.info(
    { workstationId, providerId: found.providerId, sourceAddress, serial: cert.serial },
    'workstation enrolled',
  );
  return {
    workstationId,
    providerId: found.providerId,
    providerName: found.providerName,
    municipalityId: found.municipalityId,
    certificatePem: cert.pem,
    caCertificatePem: readCaCertificate(ctx.paths),
    notAfter: cert.notAfter.toISOString(),
  };
}
