// The console's web certificate. It is not the municipality CA's: that CA vouches for
// workstations, and a browser should never be asked to trust it. Until the municipality installs
// a certificate its browsers trust (console.certFile/keyFile in server.json), the server makes a
// self-signed one, issued by a one-off CA whose key is thrown away at once, so that CA can sign
// nothing else; its certificate (console-ca.crt) is what an administrator may choose to trust.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleConfig } from '../config.ts';
import type { DataPaths } from '../paths.ts';
import { writePublicFile, writeSecretFile } from './files.ts';
import { generateEcKeyPem } from './keys.ts';
import { createCaCertificate, createCsr, issueCertificate } from './issue.ts';

const DAY_MS = 86_400_000;

export function consoleCaCertPath(paths: DataPaths): string {
  return path.join(paths.pkiDir, 'console-ca.crt');
}

export async function issueSelfSignedConsoleCertificate(
  paths: DataPaths,
  names: { dnsNames: readonly string[]; ipAddresses: readonly string[] },
  days = 397,
): Promise<void> {
  const caKeyPath = path.join(paths.pkiDir, 'console-ca.key');
  const caKey = generateEcKeyPem();
  writeSecretFile(caKeyPath, caKey);
  try {
    const caCert = await createCaCertificate(
      caKey,
      [
        ['CN', 'CareDock console (self-signed)'],
        ['O', 'CareDock'],
      ],
      days,
    );
    writePublicFile(consoleCaCertPath(paths), caCert);
    const key = generateEcKeyPem();
    const cn = names.dnsNames[0] ?? names.ipAddresses[0] ?? 'localhost';
    const now = Date.now();
    const cert = await issueCertificate(
      { keyPath: caKeyPath, certPath: consoleCaCertPath(paths) },
      {
        csrPem: await createCsr(key, [['CN', cn]]),
        subject: [
          ['CN', cn],
          ['O', 'CareDock console'],
        ],
        profile: { kind: 'server', dnsNames: names.dnsNames, ipAddresses: names.ipAddresses },
        notBefore: new Date(now - 5 * 60_000),
        notAfter: new Date(now + days * DAY_MS),
      },
    );
    writeSecretFile(paths.consoleKey, key);
    writePublicFile(paths.consoleCert, cert.pem);
  } finally {
    rmSync(caKeyPath, { force: true });
  }
}

/** The console listener's key and certificate: the configured files, else the self-signed pair. */
export async function consoleTlsMaterial(
  paths: DataPaths,
  config: ConsoleConfig,
): Promise<{ key: string; cert: string }> {
  if (config.certFile !== undefined || config.keyFile !== undefined) {
    if (config.certFile === undefined || config.keyFile === undefined)
      throw new Error('console.certFile and console.keyFile are set together or not at all');
    return { key: readFileSync(config.keyFile, 'utf8'), cert: readFileSync(config.certFile, 'utf8') };
  }
  // A data dir from before the console had no pair yet.
  if (!existsSync(paths.consoleCert) || !existsSync(paths.consoleKey))
    await issueSelfSignedConsoleCertificate(paths, {
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
  return { key: readFileSync(paths.consoleKey, 'utf8'), cert: readFileSync(paths.consoleCert, 'utf8') };
}
