// Key pairs are made with Node's crypto (P-256: small, fast, and what TLS 1.3 likes).
import { generateKeyPairSync } from 'node:crypto';

export function generateEcKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
