// Door codes at rest: sealed under a key file outside the database, bound to their row.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretSealer } from '../../../src/server/secrets/seal.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the secrets key and sealing', () => {
  it('makes a 0600 key at first use, and the same key opens what it sealed', () => {
    const file = path.join(dir, 'keys', 'secrets.key');
    const a = SecretSealer.open(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = a.seal({ doorCode: '4711', keyInformation: 'Nyckel i boxen' }, ['p', 'r']);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('4711');
    expect(Buffer.from(sealed.slice(3), 'base64').toString('latin1')).not.toContain('4711');
    const b = SecretSealer.open(file);
    expect(b.unseal(sealed, ['p', 'r'])).toEqual({ doorCode: '4711', keyInformation: 'Nyckel i boxen' });
  });

  it('does not open under another row, another key, or when altered', () => {
    const s = SecretSealer.open(path.join(dir, 'one.key'));
    const other = SecretSealer.open(path.join(dir, 'two.key'));
    const sealed = s.seal({ doorCode: '1234', keyInformation: null }, ['prov-a', 'rec-1']);
    expect(s.unseal(sealed, ['prov-b', 'rec-1'])).toBeNull();
    expect(s.unseal(sealed, ['prov-a', 'rec-2'])).toBeNull();
    expect(other.unseal(sealed, ['prov-a', 'rec-1'])).toBeNull();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(s.unseal(`v1:${raw.toString('base64')}`, ['prov-a', 'rec-1'])).toBeNull();
    expect(s.unseal('v0:abc', ['prov-a', 'rec-1'])).toBeNull();
    expect(s.unseal('v1:AAAA', ['prov-a', 'rec-1'])).toBeNull();
  });

  it('refuses a key file that is not 32 bytes', () => {
    const file = path.join(dir, 'short.key');
    writeFileSync(file, Buffer.alloc(16).toString('base64'));
    expect(() => SecretSealer.open(file)).toThrow(/not 32 bytes/);
    expect(readFileSync(file, 'utf8')).toBe(Buffer.alloc(16).toString('base64'));
  });
});
