// Pure pieces of the server and the shared sync contract.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/server/paths.ts';
import { readRunInfo, writeRunInfo } from '../../src/server/runFile.ts';
import {
  clientAddress,
  normaliseAddress,
  trustedProxySet,
  isLoopback,
} from '../../src/server/auth/addresses.ts';
import { canonicalJson } from '../../src/server/sync/canonical.ts';
import { compareVersions } from '../../src/shared/sync/headers.ts';
import { pushItemSchema, reconciliationDay } from '../../src/shared/sync/pushItems.ts';
import { enrolmentCodeSchema } from '../../src/shared/sync/enrolment.ts';
import { listMigrations } from '../../src/server/db/migrate.ts';
import { uuidv7 } from './helpers/ids.ts';

describe('source addresses', () => {
  it('normalises IPv4-mapped and compressed IPv6 spellings', () => {
    expect(normaliseAddress('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(normaliseAddress('::1')).toBe(normaliseAddress('0:0:0:0:0:0:0:1'));
    expect(normaliseAddress('[2001:db8::1]')).toBe('2001:0db8:0000:0000:0000:0000:0000:0001');
    expect(normaliseAddress('fe80::1%eth0')).toBe('fe80:0000:0000:0000:0000:0000:0000:0001');
    expect(normaliseAddress('not an ip')).toBeNull();
    expect(isLoopback('127.0.0.3')).toBe(true);
    expect(isLoopback('192.0.2.1')).toBe(false);
  });

  it('believes X-Forwarded-For only from a trusted proxy, taking the right-most untrusted hop', () => {
    const proxies = trustedProxySet(['10.0.0.5', '10.0.0.6']);
    expect(clientAddress('192.0.2.9', '198.51.100.1', proxies)).toBe('192.0.2.9');
    expect(clientAddress('::ffff:10.0.0.5', '198.51.100.1', proxies)).toBe('198.51.100.1');
    // A client-written hop on the left is ignored; the proxies' own hops are skipped.
    expect(clientAddress('10.0.0.5', '203.0.113.7, 198.51.100.1, 10.0.0.6', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.5', undefined, proxies)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', 'garbage', proxies)).toBeNull();
  });
});

describe('client versions', () => {
  it('orders dotted versions with pre-releases first', () => {
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
    expect(compareVersions('0.2.0', '0.10.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('garbage', '0.1.0')).toBeLessThan(0);
  });
});

describe('content hashing', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('the shared push contract', () => {
  const reg = {
    type: 'registration',
    id: uuidv7(),
    penSerial: 'P1',
    sequence: 7,
    tagUid: '04a1b2c3',
    penTime: '2026-03-29T00:30:00+01:00',
    correctedTime: null,
    kind: 'depart',
    flags: ['clockSkew'],
    receivedAt: '2026-03-29T12:00:00Z',
  };
  it('accepts a registration and counts it under its UTC day', () => {
    const item = pushItemSchema.parse(reg);
    expect(reconciliationDay(item)).toBe('2026-03-28');
  });
  it('refuses a non-v7 id, upper-case hex and an unknown kind', () => {
    expect(pushItemSchema.safeParse({ ...reg, id: '0b7c1f2e-1d3a-4c5b-8e9f-0a1b2c3d4e5f' }).success).toBe(
      false,
    );
    expect(pushItemSchema.safeParse({ ...reg, tagUid: '04A1B2C3' }).success).toBe(false);
    expect(pushItemSchema.safeParse({ ...reg, kind: 'lunch' }).success).toBe(false);
  });
  it('takes enrolment codes however they are typed', () => {
    expect(enrolmentCodeSchema.parse(' abcd-efgh-jklm-npqr ')).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(enrolmentCodeSchema.safeParse('ABCD-EFGH-JKLM-NPQ0').success).toBe(false);
  });
});

describe('server migrations', () => {
  it('are numbered without gaps', () => {
    const names = listMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    names.forEach((n, i) => expect(n.startsWith(String(i + 1).padStart(4, '0'))).toBe(true));
  });
});

describe('the run file', () => {
  it('ignores a dead server, reads a live one, and refuses one it cannot read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'caredock-run-'));
    try {
      const paths = dataPaths(dir);
      expect(readRunInfo(paths)).toBeNull();
      writeRunInfo(paths, { pid: process.pid, port: 8443, host: '127.0.0.1', adminPort: 40123 });
      expect(readRunInfo(paths)).toEqual({
        pid: process.pid,
        port: 8443,
        host: '127.0.0.1',
        adminPort: 40123,
      });
      // A server of an older version (no admin listener) still running: never open its database.
      writeFileSync(
        path.join(dir, 'server.run.json'),
        JSON.stringify({ pid: process.pid, port: 8443, host: '127.0.0.1' }),
      );
      expect(() => readRunInfo(paths)).toThrow(/another CareDock version/);
      // …but one that is gone is a stale file.
      writeFileSync(
        path.join(dir, 'server.run.json'),
        JSON.stringify({ pid: 2 ** 22 + 7, port: 8443, host: 'x' }),
      );
      expect(readRunInfo(paths)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
