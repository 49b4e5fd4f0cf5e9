// Installing a workstation for a municipality against the real server: key pair, CSR made with
// @peculiar/x509, enrolment, the key in a 0600 file, and the refusals a person can act on.
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsrPem, generateWorkstationKey } from '../../src/main/sync/csr.ts';
import { encryptedFileKeyStore } from '../../src/main/sync/keystore.ts';
import { tempDir, withAdmin, ok, failure } from '../helpers/core.ts';
import {
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  PROVIDER_A,
  PROVIDER_B,
  UNREGISTERED,
  addRegistrations,
  install,
  startWorld,
  workstation,
  type World,
} from './helpers/world.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('certificate request', () => {
  it('is a PKCS#10 request whose self-signature openssl verifies', async () => {
    const keys = generateWorkstationKey();
    const pem = await buildCsrPem(keys, 'Kontoret, dator 2 – åäö');
    const file = path.join(tempDir(), 'req.pem');
    writeFileSync(file, pem);
    // OpenSSL 3.0 exits 0 even when the self-signature fails, so read what it says.
    const verify = (f: string) => {
      const r = spawnSync('openssl', ['req', '-in', f, '-noout', '-verify', '-text'], { encoding: 'utf8' });
      return `${r.stdout}${r.stderr}`;
    };
    const text = verify(file);
    expect(text).toMatch(/verify OK/);
    expect(text).toMatch(/ASN1 OID: prime256v1/);
    expect(text).toMatch(/ecdsa-with-SHA256/);
    // A flipped byte in the signed part breaks the signature.
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[40] = (der[40] ?? 0) ^ 0x01;
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    writeFileSync(file, bad);
    expect(verify(file)).not.toMatch(/verify OK/);
  });
});

describe('install for a municipality', () => {
  it('enrols, keeps the key in a 0600 file, shows the installation, and refuses a second install', async () => {
    const tc = await workstation();
    try {
      const client = tc.core.connect();
      await withAdmin(client);
      expect((await ok(client, 'sync.status', {})).state).toBe('notInstalled');
      const status = await ok(client, 'sync.install', {
        profile: await world.profile(MUNICIPALITY_A),
        code: await world.code(PROVIDER_A),
        workstationName: 'Kontoret, dator 1',
        sourceAddress: '127.0.0.2',
      });
      expect(status).toMatchObject({
        state: 'idle',
        municipality: { id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' },
        provider: { id: PROVIDER_A, name: 'Omsorg AB' },
        sourceAddress: '127.0.0.2',
        keyProtection: 'file',
      });
      expect(Date.parse(status.certificateNotAfter ?? '')).toBeGreaterThan(Date.now() + 300 * 86_400_000);
      const keyFile = path.join(tc.dir, 'sync', 'workstation-key.pem');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      // The key is nowhere in the database.
      const dump = tc.core.database.sqlite.prepare('select * from sync_installation').get();
      expect(JSON.stringify(dump)).not.toMatch(/PRIVATE KEY/);

      // The first sync tells us what the server saw and the clock offset.
      await ok(client, 'sync.now', {});
      const after = await ok(client, 'sync.status', {});
      expect(after.seenAddress).toBe('127.0.0.2');
      expect(Math.abs(after.serverOffsetMs ?? 1e9)).toBeLessThan(2_000);
      expect(after.lastSuccessAt).not.toBeNull();

      expect(
        await failure(client, 'sync.install', {
          profile: await world.profile(MUNICIPALITY_B),
          code: await world.code(PROVIDER_B),
        }),
      ).toBe('sync.alreadyInstalled');

      // Reset refuses while anything is unsynced, then works once everything is sent.
      addRegistrations(tc.core.database.sqlite, 3);
      expect(await failure(client, 'sync.reset', {})).toBe('sync.resetUnsynced');
      await ok(client, 'sync.now', {});
      expect((await ok(client, 'sync.reset', {})).state).toBe('notInstalled');
      expect(() => statSync(keyFile)).toThrow();
      // …and another municipality may now be installed.
      const b = await ok(client, 'sync.install', {
        profile: await world.profile(MUNICIPALITY_B),
        code: await world.code(PROVIDER_B),
        sourceAddress: '127.0.0.2',
      });
      expect(b.municipality?.id).toBe(MUNICIPALITY_B);
      // Nothing of municipality A's is queued towards B.
      expect(tc.core.database.sqlite.prepare('select count(*) as n from outbox').get()).toEqual({ n: 0 });
    } finally {
      await tc.cleanup();
    }
  });

  it('explains a bad profile, a used code, an unregistered address and a code of another municipality', async () => {
    const tc = await workstation();
    try {
      const sync = tc.core.sync;
      const code = async (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: unknown) => (e as { code?: string }).code,
        );
      expect(await code(sync.install({ profile: '{"format":"nope"}', code: 'AAAA-BBBB-CCCC-DDDD' }))).toBe(
        'sync.profileInvalid',
      );
      const used = await world.code(PROVIDER_A);
      const other = await workstation();
      try {
        await other.core.sync.install({
          profile: await world.profile(MUNICIPALITY_A),
          code: used,
          sourceAddress: '127.0.0.2',
        });
      } finally {
        await other.cleanup();
      }
      expect(
        await code(
          sync.install({
            profile: await world.profile(MUNICIPALITY_A),
            code: used,
            sourceAddress: '127.0.0.2',
          }),
        ),
      ).toBe('sync.enrolmentRefused');
      let err: unknown;
      await sync
        .install({
          profile: await world.profile(MUNICIPALITY_A),
          code: await world.code(PROVIDER_A),
          sourceAddress: UNREGISTERED,
        })
        .catch((e: unknown) => (err = e));
      // The same answer as for a bad code (a guesser learns nothing), naming the address.
      expect(err).toMatchObject({ code: 'sync.enrolmentRefused', params: { address: UNREGISTERED } });
      expect(
        await code(
          sync.install({
            profile: await world.profile(MUNICIPALITY_A),
            code: await world.code(PROVIDER_B),
            sourceAddress: '127.0.0.2',
          }),
        ),
      ).toBe('sync.wrongMunicipality');
      // A profile whose CA is not the server's: the server cannot prove who it is.
      const profile = JSON.parse(await world.profile(MUNICIPALITY_A)) as Record<string, string>;
      const foreign = execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          '/dev/null',
          '-subj',
          '/CN=Fake CA',
          '-days',
          '1',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(
        await code(
          sync.install({
            profile: JSON.stringify({ ...profile, caCertificatePem: foreign }),
            code: await world.code(PROVIDER_A),
            sourceAddress: '127.0.0.2',
          }),
        ),
      ).toBe('sync.serverUntrusted');
      expect(sync.status().state).toBe('notInstalled');
    } finally {
      await tc.cleanup();
    }
  });

  it('keeps the key encrypted when the shell provides encryption (Electron safeStorage)', async () => {
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const tc = await workstation({
      keyStore: encryptedFileKeyStore(
        (s) => xor(Buffer.from(s, 'utf8')),
        (b) => xor(b).toString('utf8'),
      ),
    });
    try {
      const s = await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      expect(s.keyProtection).toBe('os-encrypted');
      const file = path.join(tc.dir, 'sync', 'workstation-key.enc');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await tc.core.sync.runOnce();
      expect(tc.core.sync.status().lastSuccessAt).not.toBeNull();
    } finally {
      await tc.cleanup();
    }
  });
});
