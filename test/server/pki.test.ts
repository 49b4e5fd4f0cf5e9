// The municipality CA in process: requests made by the workstation and by openssl are verified,
// tampered requests and keys we do not accept are refused, and an issued certificate carries
// exactly the extensions its profile names. The last test runs a server and a workstation with
// no openssl program on PATH at all.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, webcrypto, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCsrPem, generateWorkstationKey } from '../../src/main/sync/csr.ts';
import {
  createCaCertificate,
  createCsr,
  CsrInvalidError,
  issueCertificate,
  verifyCsr,
  type IssuingCa,
} from '../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../src/server/pki/keys.ts';
import { x509 } from '../../src/server/pki/x509.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-pki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslCsr(keyArgs: string[]): string {
  const out = mkdtempSync(path.join(dir, 'openssl-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      ...keyArgs,
      '-nodes',
      '-keyout',
      path.join(out, 'k.pem'),
      '-subj',
      '/CN=ws-1',
      '-out',
      path.join(out, 'r.pem'),
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(path.join(out, 'r.pem'), 'utf8');
}

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const pemOf = (bytes: Buffer) =>
  `-----BEGIN CERTIFICATE REQUEST-----\n${bytes.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;

/** A request signed by a WebCrypto key of any kind, for the kinds our own helpers refuse to make. */
async function csrWith(
  algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams | webcrypto.Algorithm,
  signing: object,
) {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: ['odd key'] }],
    keys,
    signingAlgorithm: signing as webcrypto.EcdsaParams,
  });
  return csr.toString('pem');
}

async function reason(pem: string): Promise<string> {
  try {
    await verifyCsr(pem);
  } catch (err) {
    expect(err).toBeInstanceOf(CsrInvalidError);
    return (err as Error).message;
  }
  throw new Error('the request was accepted');
}

async function testCa(): Promise<IssuingCa & { pem: string }> {
  const caDir = mkdtempSync(path.join(dir, 'ca-'));
  const key = generateEcKeyPem();
  const pem = await createCaCertificate(
    key,
    [
      ['CN', 'Testkommun CA'],
      ['O', 'CareDock'],
    ],
    30,
  );
  writeFileSync(path.join(caDir, 'ca.key'), key, { mode: 0o600 });
  writeFileSync(path.join(caDir, 'ca.crt'), pem);
  return { keyPath: path.join(caDir, 'ca.key'), certPath: path.join(caDir, 'ca.crt'), pem };
}

describe('certificate requests', () => {
  it('accepts the workstation’s request and EC and RSA requests that openssl made', async () => {
    const keys = generateWorkstationKey();
    const mine = await verifyCsr(await buildCsrPem(keys, 'Kontoret, dator 2 – åäö'));
    expect(mine.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      keys.publicKey.export({ type: 'spki', format: 'der' }),
    );
    expect(mine.request.subject).toContain('åäö');
    expect(
      (await verifyCsr(opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']))).publicKey
        .asymmetricKeyType,
    ).toBe('ec');
    expect(
      (await verifyCsr(opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-384']))).publicKey
        .asymmetricKeyType,
    ).toBe('ec');
    expect((await verifyCsr(opensslCsr(['rsa:2048']))).publicKey.asymmetricKeyType).toBe('rsa');
  });

  it('refuses a tampered request: a flipped bit in the signature or in the signed subject', async () => {
    const pem = await buildCsrPem(generateWorkstationKey(), 'Kontoret');
    const signature = der(pem);
    signature[signature.length - 3]! ^= 0x01;
    expect(await reason(pemOf(signature))).toMatch(/signature does not verify/);
    const subject = der(pem);
    const at = subject.indexOf(Buffer.from('Kontoret'));
    subject[at]! ^= 0x01; // 'K' → 'J': still a well-formed name, no longer what was signed
    expect(await reason(pemOf(subject))).toMatch(/signature does not verify/);
    // openssl 3.0's `req -verify` exits 0 for this one; we do not.
    const forged = der(opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']));
    forged[forged.length - 3]! ^= 0x01;
    expect(await reason(pemOf(forged))).toMatch(/signature does not verify/);
    expect(await reason('garbage')).toMatch(/malformed/);
    expect(await reason(pemOf(der(pem).subarray(0, 60)))).toMatch(/malformed/);
  });

  it('refuses a key of a kind we do not accept: RSA under 2048 bits, P-521, Ed25519', async () => {
    const sha256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const rsa1024 = await csrWith(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      sha256,
    );
    expect(await reason(rsa1024)).toMatch(/EC P-256\/P-384 or RSA ≥ 2048/);
    const p521 = await csrWith({ name: 'ECDSA', namedCurve: 'P-521' }, { name: 'ECDSA', hash: 'SHA-512' });
    expect(await reason(p521)).toMatch(/EC P-256\/P-384 or RSA ≥ 2048/);
    const ed25519 = await csrWith({ name: 'Ed25519' }, { name: 'Ed25519' });
    expect(await reason(ed25519)).toMatch(/EC P-256\/P-384 or RSA ≥ 2048/);
  });
});

describe('issued certificates', () => {
  it('a workstation certificate: our subject, the dates asked for, client authentication only', async () => {
    const ca = await testCa();
    const keys = generateWorkstationKey();
    const notBefore = new Date('2026-03-01T08:00:00Z');
    const notAfter = new Date('2027-03-01T08:00:00Z');
    const cert = await issueCertificate(ca, {
      csrPem: await buildCsrPem(keys, 'whatever the PC says'),
      subject: [
        ['CN', 'ws-1'],
        ['O', 'Omsorg AB'],
        ['OU', 'omsorg-ab'],
        ['L', '0139'],
      ],
      profile: { kind: 'client' },
      notBefore,
      notAfter,
    });
    const node = new X509Certificate(cert.pem);
    const caNode = new X509Certificate(ca.pem);
    expect(node.verify(caNode.publicKey)).toBe(true);
    expect(node.checkIssued(caNode)).toBe(true);
    expect(node.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      keys.publicKey.export({ type: 'spki', format: 'der' }),
    );
    expect(node.subject.split('\n')).toEqual(['CN=ws-1', 'O=Omsorg AB', 'OU=omsorg-ab', 'L=0139']);
    expect(new Date(node.validFrom)).toEqual(notBefore);
    expect(new Date(node.validTo)).toEqual(notAfter);
    expect(cert.notAfter).toEqual(notAfter);
    expect(cert.serial).toBe(node.serialNumber);
    expect(cert.fingerprint256).toBe(node.fingerprint256);
    expect(node.ca).toBe(false);
    expect(node.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(node.subjectAltName).toBeUndefined();

    const parsed = new x509.X509Certificate(cert.pem);
    const basic = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect([basic.critical, basic.ca]).toEqual([true, false]);
    const usage = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect([usage.critical, usage.usages]).toEqual([true, x509.KeyUsageFlags.digitalSignature]);
    const eku = parsed.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    // Key identifiers as RFC 5280 method 1: SHA-1 of the subjectPublicKey bits.
    const keyBits = (spki: Buffer) => Buffer.from(new x509.PublicKey(spki).rawData).subarray(-65);
    const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(ski.keyId).toBe(
      createHash('sha1')
        .update(keyBits(keys.publicKey.export({ type: 'spki', format: 'der' })))
        .digest('hex'),
    );
    const caSki = new x509.X509Certificate(ca.pem).getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(caSki.keyId);
    expect(parsed.extensions.map((e) => e.type).sort()).toEqual(
      ['2.5.29.14', '2.5.29.15', '2.5.29.19', '2.5.29.35', '2.5.29.37'].sort(),
    );
    // The serial is a positive 128-bit number.
    expect(cert.serial).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('a server certificate: server authentication and the names clients check', async () => {
    const ca = await testCa();
    const key = generateEcKeyPem();
    const cert = await issueCertificate(ca, {
      csrPem: await createCsr(key, [['CN', 'sync.kommun.se']]),
      subject: [['CN', 'sync.kommun.se']],
      profile: {
        kind: 'server',
        dnsNames: ['sync.kommun.se', 'localhost'],
        ipAddresses: ['127.0.0.1', '::1'],
      },
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const node = new X509Certificate(cert.pem);
    expect(node.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(node.subjectAltName).toBe(
      'DNS:sync.kommun.se, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(node.checkHost('sync.kommun.se')).toBe('sync.kommun.se');
    expect(node.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(node.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(key).export({ type: 'spki', format: 'pem' }),
    );
  });

  it('a CA certificate may sign certificates and nothing else, and no further CA below it', async () => {
    const ca = await testCa();
    const parsed = new x509.X509Certificate(ca.pem);
    const basic = parsed.getExtension(x509.BasicConstraintsExtension)!;
    expect([basic.critical, basic.ca, basic.pathLength]).toEqual([true, true, 0]);
    const usage = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect(usage.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(await parsed.isSelfSigned()).toBe(true);
  });

  it('signs nothing for a request that does not verify', async () => {
    const ca = await testCa();
    const bad = der(await buildCsrPem(generateWorkstationKey(), 'x'));
    bad[bad.length - 3]! ^= 0x01;
    await expect(
      issueCertificate(ca, {
        csrPem: pemOf(bad),
        subject: [['CN', 'x']],
        profile: { kind: 'client' },
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 86_400_000),
      }),
    ).rejects.toBeInstanceOf(CsrInvalidError);
  });
});

describe('no openssl program', () => {
  it('initialises a server, enrols a workstation and syncs with no openssl on PATH', () => {
    // PATH holds node and an `openssl` that only leaves a mark: any call to it would show.
    const bin = mkdtempSync(path.join(dir, 'bin-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const mark = path.join(dir, 'openssl-was-called');
    writeFileSync(path.join(bin, 'openssl'), `#!/bin/sh\necho "$@" >> '${mark}'\nexit 1\n`);
    chmodSync(path.join(bin, 'openssl'), 0o755);
    const env = { HOME: process.env['HOME'] ?? dir, PATH: bin, TMPDIR: tmpdir() };
    const script = path.join(import.meta.dirname, 'support', 'install-without-openssl.ts');
    const r = spawnSync(path.join(bin, 'node'), [script], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      municipality: '0139',
      synced: { accepted: 0, rejected: 0 },
    });
    expect(existsSync(mark)).toBe(false);
  });
});
