// Issuing certificates from the municipality CA with `openssl ca`, which (unlike `openssl x509
// -req`) takes explicit start and end dates — tests need already-expired certificates too.
import { randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { verifyCsrSignature } from './csr-signature.ts';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openssl, opensslTime, subjectString } from './openssl.ts';
import { withTempDir } from './files.ts';

export interface IssuingCa {
  keyPath: string;
  certPath: string;
  /** Scratch space for openssl's files (under the data dir, so keys never land in /tmp). */
  tmpDir: string;
}

export type CertificateProfile =
  { kind: 'client' } | { kind: 'server'; dnsNames: readonly string[]; ipAddresses: readonly string[] };

export interface IssueRequest {
  csrPem: string;
  subject: readonly (readonly [string, string])[];
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

function extensionSection(profile: CertificateProfile): string {
  const common = [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ];
  if (profile.kind === 'client') return [...common, 'extendedKeyUsage = clientAuth'].join('\n');
  const sans = [...profile.dnsNames.map((d) => `DNS:${d}`), ...profile.ipAddresses.map((ip) => `IP:${ip}`)];
  return [
    ...common,
    'extendedKeyUsage = serverAuth',
    ...(sans.length > 0 ? [`subjectAltName = ${sans.join(',')}`] : []),
  ].join('\n');
}

export class CsrInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrInvalidError';
  }
}

/**
 * Checks the CSR's self-signature and that its key is one we accept (EC P-256/P-384, or RSA of
 * at least 2048 bits). Returns the public key PEM.
 */
export async function verifyCsr(csrPem: string): Promise<string> {
  let key: KeyObject;
  try {
    key = verifyCsrSignature(csrPem);
  } catch {
    throw new CsrInvalidError('the certificate request is malformed or its signature does not verify');
  }
  const pubPem = key.export({ type: 'spki', format: 'pem' }).toString();
  const details = key.asymmetricKeyDetails ?? {};
  const ok =
    (key.asymmetricKeyType === 'ec' &&
      (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1')) ||
    (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048);
  if (!ok) throw new CsrInvalidError('the certificate request key must be EC P-256/P-384 or RSA ≥ 2048 bits');
  return pubPem;
}

export async function issueCertificate(ca: IssuingCa, req: IssueRequest): Promise<IssuedCertificate> {
  return withTempDir(ca.tmpDir, async (dir) => {
    const serial =
      (randomBytes(16)[0]! & 0x7f).toString(16).padStart(2, '0') + randomBytes(15).toString('hex');
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), `${serial}\n`);
    writeFileSync(path.join(dir, 'req.pem'), req.csrPem, { mode: 0o600 });
    const config = [
      '[ ca ]',
      'default_ca = ca_section',
      '[ ca_section ]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      'email_in_dn = no',
      '[ policy_any ]',
      'commonName = supplied',
      'organizationName = optional',
      'organizationalUnitName = optional',
      'localityName = optional',
      '[ ext ]',
      extensionSection(req.profile),
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'ca.cnf'), config);
    const out = path.join(dir, 'cert.pem');
    await openssl(
      [
        'ca',
        '-batch',
        '-notext',
        '-utf8',
        '-config',
        path.join(dir, 'ca.cnf'),
        '-cert',
        ca.certPath,
        '-keyfile',
        ca.keyPath,
        '-in',
        path.join(dir, 'req.pem'),
        '-out',
        out,
        '-extensions',
        'ext',
        '-subj',
        subjectString(req.subject),
        '-startdate',
        opensslTime(req.notBefore),
        '-enddate',
        opensslTime(req.notAfter),
      ],
      { cwd: dir },
    );
    const pem = await openssl(['x509', '-in', out]);
    const x = new X509Certificate(pem);
    return { pem, serial: x.serialNumber, fingerprint256: x.fingerprint256, notAfter: new Date(x.validTo) };
  });
}

/** A CSR for a key file (the server's own certificate, and tests acting as a workstation). */
export async function createCsr(
  keyPem: string,
  subject: readonly (readonly [string, string])[],
  tmpDir: string,
): Promise<string> {
  return withTempDir(tmpDir, async (dir) => {
    const keyPath = path.join(dir, 'key.pem');
    writeFileSync(keyPath, keyPem, { mode: 0o600 });
    return openssl(['req', '-new', '-utf8', '-key', keyPath, '-subj', subjectString(subject)]);
  });
}

/** A self-signed CA certificate for keyPem. */
export async function createCaCertificate(
  keyPem: string,
  subject: readonly (readonly [string, string])[],
  days: number,
  tmpDir: string,
): Promise<string> {
  return withTempDir(tmpDir, async (dir) => {
    const keyPath = path.join(dir, 'key.pem');
    writeFileSync(keyPath, keyPem, { mode: 0o600 });
    return openssl([
      'req',
      '-x509',
      '-new',
      '-utf8',
      '-sha256',
      '-key',
      keyPath,
      '-subj',
      subjectString(subject),
      '-days',
      String(days),
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ]);
  });
}
