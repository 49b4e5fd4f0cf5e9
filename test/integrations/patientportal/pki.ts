// Throwaway certificates for mutual TLS in the tests: a CA standing in for SITHS and a function
// certificate it issues, made with the OS's openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Pem {
  key: string;
  cert: string;
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function inDir<T>(run: (file: (name: string) => string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'caredock-1177-pki-'));
  try {
    return run((name) => path.join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function makeCa(cn: string): Pem {
  return inDir((f) => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        f('key.pem'),
        '-out',
        f('cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(f('key.pem'), 'utf8'), cert: readFileSync(f('cert.pem'), 'utf8') };
  });
}

/** A client certificate for `cn`, signed by `ca`. */
export function issueClient(ca: Pem, cn: string): Pem {
  return inDir((f) => {
    writeFileSync(f('ca.pem'), ca.cert);
    writeFileSync(f('cakey.pem'), ca.key);
    writeFileSync(f('ext.cnf'), 'extendedKeyUsage=clientAuth\n');
    execFileSync(
      'openssl',
      ['req', ...ec, '-keyout', f('key.pem'), '-out', f('req.csr'), '-subj', `/CN=${cn}`],
      {
        stdio: 'ignore',
      },
    );
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        f('req.csr'),
        '-out',
        f('cert.pem'),
        '-days',
        '2',
        '-CA',
        f('ca.pem'),
        '-CAkey',
        f('cakey.pem'),
        '-set_serial',
        '1',
        '-extfile',
        f('ext.cnf'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(f('key.pem'), 'utf8'), cert: readFileSync(f('cert.pem'), 'utf8') };
  });
}
