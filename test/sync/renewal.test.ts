// Certificate renewal end to end: the real central server and the real workstation core over
// mutual TLS. The workstation is enrolled with the server's clock 700 days back, so its 730-day
// certificate has a month left when the clock comes back to today: the console lists it as
// expiring, one sync pass renews it, the next pass runs on the new certificate, and the console
// no longer lists it. Then: a refused renewal leaves sync working and shows in the status, and a
// crash between the writes of a renewal leaves a pair that works.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workstations } from '../../src/server/db/schema.ts';
import { fileKeyStore, type KeyStore, type KeyStoreFactory } from '../../src/main/sync/keystore.ts';
import { identityKey, keyMatchesCertificate, renewalDue } from '../../src/main/sync/renewal.ts';
import type { TestCore } from '../helpers/core.ts';
import { consoleBrowser, type ConsoleBrowser } from '../server/console/browser.ts';
import { firstSignIn } from '../server/console/signIn.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  addRegistrations,
  install,
  startWorld,
  workstation,
  type World,
} from './helpers/world.ts';

const DAY_MS = 86_400_000;
let world: World;
/** The server's clock runs this far from the real one (a certificate's dates are real to TLS). */
let serverOffsetMs = 0;
let admin: ConsoleBrowser;

beforeAll(async () => {
  world = await startWorld({ engine: 'pglite', dataDir: null }, () => new Date(Date.now() + serverOffsetMs));
  admin = consoleBrowser(world.fx.server.consoleUrl ?? '', world.fx.server.ctx.paths);
  await firstSignIn(world.fx.server.ctx, admin, 'anna.admin', ['municipalityAdmin']);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

/** A workstation whose certificate was issued 700 days ago (so it expires within 30 days). */
async function oldWorkstation(dataDir?: string, keyStore?: KeyStoreFactory): Promise<TestCore> {
  const tc = await workstation({ ...(dataDir ? { dataDir } : {}), ...(keyStore ? { keyStore } : {}) });
  serverOffsetMs = -700 * DAY_MS;
  try {
    await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
  } finally {
    serverOffsetMs = 0;
  }
  return tc;
}

async function serverRow(id: string) {
  const [w] = await world.fx.server.ctx.database.db
    .select()
    .from(workstations)
    .where(eq(workstations.id, id));
  if (!w) throw new Error(`no workstation ${id}`);
  return w;
}

async function expiringIds(): Promise<string[]> {
  const rows = await admin.ok<{ id: string }[]>('workstations.expiring', { withinDays: 30 });
  return rows.map((r) => r.id);
}

function keyFile(tc: TestCore): string {
  return path.join(tc.dir, 'sync', 'workstation-key.pem');
}

describe('certificate renewal over the sync channel', () => {
  it('renews in one sync pass, uses the new certificate on the next, and the console stops listing it', async () => {
    const tc = await oldWorkstation();
    try {
      const sync = tc.core.sync;
      const before = sync.status();
      const id = before.workstation?.id ?? '';
      expect(Date.parse(before.certificateNotAfter ?? '')).toBeLessThan(Date.now() + 31 * DAY_MS);
      expect(before.certificateRenewedAt).toBeNull();
      expect(await expiringIds()).toContain(id);
      const oldFingerprint = (await serverRow(id)).certFingerprint;

      addRegistrations(tc.core.database.sqlite, 3);
      const first = await sync.runOnce();
      expect(first.accepted).toBe(3); // the pass itself ran on the old certificate
      const after = sync.status();
      expect(Date.parse(after.certificateNotAfter ?? '')).toBeGreaterThan(Date.now() + 700 * DAY_MS);
      expect(after.certificateRenewedAt).not.toBeNull();
      expect(after.certificateRenewalError).toBeNull();
      expect(after.state).toBe('idle');

      // Stored: the row's certificate and the key file are one pair, and nothing is pending.
      const inst = sync.installation();
      if (!inst) throw new Error('not installed');
      expect(keyMatchesCertificate(readFileSync(keyFile(tc), 'utf8'), inst.certificatePem)).toBe(true);
      expect(existsSync(`${keyFile(tc)}.next`)).toBe(false);
      const row = await serverRow(id);
      expect(row.certFingerprint).toBe(new X509Certificate(inst.certificatePem).fingerprint256);
      expect(row.previousCertFingerprint).toBe(oldFingerprint);
      expect(await expiringIds()).not.toContain(id);
      const listed = await admin.ok<{ id: string; renewedAt: string | null; certNotAfter: string }[]>(
        'workstations.list',
        {},
      );
      const shown = listed.find((w) => w.id === id);
      expect(shown?.renewedAt).not.toBeNull();
      expect(Date.parse(shown?.certNotAfter ?? '')).toBe(Date.parse(after.certificateNotAfter ?? ''));
      expect(renewalDue(inst.certificatePem, 30 * DAY_MS, new Date())).toBe(false);

      // The next pass connects with the new certificate: the server retires the old one then.
      addRegistrations(tc.core.database.sqlite, 2);
      expect((await sync.runOnce()).accepted).toBe(2);
      expect((await serverRow(id)).previousCertFingerprint).toBeNull();
      expect(sync.status().certificateRenewedAt).toBe(after.certificateRenewedAt);
    } finally {
      await tc.cleanup();
    }
  });

  it('keeps syncing when the server refuses a renewal, shows why, and renews at a later pass', async () => {
    const tc = await oldWorkstation();
    try {
      const sync = tc.core.sync;
      const id = sync.status().workstation?.id ?? '';
      const { db } = world.fx.server.ctx.database;
      // Renewed a minute ago as far as the server knows: the hourly limit refuses a new key.
      await db
        .update(workstations)
        .set({ renewedAt: new Date(Date.now() - 60_000) })
        .where(eq(workstations.id, id));
      addRegistrations(tc.core.database.sqlite, 2);
      expect((await sync.runOnce()).accepted).toBe(2);
      const refused = sync.status();
      expect(refused.state).toBe('idle');
      expect(refused.error).toBeNull();
      expect(refused.certificateRenewalError?.code).toBe('sync.renewalTooSoon');
      expect(Number(refused.certificateRenewalError?.params['minutes'])).toBeGreaterThan(50);
      expect(refused.certificateRenewedAt).toBeNull();
      const pending = readFileSync(`${keyFile(tc)}.next`, 'utf8');

      await db.update(workstations).set({ renewedAt: null }).where(eq(workstations.id, id));
      await sync.runOnce();
      const renewed = sync.status();
      expect(renewed.certificateRenewalError).toBeNull();
      expect(renewed.certificateRenewedAt).not.toBeNull();
      // The key of the refused attempt was asked for again, not a third one.
      expect(readFileSync(keyFile(tc), 'utf8')).toBe(pending);
      expect(await expiringIds()).not.toContain(id);
    } finally {
      await tc.cleanup();
    }
  });
});

describe('when renewal is due', () => {
  it('is under 30 days left, or under half the lifetime for a short certificate', async () => {
    const tc = await oldWorkstation();
    try {
      const pem = tc.core.sync.installation()?.certificatePem ?? '';
      const notAfter = new X509Certificate(pem).validToDate.getTime();
      expect(renewalDue(pem, 30 * DAY_MS, new Date(notAfter - 31 * DAY_MS))).toBe(false);
      expect(renewalDue(pem, 30 * DAY_MS, new Date(notAfter - 29 * DAY_MS))).toBe(true);
      // A window longer than half the lifetime is cut to half: a 730-day certificate asked to
      // renew 1000 days ahead renews after 365 days, not at every pass.
      expect(renewalDue(pem, 1000 * DAY_MS, new Date(notAfter - 366 * DAY_MS))).toBe(false);
      expect(renewalDue(pem, 1000 * DAY_MS, new Date(notAfter - 364 * DAY_MS))).toBe(true);
      expect(renewalDue('not a certificate', 30 * DAY_MS, new Date())).toBe(false);
    } finally {
      await tc.cleanup();
    }
  });

  it('can be judged ahead of the clock for a browser test (renewalClockOffsetMs)', async () => {
    const tc = await workstation({ renewalClockOffsetMs: 710 * DAY_MS });
    try {
      await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
      const before = tc.core.sync.installation()?.certificatePem;
      await tc.core.sync.runOnce();
      expect(tc.core.sync.status().certificateRenewedAt).not.toBeNull();
      expect(tc.core.sync.installation()?.certificatePem).not.toBe(before);
    } finally {
      await tc.cleanup();
    }
  });
});

/** A file key store that dies (throws, as a kill would stop it) at one step of a renewal. */
function dyingAt(step: 'afterSavePending' | 'beforePromote'): KeyStoreFactory {
  return (dataDir) => {
    const real = fileKeyStore(dataDir);
    const store: KeyStore = {
      ...real,
      savePending: (pem) => {
        real.savePending(pem);
        if (step === 'afterSavePending') throw new Error('killed after the pending key was written');
      },
      promotePending: () => {
        if (step === 'beforePromote') throw new Error('killed before the key was moved into place');
        real.promotePending();
      },
    };
    return store;
  };
}

describe('a renewal cut short', () => {
  it('after the new key is written: the old pair works, and the next pass asks for that same key', async () => {
    const tc = await oldWorkstation(undefined, dyingAt('afterSavePending'));
    const dir = tc.dir;
    const oldKey = readFileSync(keyFile(tc), 'utf8');
    await tc.core.sync.runOnce();
    expect(tc.core.sync.status().certificateRenewalError?.code).toBe('internal.unexpected');
    const pending = readFileSync(`${keyFile(tc)}.next`, 'utf8');
    await tc.core.close();

    const again = await workstation({ dataDir: dir });
    try {
      const inst = again.core.sync.installation();
      if (!inst) throw new Error('not installed');
      // Still the old certificate and the old key: one pair.
      expect(identityKey(fileKeyStore(dir), inst)).toBe(oldKey);
      addRegistrations(again.core.database.sqlite, 1);
      expect((await again.core.sync.runOnce()).accepted).toBe(1);
      const renewed = again.core.sync.installation();
      expect(renewed?.certificatePem).not.toBe(inst.certificatePem);
      expect(readFileSync(keyFile(again), 'utf8')).toBe(pending);
      expect(keyMatchesCertificate(pending, renewed?.certificatePem ?? '')).toBe(true);
      addRegistrations(again.core.database.sqlite, 1);
      expect((await again.core.sync.runOnce()).accepted).toBe(1);
    } finally {
      await again.cleanup();
    }
  });

  it('after the certificate is stored but before the key is moved: the next start finds the new pair', async () => {
    const tc = await oldWorkstation(undefined, dyingAt('beforePromote'));
    const dir = tc.dir;
    const oldKey = readFileSync(keyFile(tc), 'utf8');
    await tc.core.sync.runOnce();
    const pending = readFileSync(`${keyFile(tc)}.next`, 'utf8');
    await tc.core.close();

    const again = await workstation({ dataDir: dir });
    try {
      const inst = again.core.sync.installation();
      if (!inst) throw new Error('not installed');
      // The row has the new certificate; the key file still has the old key.
      expect(keyMatchesCertificate(oldKey, inst.certificatePem)).toBe(false);
      expect(keyMatchesCertificate(pending, inst.certificatePem)).toBe(true);
      addRegistrations(again.core.database.sqlite, 1);
      expect((await again.core.sync.runOnce()).accepted).toBe(1);
      // Opening the channel finished the move: one key file, the new one.
      expect(readFileSync(keyFile(again), 'utf8')).toBe(pending);
      expect(existsSync(`${keyFile(again)}.next`)).toBe(false);
      const row = await serverRow(inst.workstationId);
      expect(row.certFingerprint).toBe(new X509Certificate(inst.certificatePem).fingerprint256);
      expect(row.previousCertFingerprint).toBeNull(); // the new certificate was used
    } finally {
      await again.cleanup();
    }
  });
});
