// Certificates from the municipality CA, made in process with @peculiar/x509 on Node's WebCrypto:
// no openssl program, so the central server runs where none is installed (Windows Server).
// Start and end dates are explicit, because tests need already-expired certificates too.
import { createHash, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jsonName, signingKeys, x509, type Subject } from './x509.ts';

export type { Subject } from './x509.ts';

export interface IssuingCa {
  keyPath: string;
  certPath: string;
}

export type CertificateProfile =
  { kind: 'client' } | { kind: 'server'; dnsNames: readonly string[]; ipAddresses: readonly string[] };

export interface IssueRequest {
  csrPem: string;
  subject: Subject;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
}

export interface IssuedCertificate {
  pem: string;
  serial: string;
  fingerprint256: string;
  notAfter: Date;
}

export class CsrInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrInvalidError';
  }
}

/**
 * A positive 128-bit serial: the top bit clear, so DER never needs a leading zero for the sign,
 * and the first byte never zero, so DER's minimal form does not drop it (one in 128 did).
 */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex');
}

function acceptedKey(key: KeyObject): boolean {
  const details = key.asymmetricKeyDetails ?? {};
  return (
    (key.asymmetricKeyType === 'ec' &&
      (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1')) ||
    (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048)
  );
}

/**
 * Checks the request's self-signature and that its key is one we accept (EC P-256/P-384, or RSA
 * of at least 2048 bits). Returns the request with its public key as Node sees it.
 */
export async function verifyCsr(
  csrPem: string,
): Promise<{ request: x509.Pkcs10CertificateRequest; publicKey: KeyObject; commonNames: string[] }> {
  let request: x509.Pkcs10CertificateRequest;
  let publicKey: KeyObject;
  let signed = false;
  try {
    request = new x509.Pkcs10CertificateRequest(csrPem);
    publicKey = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: 'der', type: 'spki' });
    signed = acceptedKey(publicKey) && (await request.verify());
  } catch {
    throw new CsrInvalidError('the certificate request is malformed or its signature does not verify');
  }
  if (!acceptedKey(publicKey))
    throw new CsrInvalidError('the certificate request key must be EC P-256/P-384 or RSA ≥ 2048 bits');
  if (!signed) throw new CsrInvalidError('the certificate request signature does not verify');
  return { request, publicKey, commonNames: request.subjectName.getField('CN') };
}

/** SHA-256 of a public key's SPKI DER, hex: the same key gives the same value in any request. */
export function publicKeySha256(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** publicKeySha256 of a certificate's key (the DER a TLS peer presented). */
export function certificateKeySha256(der: Buffer): string {
  return publicKeySha256(new X509Certificate(der).publicKey);
}

async function extensionsFor(
  profile: CertificateProfile,
  subjectKey: x509.PublicKey,
  ca: x509.X509Certificate,
): Promise<x509.Extension[]> {
  const caKeyId = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(subjectKey),
    caKeyId
      ? new x509.AuthorityKeyIdentifierExtension(caKeyId)
      : await x509.AuthorityKeyIdentifierExtension.create(ca.publicKey),
  ];
  if (profile.kind === 'client') {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
    return extensions;
  }
  extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  const names = [
    ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  return extensions;
}

function issued(certificate: x509.X509Certificate): IssuedCertificate {
  const pem = certificate.toString('pem');
  const node = new X509Certificate(pem);
  return {
    pem: `${pem}\n`,
    serial: node.serialNumber,
    fingerprint256: node.fingerprint256,
    notAfter: new Date(node.validTo),
  };
}

/** Signs a verified request with the CA. The subject is ours; the request's is ignored. */
export async function issueCertificate(ca: IssuingCa, req: IssueRequest): Promise<IssuedCertificate> {
  const { request } = await verifyCsr(req.csrPem);
  const caCert = new x509.X509Certificate(readFileSync(ca.certPath, 'utf8'));
  const signer = await signingKeys(readFileSync(ca.keyPath, 'utf8'));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: jsonName(req.subject),
    issuer: caCert.subjectName,
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    publicKey: request.publicKey,
    signingKey: signer.keys.privateKey,
    signingAlgorithm: signer.algorithm,
    extensions: await extensionsFor(req.profile, request.publicKey, caCert),
  });
  return issued(certificate);
}

/** A request for a key (the server's own certificate, and tests acting as a workstation). */
export async function createCsr(keyPem: string, subject: Subject): Promise<string> {
  const { keys, algorithm } = await signingKeys(keyPem);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: jsonName(subject),
    keys,
    signingAlgorithm: algorithm,
  });
  return `${csr.toString('pem')}\n`;
}

/** A self-signed CA certificate for keyPem, valid from now for `days`; it signs nothing but certificates. */
export async function createCaCertificate(keyPem: string, subject: Subject, days: number): Promise<string> {
  const { keys, algorithm } = await signingKeys(keyPem);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: jsonName(subject),
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * 86_400_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return `${certificate.toString('pem')}\n`;
}
