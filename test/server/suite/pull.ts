// The server suite: pull. Run on each engine by ./index.ts.
import { describe, expect, it } from 'vitest';
import { deleteEntity, purgeTombstones, putEntity } from '../../../src/server/sync/entities.ts';
import type { PullPage } from '../../../src/shared/sync/pull.ts';
import { PROVIDER_A } from '../helpers/fixture.ts';
import { errorCode, staff, pull, pullAll, type SuiteState } from './support.ts';

export function pullTests(s: SuiteState): void {
  describe('pull', () => {
    it('pages through changes in order and sends tombstones', async () => {
      const db = s.fx.server.ctx.database.db;
      const start = (await pullAll(s, s.wsA, '0')).cursor;
      for (let i = 0; i < 25; i++)
        await putEntity(db, PROVIDER_A, 'tag', {
          id: `0400${String(i).padStart(4, '0')}aa`,
          recipientId: 'r-1',
          label: null,
        });
      await deleteEntity(db, PROVIDER_A, 'tag', '04000003aa');
      const pages: PullPage[] = [];
      let cursor = start;
      for (let i = 0; i < 10; i++) {
        const p = await pull(s, s.wsA, cursor, 10);
        pages.push(p);
        cursor = p.nextCursor;
        if (!p.hasMore) break;
      }
      expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
      const all = pages.flatMap((p) => p.changes);
      expect(all).toHaveLength(25);
      expect(new Set(all.map((c) => c.id)).size).toBe(25);
      expect(all.find((c) => c.id === '04000003aa')).toEqual({
        entity: 'tag',
        op: 'delete',
        id: '04000003aa',
      });
      const cursors = pages.map((p) => BigInt(p.nextCursor));
      expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
      // Nothing new: the same cursor comes back, no changes.
      const idle = await pull(s, s.wsA, cursor);
      expect(idle).toMatchObject({ changes: [], nextCursor: cursor, hasMore: false });
      // Another provider sees none of it.
      expect((await pullAll(s, s.wsB, '0')).changes.some((c) => c.entity === 'tag')).toBe(false);
    });

    it('never skips a transaction that commits after a later one', async () => {
      const { database } = s.fx.server.ctx;
      const db = database.db;
      await putEntity(db, PROVIDER_A, 'staff', staff('s-late', 'Before'));
      const start = (await pullAll(s, s.wsA, '0')).cursor;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let opened!: () => void;
      const isOpen = new Promise<void>((r) => (opened = r));
      // Transaction A rewrites a row and stays open.
      const late = db.transaction(async (tx) => {
        await putEntity(tx, PROVIDER_A, 'staff', staff('s-late', 'After'));
        opened();
        await gate;
      });
      await isOpen;
      const seen: PullPage['changes'] = [];
      let cursor = start;
      if (database.concurrentTransactions) {
        // Transaction B starts after A and commits first; a pull now sees B but not A…
        await putEntity(db, PROVIDER_A, 'staff', staff('s-early', 'Early'));
        const during = await pullAll(s, s.wsA, cursor);
        expect(during.changes.map((c) => c.id)).toEqual(['s-early']);
        seen.push(...during.changes);
        cursor = during.cursor;
        release();
        await late;
      } else {
        // PGlite runs one transaction at a time: B and the pull queue behind A.
        const b = putEntity(db, PROVIDER_A, 'staff', staff('s-early', 'Early'));
        const during = pullAll(s, s.wsA, cursor);
        release();
        await Promise.all([late, b]);
        const d = await during;
        seen.push(...d.changes);
        cursor = d.cursor;
      }
      // …and A, committed late, still arrives after the cursor B moved.
      const after = await pullAll(s, s.wsA, cursor);
      seen.push(...after.changes);
      const lateRow = seen.filter((c) => c.id === 's-late');
      expect(lateRow.at(-1)).toMatchObject({ op: 'upsert', data: { name: 'After' } });
      expect(seen.some((c) => c.id === 's-early')).toBe(true);
    });

    it('answers 410 for a cursor older than the tombstone horizon or ahead of the server', async () => {
      const db = s.fx.server.ctx.database.db;
      await putEntity(db, PROVIDER_A, 'recipient', {
        id: 'r-gone',
        displayName: 'X',
        personalIdentityNumber: null,
        protectedIdentity: false,
        address: null,
      });
      const old = (await pullAll(s, s.wsA, '0')).cursor;
      await putEntity(db, PROVIDER_A, 'order', {
        id: 'o-1',
        recipientId: 'r-1',
        services: [],
        validFrom: '2026-01-01',
        validTo: null,
      });
      await deleteEntity(db, PROVIDER_A, 'recipient', 'r-gone');
      const fresh = (await pullAll(s, s.wsA, old)).cursor;
      const r = await purgeTombstones(db, new Date(Date.now() + 86_400_000));
      expect(r.purged).toBeGreaterThan(0);
      const expired = await s.fx.as(s.wsA, { path: `/v1/changes?cursor=${old}` });
      expect(expired.status).toBe(410);
      expect(errorCode(expired.json)).toBe('sync.cursorExpired');
      expect((await s.fx.as(s.wsA, { path: `/v1/changes?cursor=${fresh}` })).status).toBe(200);
      expect((await s.fx.as(s.wsA, { path: '/v1/changes?cursor=0' })).status).toBe(200);
      const future = await s.fx.as(s.wsA, { path: '/v1/changes?cursor=999999999' });
      expect(future.status).toBe(410);
    });
  });
}
