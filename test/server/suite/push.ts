// The server suite: push. Run on each engine by ./index.ts.
import { describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../../src/shared/sync/push.ts';
import { uuidv7 } from '../helpers/ids.ts';
import { errorCode, registration, pullAll, type SuiteState } from './support.ts';

export function pushTests(s: SuiteState): void {
  describe('push', () => {
    it('accepts items once, answers duplicate on re-send and conflict for new content under a known id', async () => {
      const reg = registration();
      const items = [
        reg,
        {
          type: 'correction',
          id: uuidv7(),
          correctsId: reg['id'],
          reason: 'Fel tagg',
          changes: { void: true },
          createdAt: '2026-03-02T17:00:00Z',
          createdBy: 'anna',
        },
        {
          type: 'attestation',
          id: uuidv7(),
          periodStart: '2026-02-01',
          periodEnd: '2026-02-28',
          attestedAt: '2026-03-01T09:00:00Z',
          attestedBy: 'chef',
          registrationCount: 412,
        },
      ];
      const first = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items } })).json,
      );
      expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      const again = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items: [...items].reverse() } })).json,
      );
      expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      // Key order does not matter for "same content".
      const reordered = Object.fromEntries(Object.entries(reg).reverse());
      const same = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items: [reordered] } })).json,
      );
      expect(same.results[0]?.status).toBe('duplicate');
      const changed = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items: [{ ...reg, kind: 'depart' }] } })).json,
      );
      expect(changed.results[0]).toMatchObject({
        status: 'rejected',
        code: 'sync.conflict',
        retryable: false,
      });
    });

    it('answers each item on its own: invalid, unknown reference, repeated id in one batch', async () => {
      const good = registration();
      const items = [
        good,
        { ...registration(), tagUid: 'not-hex' },
        {
          type: 'correction',
          id: uuidv7(),
          correctsId: uuidv7(),
          reason: 'x',
          changes: {},
          createdAt: '2026-03-02T17:00:00Z',
          createdBy: 'a',
        },
        good,
        { ...good, sequence: 1 },
      ];
      const res = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items } })).json,
      );
      expect(res.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
        'accepted',
        'sync.invalidItem',
        'sync.unknownReference',
        'duplicate',
        'sync.conflict',
      ]);
      expect(res.results[2]).toMatchObject({ retryable: true });
      expect(res.results[1]).toMatchObject({ retryable: false });
    });

    it('answers 413 for more than 500 items or more than 1 MiB', async () => {
      const many = Array.from({ length: 501 }, () => registration());
      const tooMany = await s.fx.as(s.wsA, { path: '/v1/push', body: { items: many } });
      expect(tooMany.status).toBe(413);
      expect(errorCode(tooMany.json)).toBe('sync.batchTooLarge');
      const big = await s.fx.as(s.wsA, {
        path: '/v1/push',
        body: { items: [{ ...registration(), padding: 'x'.repeat(1024 * 1024) }] },
      });
      expect(big.status).toBe(413);
      expect(errorCode(big.json)).toBe('sync.batchTooLarge');
      const ok = await s.fx.as(s.wsA, { path: '/v1/push', body: { items: many.slice(0, 500) } });
      expect(ok.status).toBe(200);
    });

    it('hands a pushed plan down to the provider, the latest edit winning', async () => {
      const planId = uuidv7();
      const edit = (editedAt: string, staffId: string) => ({
        type: 'visitPlan',
        id: uuidv7(),
        planId,
        recipientId: 'r-1',
        orderId: null,
        staffIds: [staffId],
        plannedStart: '2026-03-03T08:00:00Z',
        plannedEnd: '2026-03-03T08:30:00Z',
        tasks: ['dusch'],
        status: 'planned',
        editedAt,
        editedBy: 'planerare',
      });
      const { cursor } = await pullAll(s, s.wsA, '0');
      await s.fx.as(s.wsA, {
        path: '/v1/push',
        body: { items: [edit('2026-03-01T10:00:00Z', 'staff-new')] },
      });
      await s.fx.as(s.wsA, {
        path: '/v1/push',
        body: { items: [edit('2026-03-01T09:00:00Z', 'staff-old')] },
      });
      const { changes } = await pullAll(s, s.wsA, cursor);
      const plan = changes.filter((c) => c.entity === 'plan' && c.id === planId);
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatchObject({ op: 'upsert', data: { staffIds: ['staff-new'] } });
      const other = await pullAll(s, s.wsB, '0');
      expect(other.changes.some((c) => c.id === planId)).toBe(false);
    });
  });
}
