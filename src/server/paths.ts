// Where the server keeps things under --data DIR.
import path from 'node:path';

export interface DataPaths {
  root: string;
  config: string;
  adminToken: string;
  pkiDir: string;
  caKey: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  /** The console's self-signed web certificate (replaced by the municipality's own in server.json). */
  consoleKey: string;
  consoleCert: string;
  pgliteDir: string;
  /** The key that seals door codes and key information (outside the database). */
  secretsKey: string;
  /** The file exchange's drop folders: exchange/<municipality>/{in,archive,out}. */
  exchangeDir: string;
}

export function dataPaths(root: string): DataPaths {
  const abs = path.resolve(root);
  const pki = path.join(abs, 'pki');
  return {
    root: abs,
    config: path.join(abs, 'server.json'),
    adminToken: path.join(abs, 'admin-token'),
    pkiDir: pki,
    caKey: path.join(pki, 'ca.key'),
    caCert: path.join(pki, 'ca.crt'),
    serverKey: path.join(pki, 'server.key'),
    serverCert: path.join(pki, 'server.crt'),
    consoleKey: path.join(pki, 'console.key'),
    consoleCert: path.join(pki, 'console.crt'),
    pgliteDir: path.join(abs, 'pgdata'),
    secretsKey: process.env.CAREDOCK_SECRETS_KEY_FILE ?? path.join(abs, 'keys', 'secrets.key'),
    exchangeDir: path.join(abs, 'exchange'),
  };
}
