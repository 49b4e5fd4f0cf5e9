// Certificate renewal over the mutual-TLS channel: a workstation that authenticated with its
// current (or just-replaced) certificate sends a CSR for a new key and gets a new certificate
// from the municipality CA, with the configured validity. No enrolment code: the certificate is
// the proof. The CSR must name the calling workstation and nobody else, and the subject of the
// new certificate is built here from the workstation row, never taken from the request.
import { eq } from 'drizzle-orm';
import type { RenewCertificateRequest, RenewCertificateResponse } from '../../shared/sync/enrolment.ts';
import type { Principal } from '../auth/principal.ts';
import type { ServerContext } from '../context.ts';
import { providers, workstations } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import {
  certificateKeySha256,
  CsrInvalidError,
  issueCertificate,
  publicKeySha256,
  verifyCsr,
} from '../pki/issue.ts';
import { caOf } from '../pki/municipalityCa.ts';
import { recordAudit } from '../audit.ts';

const DAY_MS = 86_400_000;

/**
 * At most one new key per workstation in this long. The limit lives in the workstation row
 * (renewed_at), so every server process sees it; a repeat for the same key is never limited.
 * A workstation renews when under a month is left, so an hour costs it nothing, while a
 * stolen certificate cannot be turned into a stream of fresh ones.
 */
export const RENEWAL_MIN_INTERVAL_MS = 60 * 60_000;

function csrRefused(message: string): SyncError {
  return new SyncError('sync.renewalCsrInvalid', message);
}

export async function renewWorkstationCertificate(
  ctx: ServerContext,
  principal: Principal,
  /** The DER of the certificate this request presented. */
  presentedDer: Buffer,
  req: RenewCertificateRequest,
): Promise<RenewCertificateResponse> {
  let verified: Awaited<ReturnType<typeof verifyCsr>>;
  try {
    verified = await verifyCsr(req.csrPem);
  } catch (err) {
    if (err instanceof CsrInvalidError) throw csrRefused(err.message);
    throw err;
  }
  // The workstation puts its own id in the CN. Anything else is a request for someone else's
  // name (or a confused client): refused, although the subject would be ours anyway.
  if (verified.commonNames.length !== 1 || verified.commonNames[0] !== principal.workstationId)
    throw csrRefused('the certificate request does not name this workstation');
  const keySha256 = publicKeySha256(verified.publicKey);
  // A renewal is a new key: the old key may be the reason to renew.
  if (keySha256 === certificateKeySha256(presentedDer))
    throw csrRefused('the certificate request reuses the key of the current certificate');

  const { db } = ctx.database;
  const now = ctx.now();
  const outcome = await db.transaction(async (tx) => {
    // The row locked: two requests at once for one workstation take turns, so the second sees
    // the first one's certificate and nothing is issued twice.
    const [w] = await tx
      .select({
        id: workstations.id,
        providerId: workstations.providerId,
        revokedAt: workstations.revokedAt,
        certSerial: workstations.certSerial,
        certPem: workstations.certPem,
        certKeySha256: workstations.certKeySha256,
        certNotAfter: workstations.certNotAfter,
        renewedAt: workstations.renewedAt,
      })
      .from(workstations)
      .where(eq(workstations.id, principal.workstationId))
      .for('update');
    // Revoked between authentication and here: refused as authentication would.
    if (!w || w.revokedAt !== null)
      throw new SyncError('sync.certificateRevoked', 'this workstation has been revoked');
    if (w.certKeySha256 === keySha256 && w.certPem !== null)
      return { repeat: true as const, pem: w.certPem, notAfter: w.certNotAfter, serial: w.certSerial };
    if (w.renewedAt !== null && now.getTime() - w.renewedAt.getTime() < RENEWAL_MIN_INTERVAL_MS) {
      const retryAfterSeconds = Math.ceil(
        (w.renewedAt.getTime() + RENEWAL_MIN_INTERVAL_MS - now.getTime()) / 1000,
      );
      throw new SyncError('sync.renewalTooSoon', 'this workstation was renewed less than an hour ago', {
        retryAfterSeconds,
      });
    }
    const [provider] = await tx
      .select({ name: providers.name, municipalityId: providers.municipalityId })
      .from(providers)
      .where(eq(providers.id, w.providerId));
    if (!provider) throw new SyncError('sync.serverError', 'the workstation has no provider');
    const cert = await issueCertificate(caOf(ctx.paths), {
      csrPem: req.csrPem,
      // The same names enrolment gives (src/server/admin/enrol.ts), from the row.
      subject: [
        ['CN', w.id],
        ['O', provider.name],
        ['OU', w.providerId],
        ['L', provider.municipalityId],
      ],
      profile: { kind: 'client' },
      notBefore: new Date(now.getTime() - 5 * 60_000),
      notAfter: new Date(now.getTime() + ctx.config.clientCertificateDays * DAY_MS),
    });
    await tx
      .update(workstations)
      .set({
        certFingerprint: cert.fingerprint256,
        certSerial: cert.serial,
        certNotAfter: cert.notAfter,
        certPem: cert.pem,
        certKeySha256: keySha256,
        renewedAt: now,
        // The certificate this request came with stays usable until the new one is used: the
        // answer may be lost on the way, and the workstation must still be able to ask again.
        previousCertFingerprint: principal.certificateFingerprint,
        previousCertNotAfter: principal.certificateNotAfter,
      })
      .where(eq(workstations.id, w.id));
    await recordAudit(tx, {
      action: 'workstation.certificateRenewed',
      actor: `workstation:${w.id}`,
      municipalityId: provider.municipalityId,
      providerId: w.providerId,
      workstationId: w.id,
      details: {
        previousSerial: w.certSerial,
        certSerial: cert.serial,
        notAfter: cert.notAfter.toISOString(),
        sourceAddress: principal.sourceAddress,
      },
    });
    return { repeat: false as const, pem: cert.pem, notAfter: cert.notAfter, serial: cert.serial };
  });
  ctx.log.info(
    {
      workstationId: principal.workstationId,
      serial: outcome.serial,
      notAfter: outcome.notAfter.toISOString(),
      repeat: outcome.repeat,
    },
    outcome.repeat ? 'certificate renewal repeated: the same certificate again' : 'certificate renewed',
  );
  return {
    workstationId: principal.workstationId,
    certificatePem: outcome.pem,
    notAfter: outcome.notAfter.toISOString(),
  };
}
