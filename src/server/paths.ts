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
  pgliteDir: string;
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
    pgliteDir: path.join(abs, 'pgdata'),
  };
}
