// Checks a PKCS#10 request's self-signature in Node. `openssl req -verify` (3.0) exits 0 even
// when the signature is bad, so its exit code cannot be trusted for this.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

function readTlv(der: Buffer, at: number): Tlv {
  if (at + 2 > der.length) throw new Error('truncated');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || contentStart + bytes > der.length) throw new Error('bad length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[contentStart + i]!;
    contentStart += bytes;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated');
  return { tag, start: at, contentStart, end };
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(der, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

function oid(der: Buffer, t: Tlv): string {
  const bytes = der.subarray(t.contentStart, t.end);
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384', // ecdsa-with-SHA384
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
};

/** The request's public key when its signature verifies; throws otherwise. */
export function verifyCsrSignature(pem: string): KeyObject {
  const body =
    /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([\s\S]+?)-----END (?:NEW )?CERTIFICATE REQUEST-----/.exec(
      pem,
    );
  if (!body) throw new Error('not a PEM certificate request');
  const der = Buffer.from(body[1]!.replace(/\s+/g, ''), 'base64');
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new Error('not a certificate request');
  const [info, algorithm, signature] = children(der, outer);
  if (
    !info ||
    !algorithm ||
    !signature ||
    info.tag !== 0x30 ||
    algorithm.tag !== 0x30 ||
    signature.tag !== 0x03
  ) {
    throw new Error('not a certificate request');
  }
  const infoParts = children(der, info);
  const spki = infoParts[2];
  if (!spki || spki.tag !== 0x30) throw new Error('no public key');
  const key = createPublicKey({ key: der.subarray(spki.start, spki.end), format: 'der', type: 'spki' });
  const algorithmOid = children(der, algorithm)[0];
  const hash = algorithmOid && algorithmOid.tag === 0x06 ? HASHES[oid(der, algorithmOid)] : undefined;
  if (!hash) throw new Error('unsupported signature algorithm');
  if (der[signature.contentStart] !== 0) throw new Error('bad signature encoding');
  const sig = der.subarray(signature.contentStart + 1, signature.end);
  const ok = verify(
    hash,
    der.subarray(info.start, info.end),
    key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key,
    sig,
  );
  if (!ok) throw new Error('the signature does not verify');
  return key;
}
