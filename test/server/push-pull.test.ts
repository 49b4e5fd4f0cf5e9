// The server's push and pull rules called directly on an in-memory PGlite, without HTTP: what each
// item in a batch is answered, which corrections are known, whose ids collide, and how pages are
// cut. The server suite (suite/push.ts, suite/pull.ts) runs the same paths over the real channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/server/auth/principal.ts';
import type { ServerDb } from '../../src/server/db/database.ts';
import type { PGlite } from '@electric-sql/pglite';
import { SyncError } from '../../src/server/errors.ts';
import { deleteEntity, purgeTombstones, putEntity } from '../../src/server/sync/entities.ts';
import { pullChanges } from '../../src/server/sync/pull.ts';
import { pushItems } from '../../src/server/sync/push.ts';
import { registration, staff } from './suite/support.ts';
import { uuidv7 } from './helpers/ids.ts';
import { migratedPglite } from './helpers/migrated-pglite.ts';

let client: PGlite;
let db: ServerDb;
const A: Principal = {
  workstationId: '0190a5b2-0000-7000-8000-00000000000a',
  providerId: 'prov-a',
  municipalityId: '0139',
  sourceAddress: '127.0.0.2',
  certificateNotAfter: new Date('2030-01-01T00:00:00Z'),
  certificateFingerprint: 'AA:BB',
};
const B: Principal = { ...A, workstationId: '0190a5b2-0000-7000-8000-00000000000b', providerId: 'prov-b' };

beforeAll(async () => {
  ({ client, db } = await migratedPglite());
  await client.exec(`INSERT INTO municipalities (id, name) VALUES ('0139', 'Upplands-Bro kommun');
    INSERT INTO providers (id, municipality_id, name) VALUES ('prov-a', '0139', 'A'), ('prov-b', '0139', 'B'),
      ('prov-c', '0139', 'C');`);
});
afterAll(async () => {
  await client.close();
});

const push = (who: Principal, items: unknown[]) => pushItems(db, who, items);
const correction = (correctsId: string, over: Record<string, unknown> = {}) => ({
  type: 'correction',
  id: uuidv7(),
  correctsId,
  reason: 'Fel tagg',
  changes: { void: true },
  createdAt: '2026-03-02T17:00:00Z',
  createdBy: 'anna',
  ...over,
});

