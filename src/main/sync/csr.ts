// The workstation's key pair and its PKCS#10 certificate request (RFC 2986), made with
// @peculiar/x509 on Node's WebCrypto. The server ignores the subject and names the certificate
// itself; the CN only helps a person reading the request. The polyfill must load before the
// library (tsyringe needs the Reflect metadata API), so this is the core's one way into it.
import 'reflect-metadata';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as webcrypto.Crypto);

export interface WorkstationKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM: what the key store keeps. */
  privateKeyPem: string;
}

/** An EC P-256 key pair (the server accepts P-256/P-384 and RSA ≥ 2048). */
export function generateWorkstationKey(): WorkstationKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The request, signed with ecdsa-with-SHA256 by the key it asks a certificate for. */
export async function buildCsrPem(
  keys: Pick<WorkstationKeyPair, 'privateKey' | 'publicKey'>,
  commonName: string,
): Promise<string> {
  const subtle = webcrypto.subtle;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys: {
      privateKey: await subtle.importKey(
        'pkcs8',
        keys.privateKey.export({ type: 'pkcs8', format: 'der' }),
        algorithm,
        false,
        ['sign'],
      ),
      publicKey: await subtle.importKey(
        'spki',
        keys.publicKey.export({ type: 'spki', format: 'der' }),
        algorithm,
        true,
        ['verify'],
      ),
    },
    signingAlgorithm: algorithm,
  });
  return `${csr.toString('pem')}\n`;
}

/** A stored PKCS#8 key as a pair again (a renewal retried after a crash asks for the same key). */
export function workstationKeyFromPem(privateKeyPem: string): WorkstationKeyPair {
  const privateKey = createPrivateKey(privateKeyPem);
  return { privateKey, publicKey: createPublicKey(privateKey), privateKeyPem };
}
