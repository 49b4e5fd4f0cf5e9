// Renewing the workstation's client certificate before it expires, over the channel it already
// has (POST /v1/certificate/renew): no enrolment code, no person. A sync pass asks when its own
// certificate has less than the renewal window left — the configured days (30 by default) or half
// the certificate's lifetime, whichever is shorter — measured from the certificate's notBefore and
// notAfter on this PC's clock. The server keeps no schedule: the workstation knows its certificate.
//
// Storage is ordered so that a kill -9 at any point leaves a pair that works:
//   1. the new key is written as the key store's pending key (fsync, rename);
//   2. the server answers a certificate for it, checked here (our CA, our key, our workstation);
//   3. the certificate goes into the installation row (one SQLite transaction);
//   4. the pending key is renamed over the current key.
// Until 3 the old key and the old certificate are the pair (and a retry sends the pending key's
// request again, which the server answers with the same certificate). After 3 the row holds the
// new certificate: if 4 did not happen, `identityKey` finds the pending key that matches it and
// finishes the rename. The server accepts the old certificate until the new one is first used.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { CareDockError } from '../../shared/errors/index.ts';
import { RENEW_CERTIFICATE_PATH, renewCertificateResponseSchema } from '../../shared/sync/enrolment.ts';
import type { Installation, SyncData } from './data.ts';
import { SyncFailure } from './failures.ts';
import type { KeyStore } from './keystore.ts';
import type { ServerCall } from './pass.ts';

export const DEFAULT_RENEW_BEFORE_MS = 30 * 86_400_000;

/** When the certificate should be renewed: its notAfter minus the window (see the top). */
export function renewalDueAt(certificatePem: string, renewBeforeMs: number): Date {
  const cert = new X509Certificate(certificatePem);
  const notBefore = cert.validFromDate.getTime();
  const notAfter = cert.validToDate.getTime();
  const window = Math.min(renewBeforeMs, (notAfter - notBefore) / 2);
  return new Date(notAfter - window);
}

export function renewalDue(certificatePem: string, renewBeforeMs: number, now: Date): boolean {
  try {
    return now.getTime() >= renewalDueAt(certificatePem, renewBeforeMs).getTime();
  } catch {
    return false; // an unreadable certificate is sync's problem to report, not renewal's
  }
}

function spki(key: ReturnType<typeof createPublicKey>): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** Whether a private key (PKCS#8 PEM) is the key of a certificate. */
export function keyMatchesCertificate(privateKeyPem: string, certificatePem: string): boolean {
  try {
    return spki(createPublicKey(privateKeyPem)).equals(spki(new X509Certificate(certificatePem).publicKey));
  } catch {
    return false;
  }
}

/**
 * The private key for the installation's certificate. Normally the current key; after a crash
 * between storing a renewed certificate and moving its key into place, the pending key, which
 * is moved into place now. null when no key is stored (or none can be read).
 */
export function identityKey(keyStore: KeyStore, inst: Installation): string | null {
  let current: string | null = null;
  try {
    current = keyStore.load();
  } catch {
    current = null;
  }
  if (current !== null && keyMatchesCertificate(current, inst.certificatePem)) return current;
  let pending: string | null = null;
  try {
    pending = keyStore.loadPending();
  } catch {
    pending = null;
  }
  if (pending !== null && keyMatchesCertificate(pending, inst.certificatePem)) {
    keyStore.promotePending();
    return pending;
  }
  // Neither matches (a key store from before renewal existed reads fine here): let the server
  // judge the pair, as it always did.
  return current;
}

/** The new certificate must be from the pinned CA, for our new key and our workstation, and valid now. */
function checkRenewed(
  inst: Installation,
  certificatePem: string,
  publicKeyDer: Buffer,
  now: Date,
): X509Certificate {
  try {
    const cert = new X509Certificate(certificatePem);
    const ca = new X509Certificate(inst.caCertificatePem);
    const ok =
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      spki(cert.publicKey).equals(publicKeyDer) &&
      cert.subject.split('\n').includes(`CN=${inst.workstationId}`) &&
      cert.validFromDate.getTime() <= now.getTime() + 10 * 60_000 &&
      cert.validToDate.getTime() > now.getTime();
    if (ok) return cert;
  } catch {
    // unreadable: the same answer as a mismatch
  }
  throw new CareDockError('sync.renewalMismatch');
}

export interface RenewDeps {
  data: SyncData;
  keyStore: KeyStore;
  now: () => Date;
}

/** One renewal over an open channel. Throws a catalogue error; stores nothing unless it succeeds. */
export async function renewCertificate(call: ServerCall, d: RenewDeps): Promise<{ notAfter: string }> {
  const inst = call.inst;
  // X.509 requests are needed once in a long while: loaded then, as at installation.
  const { buildCsrPem, generateWorkstationKey, workstationKeyFromPem } = await import('./csr.ts');
  // A pending key from an attempt that did not finish is asked for again: the server answers
  // the same certificate for the same key, so a lost answer never costs a second certificate.
  let pendingPem: string | null = null;
  try {
    pendingPem = d.keyStore.loadPending();
  } catch {
    pendingPem = null;
  }
  const keys = pendingPem !== null ? workstationKeyFromPem(pendingPem) : generateWorkstationKey();
  if (pendingPem === null) d.keyStore.savePending(keys.privateKeyPem);
  const csrPem = await buildCsrPem(keys, inst.workstationId);
  let answer: Awaited<ReturnType<ServerCall['request']>>;
  try {
    answer = await call.request('POST', RENEW_CERTIFICATE_PATH, JSON.stringify({ csrPem }));
  } catch (err) {
    // A request the server refused as such would be refused again: the next try makes a new
    // key. Anything else (network, busy, too soon) keeps the key, so a lost answer is asked again.
    if (err instanceof SyncFailure && err.serverCode === 'sync.renewalCsrInvalid') d.keyStore.removePending();
    throw err;
  }
  const parsed = renewCertificateResponseSchema.safeParse(answer.json);
  if (!parsed.success || parsed.data.workstationId !== inst.workstationId)
    throw new SyncFailure('sync.invalidRequest', { status: answer.status }, false);
  let cert: X509Certificate;
  try {
    cert = checkRenewed(inst, parsed.data.certificatePem, spki(keys.publicKey), d.now());
  } catch (err) {
    // The same key would get the same wrong answer: the next attempt starts with a new one.
    d.keyStore.removePending();
    throw err;
  }
  const notAfter = cert.validToDate.toISOString();
  const { state } = d.data;
  d.data.transaction(() => {
    d.data.installation.setCertificate(parsed.data.certificatePem, notAfter);
    state.set('certificateRenewedAt', d.now().toISOString());
    state.delete('certificateRenewalError');
  });
  d.keyStore.promotePending();
  return { notAfter };
}
