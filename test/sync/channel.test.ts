// The channel as the workstation meets it: TLS 1.3 with the pinned CA and its certificate, from
// its registered fixed address; every refusal paused with the catalogue's message until a person
// retries.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeWorkstation } from '../../src/server/admin/workstations.ts';
import { workstations } from '../../src/server/db/schema.ts';
import { syncErrorBodySchema } from '../../src/shared/sync/errors.ts';
import type { EventMessage } from '../../src/shared/api/index.ts';
import type { SyncStatus } from '../../src/shared/api/procedures/sync.ts';
import { withAdmin, type TestCore } from '../helpers/core.ts';
import {
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  PROVIDER_A,
  REGISTERED,
  UNREGISTERED,
  addRegistrations,
  install,
  outboxStates,
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

async function failureOf(p: Promise<unknown>): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; params: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

async function installed(): Promise<TestCore> {
  const tc = await workstation();
  await install(world, tc, MUNICIPALITY_A, PROVIDER_A);
  return tc;
}

describe('the server refuses clients that are not workstations', () => {
  it('refuses TLS 1.2 at the handshake and a client without a certificate with a code', async () => {
    await expect(world.fx.raw({ path: '/v1/time', maxVersion: 'TLSv1.2' })).rejects.toThrow();
    const res = await world.fx.raw({
      path: '/v1/time',
      localAddress: REGISTERED,
      municipalityId: MUNICIPALITY_A,
    });
    expect(res.status).toBe(401);
    expect(syncErrorBodySchema.parse(res.json).error.code).toBe('sync.certificateMissing');
  });
});

describe('fixed address', () => {
  it('syncs from 127.0.0.2 (registered), pauses from 127.0.0.3 (not) naming the address, and resumes on retry', async () => {
    const tc = await installed();
    try {
      // Live sync status goes to logged-in sessions only.
      const client = tc.core.connect();
      await withAdmin(client);
      const seen: SyncStatus[] = [];
      client.subscribe((m: EventMessage) => {
        if (m.event === 'sync.changed') seen.push(m.payload as SyncStatus);
      });
      addRegistrations(tc.core.database.sqlite, 5);
      await tc.core.sync.runOnce();
      expect(tc.core.sync.status()).toMatchObject({ state: 'idle', seenAddress: REGISTERED, waiting: 0 });

      tc.core.sync.setSourceAddress(UNREGISTERED);
      addRegistrations(tc.core.database.sqlite, 2);
      const f = await failureOf(tc.core.sync.runOnce());
      expect(f).toMatchObject({
        code: 'sync.addressNotRegistered',
        params: { address: UNREGISTERED, provider: 'Omsorg AB' },
      });
      expect(tc.core.sync.status()).toMatchObject({
        state: 'paused',
        waiting: 2,
        error: { code: 'sync.addressNotRegistered', params: { address: UNREGISTERED } },
      });
      expect(seen.at(-1)?.state).toBe('paused');
      // The loop does not hammer the server while paused.
      const attempted = tc.core.sync.status().lastAttemptAt;
      expect(await tc.core.sync.runOnce('loop')).toEqual({
        accepted: 0,
        duplicate: 0,
        rejected: 0,
        pulled: 0,
      });
      expect(tc.core.sync.status().lastAttemptAt).toBe(attempted);

      tc.core.sync.setSourceAddress(REGISTERED);
      expect(await tc.core.sync.runOnce('user')).toMatchObject({ accepted: 2 });
      expect(tc.core.sync.status()).toMatchObject({ state: 'idle', error: null, waiting: 0 });
    } finally {
      await tc.cleanup();
    }
  });

  it('pauses with sourceAddressInvalid when the address is not this PC’s', async () => {
    const tc = await installed();
    try {
      tc.core.sync.setSourceAddress('192.0.2.77');
      const f = await failureOf(tc.core.sync.runOnce());
      expect(f).toMatchObject({ code: 'sync.sourceAddressInvalid', params: { address: '192.0.2.77' } });
      expect(tc.core.sync.status().state).toBe('paused');
    } finally {
      await tc.cleanup();
    }
  });
});

describe('certificates and municipality', () => {
  it('shows certificateExpired with the date when the server says the certificate has expired', async () => {
    const tc = await installed();
    try {
      const id = tc.core.sync.status().workstation?.id ?? '';
      await world.fx.server.ctx.database.db
        .update(workstations)
        .set({ certNotAfter: new Date(Date.now() - 60_000) })
        .where(eq(workstations.id, id));
      addRegistrations(tc.core.database.sqlite, 1);
      const f = await failureOf(tc.core.sync.runOnce());
      expect(f.code).toBe('sync.certificateExpired');
      expect(f.params.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(tc.core.sync.status()).toMatchObject({ state: 'paused', waiting: 1 });
    } finally {
      await tc.cleanup();
    }
  });

  it('shows certificateRevoked after the municipality revokes the workstation', async () => {
    const tc = await installed();
    try {
      await revokeWorkstation(world.fx.server.ctx, {
        workstationId: tc.core.sync.status().workstation?.id ?? '',
      });
      expect((await failureOf(tc.core.sync.runOnce())).code).toBe('sync.certificateRevoked');
      expect(tc.core.sync.status().error?.code).toBe('sync.certificateRevoked');
    } finally {
      await tc.cleanup();
    }
  });

  it('shows wrongMunicipality when the certificate belongs to another municipality than the profile', async () => {
    const tc = await installed();
    try {
      tc.core.database.sqlite.prepare('update sync_installation set municipality_id = ?').run(MUNICIPALITY_B);
      expect((await failureOf(tc.core.sync.runOnce())).code).toBe('sync.wrongMunicipality');
    } finally {
      await tc.cleanup();
    }
  });

  it('shows updateRequired with the version the server needs', async () => {
    const tc = await workstation({ version: '0.0.9' });
    try {
      const f = await failureOf(install(world, tc, MUNICIPALITY_A, PROVIDER_A));
      expect(f).toMatchObject({ code: 'sync.updateRequired', params: { version: '0.1.0' } });
    } finally {
      await tc.cleanup();
    }
  });

  it('pauses with keyMissing when the private key is gone', async () => {
    const tc = await installed();
    try {
      const { rmSync } = await import('node:fs');
      rmSync(`${tc.dir}/sync/workstation-key.pem`);
      tc.core.sync.setSourceAddress(REGISTERED); // drops the open channel
      expect((await failureOf(tc.core.sync.runOnce())).code).toBe('sync.keyMissing');
      expect(outboxStates(tc.core.database.sqlite)).toEqual({});
    } finally {
      await tc.cleanup();
    }
  });
});