describe('push', () => {
  it('answers each item by its index: accepted, then duplicate on re-send, conflict for new content', async () => {
    const reg = registration();
    expect(await push(A, [reg])).toEqual([{ index: 0, id: reg['id'], status: 'accepted' }]);
    expect(await push(A, [registration(), reg])).toMatchObject([
      { index: 0, status: 'accepted' },
      { index: 1, id: reg['id'], status: 'duplicate' },
    ]);
    expect(await push(A, [{ ...reg, kind: 'depart' }])).toEqual([
      {
        index: 0,
        id: reg['id'],
        status: 'rejected',
        code: 'sync.conflict',
        retryable: false,
        message: 'another item with this id, different content, is already on the server',
      },
    ]);
  });

  it('an invalid item is rejected with its id when it has one, the rest of the batch stored', async () => {
    const good = registration();
    const bad: Record<string, unknown> = { ...registration(), tagUid: 'not-hex' };
    const [r0, r1, r2, r3] = await push(A, [bad, good, { id: 42 }, 'junk']);
    expect(r0).toMatchObject({
      index: 0,
      id: bad['id'],
      status: 'rejected',
      code: 'sync.invalidItem',
      retryable: false,
    });
    expect(r0?.status === 'rejected' && r0.message && r0.message.length > 0 && r0.message.length <= 500).toBe(
      true,
    );
    expect(r1).toEqual({ index: 1, id: good['id'], status: 'accepted' });
    expect(r2).toMatchObject({ index: 2, id: null, code: 'sync.invalidItem' });
    expect(r3).toMatchObject({ index: 3, id: null, code: 'sync.invalidItem' });
  });

  it('a repeated id in one batch: the same content is a duplicate, other content a conflict', async () => {
    const reg = registration();
    expect(
      (await push(A, [reg, reg, { ...reg, kind: 'depart' }])).map((r) => [
        r.index,
        r.status,
        'code' in r ? r.code : null,
      ]),
    ).toEqual([
      [0, 'accepted', null],
      [1, 'duplicate', null],
      [2, 'rejected', 'sync.conflict'],
    ]);
  });

  it('a repeat of an item whose first copy was rejected is answered as the first, never duplicate', async () => {
    // The client drops an item answered duplicate: that must never be one the server did not store.
    const orphan = correction(uuidv7());
    const results = await push(A, [orphan, orphan]);
    expect(results).toEqual([
      {
        index: 0,
        id: orphan.id,
        status: 'rejected',
        code: 'sync.unknownReference',
        retryable: true,
        message: 'the corrected registration has not reached the server yet',
      },
      {
        index: 1,
        id: orphan.id,
        status: 'rejected',
        code: 'sync.unknownReference',
        retryable: true,
        message: 'the corrected registration has not reached the server yet',
      },
    ]);
  });

  it('a correction is known when its registration came in this batch or an earlier push', async () => {
    const earlier = registration();
    await push(A, [earlier]);
    const now = registration();
    const results = await push(A, [
      correction(earlier['id'] as string),
      correction(now['id'] as string),
      now,
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('a correction of another provider’s registration, or of a correction, is unknown', async () => {
    const theirs = registration();
    await push(B, [theirs]);
    const fix = correction(theirs['id'] as string);
    expect(await push(A, [fix])).toMatchObject([{ status: 'rejected', code: 'sync.unknownReference' }]);
    const reg = registration();
    const first = correction(reg['id'] as string);
    await push(A, [reg, first]);
    expect(await push(A, [correction(first.id)])).toMatchObject([
      { status: 'rejected', code: 'sync.unknownReference' },
    ]);
  });

  it('another provider’s item under the same id is a conflict, not a duplicate', async () => {
    const reg = registration();
    expect(await push(A, [reg])).toMatchObject([{ status: 'accepted' }]);
    expect(await push(B, [reg])).toMatchObject([{ status: 'rejected', code: 'sync.conflict' }]);
    expect(await push(A, [reg])).toMatchObject([{ status: 'duplicate' }]);
  });

  it('records what it stored in the audit, by type, once per push that stored something', async () => {
    const rows = async () => {
      const r = await client.query<{ details: { accepted: number; types: Record<string, number> } }>(
        `SELECT details FROM server_audit WHERE action = 'push.accepted' AND provider_id = 'prov-c' ORDER BY id`,
      );
      return r.rows.map((row) => row.details);
    };
    const C: Principal = { ...A, providerId: 'prov-c' };
    const reg = registration();
    await push(C, [reg, registration(), correction(reg['id'] as string)]);
    await push(C, [reg]);
    expect(await rows()).toEqual([
      { accepted: 3, types: { registration: 2, correction: 1 }, sourceAddress: '127.0.0.2' },
    ]);
  });

  it('stores a batch larger than one insert chunk whole', async () => {
    const items = Array.from({ length: 1203 }, () => registration());
    const results = await push(A, items);
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(1203);
    expect(results.map((r) => r.index)).toEqual(items.map((_, i) => i));
    const again = await push(A, items);
    expect(again.filter((r) => r.status === 'duplicate')).toHaveLength(1203);
  });
});

describe('pull', () => {
  const P = 'prov-b';

  it('pages in commit order, each page cut to the limit, the last saying there is no more', async () => {
    const start = (await pullChanges(db, P, '0', 10_000)).nextCursor;
    for (let i = 0; i < 5; i++) await putEntity(db, P, 'staff', staff(`st-${i}`, `Person ${i}`));
    const now = new Date('2026-03-02T12:00:00Z');
    const first = await pullChanges(db, P, start, 2, now);
    expect(first.changes.map((c) => c.id)).toEqual(['st-0', 'st-1']);
    expect(first).toMatchObject({ hasMore: true, serverTime: '2026-03-02T12:00:00.000Z' });
    const second = await pullChanges(db, P, first.nextCursor, 2, now);
    expect(second.changes.map((c) => c.id)).toEqual(['st-2', 'st-3']);
    expect(second.hasMore).toBe(true);
    const third = await pullChanges(db, P, second.nextCursor, 2, now);
    expect(third.changes.map((c) => c.id)).toEqual(['st-4']);
    expect(third.hasMore).toBe(false);
    const exact = await pullChanges(db, P, second.nextCursor, 1, now);
    expect(exact).toMatchObject({ hasMore: false, nextCursor: third.nextCursor });
    expect(BigInt(third.nextCursor)).toBeGreaterThan(BigInt(second.nextCursor));
    // Nothing new: the cursor stays where it was.
    const idle = await pullChanges(db, P, third.nextCursor, 2, now);
    expect(idle).toMatchObject({ changes: [], nextCursor: third.nextCursor, hasMore: false });
  });

  it('an upsert carries the data, a delete only the id; another provider sees neither', async () => {
    await putEntity(db, P, 'staff', staff('st-gone', 'Gone'));
    const start = (await pullChanges(db, P, '0', 10_000)).nextCursor;
    await putEntity(db, P, 'staff', staff('st-x', 'Xena'));
    await deleteEntity(db, P, 'staff', 'st-gone');
    const page = await pullChanges(db, P, start);
    expect(page.changes).toEqual([
      { entity: 'staff', op: 'upsert', id: 'st-x', data: { id: 'st-x', name: 'Xena', active: true } },
      { entity: 'staff', op: 'delete', id: 'st-gone' },
    ]);
    const other = await pullChanges(db, 'prov-c', '0');
    expect(other.changes.some((c) => c.id === 'st-x' || c.id === 'st-gone')).toBe(false);
  });

  it('a cursor ahead of the server (restored from a backup) must resync', async () => {
    const { nextCursor } = await pullChanges(db, P, '0', 10_000);
    const ahead = (BigInt(nextCursor) + 1n).toString();
    await expect(pullChanges(db, P, ahead)).rejects.toThrow(SyncError);
    await expect(pullChanges(db, P, ahead)).rejects.toMatchObject({
      code: 'sync.cursorExpired',
      message: 'the cursor is ahead of the server (restored from a backup?); resync from the beginning',
    });
    await expect(pullChanges(db, P, nextCursor)).resolves.toMatchObject({ changes: [] });
  });

  // Last: purging moves the horizon for every cursor.
  it('a cursor older than the deletions the server keeps must resync; at the horizon or from 0 it reads on', async () => {
    await putEntity(db, P, 'staff', staff('st-purged', 'Purged'));
    await pullChanges(db, P, '0', 10_000);
    await deleteEntity(db, P, 'staff', 'st-purged');
    await pullChanges(db, P, '0', 10_000);
    const { horizon } = await purgeTombstones(db, new Date(Date.now() + 60_000));
    expect(horizon).toBeGreaterThan(1n);
    await expect(pullChanges(db, P, '1')).rejects.toMatchObject({
      code: 'sync.cursorExpired',
      message: 'the cursor is older than the server keeps deletions; resync from the beginning',
    });
    await expect(pullChanges(db, P, (horizon - 1n).toString())).rejects.toThrow(SyncError);
    await expect(pullChanges(db, P, horizon.toString())).resolves.toMatchObject({ hasMore: false });
    const fromStart = await pullChanges(db, P, '0', 10_000);
    expect(fromStart.changes.some((c) => c.id === 'st-purged')).toBe(false);
  });
});
