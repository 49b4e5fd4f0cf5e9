// The workstation's key pair and its PKCS#10 certificate request, built with node:crypto and a
// few lines of DER — no extra package. The server ignores the subject and names the certificate
// itself; the CN only helps a person reading the request.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// ── A minimal DER encoder: just the types a CSR needs ────────────────────────────────────────

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

export const der = {
  sequence: (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items)),
  set: (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items)),
  integer: (n: number): Buffer => tlv(0x02, Buffer.from([n & 0x7f])),
  utf8: (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8')),
  /** A BIT STRING with no unused bits. */
  bits: (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content])),
  /** [n] IMPLICIT, constructed. */
  context: (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content),
  oid(dotted: string): Buffer {
    const arcs = dotted.split('.').map(Number);
    const [a = 0, b = 0, ...rest] = arcs;
    const out: number[] = [a * 40 + b];
    for (const arc of rest) {
      const groups: number[] = [];
      let v = arc;
      do {
        groups.unshift(v & 0x7f);
        v = Math.floor(v / 128);
      } while (v > 0);
      for (let i = 0; i < groups.length - 1; i++) groups[i] = (groups[i] ?? 0) | 0x80;
      out.push(...groups);
    }
    return tlv(0x06, Buffer.from(out));
  },
};

const OID_COMMON_NAME = '2.5.4.3';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

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

/**
 * CertificationRequest (RFC 2986) signed with ecdsa-with-SHA256:
 *   SEQUENCE { CertificationRequestInfo, AlgorithmIdentifier, BIT STRING signature }
 *   CertificationRequestInfo ::= SEQUENCE { version 0, subject Name, SubjectPublicKeyInfo, [0] {} }
 */
export function buildCsrPem(
  keys: Pick<WorkstationKeyPair, 'privateKey' | 'publicKey'>,
  commonName: string,
): string {
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const subject = der.sequence(der.set(der.sequence(der.oid(OID_COMMON_NAME), der.utf8(commonName))));
  const info = der.sequence(der.integer(0), subject, spki, der.context(0, Buffer.alloc(0)));
  const signature = sign('sha256', info, { key: keys.privateKey, dsaEncoding: 'der' });
  const csr = der.sequence(info, der.sequence(der.oid(OID_ECDSA_WITH_SHA256)), der.bits(signature));
  const b64 = csr
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
