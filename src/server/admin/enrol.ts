// Enrolment: CSR + one-time code → a client certificate naming a new workstation. The code binds
// the workstation to a provider (and so to one municipality); the request must come from one of
// that provider's fixed addresses, like every later request will.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/enrolment.ts';
import type { ServerContext } from '../context.ts';
import { enrolmentCodes, providerAddresses, providers, workstations } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import { CsrInvalidError, issueCertificate, verifyCsr } from '../pki/issue.ts';
import { caOf, readCaCertificate } from '../pki/municipalityCa.ts';
import { hashEnrolmentCode } from './enrolmentCodes.ts';

const DAY_MS = 86_400_000;

export async function enrolWorkstation(
  ctx: ServerContext,
  req: EnrolRequest,
  sourceAddress: string | null,
): Promise<EnrolResponse> {
  const { db } = ctx.database;
  const now = ctx.now();
  const codeHash = hashEnrolmentCode(req.code);
  const [found] = await db
    .select({
      providerId: enrolmentCodes.providerId,
      usedAt: enrolmentCodes.usedAt,
      expiresAt: enrolmentCodes.expiresAt,
      providerName: providers.name,
      municipalityId: providers.municipalityId,
    })
    .from(enrolmentCodes)
    .innerJoin(providers, eq(providers.id, enrolmentCodes.providerId))
    .where(eq(enrolmentCodes.codeHash, codeHash));
  // One answer for unknown, used and expired codes: a guesser learns nothing.
  if (!found || found.usedAt !== null || found.expiresAt <= now) {
    ctx.log.warn(
      { reason: !found ? 'unknown' : found.usedAt ? 'used' : 'expired', sourceAddress },
      'enrolment refused: code',
    );
    throw new SyncError('sync.enrolmentCodeInvalid', 'the enrolment code is unknown, used or expired');
  }
  if (found.municipalityId !== req.municipalityId) {
    ctx.log.warn(
      { providerId: found.providerId, profileMunicipality: req.municipalityId },
      'enrolment refused: wrong municipality',
    );
    throw new SyncError(
      'sync.wrongMunicipality',
      'the enrolment code belongs to another municipality than the install profile',
    );
  }
  const registered = sourceAddress
    ? await db
        .select({ a: providerAddresses.address })
        .from(providerAddresses)
        .where(
          and(
            eq(providerAddresses.providerId, found.providerId),
            eq(providerAddresses.address, sourceAddress),
          ),
        )
    : [];
  if (registered.length === 0) {
    ctx.log.warn(
      { providerId: found.providerId, sourceAddress },
      'enrolment refused: address not registered',
    );
    throw new SyncError(
      'sync.addressNotRegistered',
      `the address ${sourceAddress ?? '(unknown)'} is not registered for the provider`,
      {
        sourceAddress: sourceAddress ?? '',
      },
    );
  }
  try {
    await verifyCsr(req.csrPem);
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
    if (used.length === 0)
      throw new SyncError('sync.enrolmentCodeInvalid', 'the enrolment code is unknown, used or expired');
    await tx.insert(workstations).values({
      id: workstationId,
      providerId: found.providerId,
      name: req.workstationName,
      certFingerprint: cert.fingerprint256,
      certSerial: cert.serial,
      certNotAfter: cert.notAfter,
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
