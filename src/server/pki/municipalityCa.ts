// The server's PKI in its data dir: the municipality CA (signs workstation certificates) and the
// server's TLS certificate, issued by the same CA so a workstation pins one certificate.
import { existsSync, readFileSync } from 'node:fs';
import type { DataPaths } from '../paths.ts';
import { writePublicFile, writeSecretFile } from './files.ts';
import { generateEcKeyPem } from './keys.ts';
import { createCaCertificate, createCsr, issueCertificate } from './issue.ts';
import type { IssuingCa } from './issue.ts';

export interface InitPkiOptions {
  caName: string;
  /** Names the server certificate is valid for (clients check the URL's host against them). */
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  caDays?: number;
  serverDays?: number;
}

const DAY_MS = 86_400_000;

export function pkiExists(paths: DataPaths): boolean {
  return existsSync(paths.caKey) && existsSync(paths.caCert);
}

export async function initPki(paths: DataPaths, opts: InitPkiOptions): Promise<void> {
  if (pkiExists(paths)) throw new Error(`a CA already exists in ${paths.pkiDir}; refusing to replace it`);
  const caKey = generateEcKeyPem();
  const caCert = await createCaCertificate(
    caKey,
    [
      ['CN', opts.caName],
      ['O', 'CareDock'],
    ],
    opts.caDays ?? 3650,
  );
  writeSecretFile(paths.caKey, caKey);
  writePublicFile(paths.caCert, caCert);
  await issueServerCertificate(paths, opts);
}

/** (Re)issues the server certificate, e.g. when the server gets a new host name. */
export async function issueServerCertificate(
  paths: DataPaths,
  opts: Pick<InitPkiOptions, 'dnsNames' | 'ipAddresses' | 'serverDays'>,
): Promise<void> {
  const key = generateEcKeyPem();
  const cn = opts.dnsNames[0] ?? opts.ipAddresses[0] ?? 'localhost';
  const csr = await createCsr(key, [['CN', cn]]);
  const now = Date.now();
  const cert = await issueCertificate(caOf(paths), {
    csrPem: csr,
    subject: [
      ['CN', cn],
      ['O', 'CareDock'],
    ],
    profile: { kind: 'server', dnsNames: opts.dnsNames, ipAddresses: opts.ipAddresses },
    notBefore: new Date(now - 5 * 60_000), // a little slack for clients whose clocks run behind
    notAfter: new Date(now + (opts.serverDays ?? 825) * DAY_MS),
  });
  writeSecretFile(paths.serverKey, key);
  writePublicFile(paths.serverCert, cert.pem);
}

export function caOf(paths: DataPaths): IssuingCa {
  return { keyPath: paths.caKey, certPath: paths.caCert };
}

export function readCaCertificate(paths: DataPaths): string {
  return readFileSync(paths.caCert, 'utf8');
}

export interface TlsMaterial {
  key: string;
  cert: string;
  ca: string;
}

export function readTlsMaterial(paths: DataPaths): TlsMaterial {
  return {
    key: readFileSync(paths.serverKey, 'utf8'),
    cert: readFileSync(paths.serverCert, 'utf8'),
    ca: readFileSync(paths.caCert, 'utf8'),
  };
}
