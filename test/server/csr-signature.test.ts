import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCsrSignature } from '../../src/server/pki/csr-signature.ts';

function makeCsr(keyArgs: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csr-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      ...keyArgs,
      '-nodes',
      '-keyout',
      path.join(dir, 'k.pem'),
      '-subj',
      '/CN=ws-1',
      '-out',
      path.join(dir, 'r.pem'),
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(path.join(dir, 'r.pem'), 'utf8');
}

function flipSignatureBit(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 3]! ^= 0x01; // inside the signature, the last element
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
}

describe('certificate request self-signature', () => {
  it('accepts EC and RSA requests that openssl made', () => {
    expect(verifyCsrSignature(makeCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'])).asymmetricKeyType).toBe(
      'ec',
    );
    expect(verifyCsrSignature(makeCsr(['rsa:2048'])).asymmetricKeyType).toBe('rsa');
  });

  it('refuses a request whose signature was tampered with, which openssl 3.0 lets through', () => {
    const forged = flipSignatureBit(makeCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']));
    expect(() => verifyCsrSignature(forged)).toThrow();
    expect(() => verifyCsrSignature('garbage')).toThrow();
  });
});
