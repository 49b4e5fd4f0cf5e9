// The one way into @peculiar/x509 on the server. Its dependency injection (tsyringe) needs the
// Reflect metadata API before the library loads, so the polyfill is imported first, here; and
// Node's WebCrypto is named as its provider rather than left to whatever global it finds.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as webcrypto.Crypto);

export { x509 };

export type SigningAlgorithm =
  | (webcrypto.EcdsaParams & webcrypto.EcKeyImportParams)
  | (webcrypto.RsaHashedImportParams & webcrypto.Algorithm);

/** How a key signs: ECDSA on its own curve, RSA as PKCS#1 v1.5; SHA-256 either way. */
export function signingAlgorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : null;
  if (key.asymmetricKeyType !== 'ec' || namedCurve === null)
    throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '?'} ${curve ?? ''}`.trim());
  return { name: 'ECDSA', namedCurve, hash: 'SHA-256' };
}

export interface SigningKeys {
  keys: webcrypto.CryptoKeyPair;
  algorithm: SigningAlgorithm;
}

/** A PKCS#8 PEM private key as the WebCrypto pair @peculiar/x509 signs with. */
export async function signingKeys(privateKeyPem: string): Promise<SigningKeys> {
  const privateKey = createPrivateKey(privateKeyPem);
  const algorithm = signingAlgorithmOf(privateKey);
  const subtle = webcrypto.subtle;
  return {
    algorithm,
    keys: {
      privateKey: await subtle.importKey(
        'pkcs8',
        privateKey.export({ type: 'pkcs8', format: 'der' }),
        algorithm,
        false,
        ['sign'],
      ),
      publicKey: await subtle.importKey(
        'spki',
        createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
        algorithm,
        true,
        ['verify'],
      ),
    },
  };
}

/** A distinguished name as ordered (attribute, value) pairs: one RDN each. */
export type Subject = readonly (readonly [string, string])[];

export function jsonName(subject: Subject): x509.JsonName {
  return subject.map(([attribute, value]) => ({ [attribute]: [value] }));
}
