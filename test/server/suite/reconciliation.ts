// The server suite: reconciliation. Run on each engine by ./index.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  reconciliationIdsResponseSchema,
  reconciliationResponseSchema,
  idHashInput,
} from '../../../src/shared/sync/reconciliation.ts';
import { MUNICIPALITY_A, PROVIDER_A } from '../helpers/fixture.ts';
import { registration, type SuiteState } from './support.ts';

export function reconciliationTests(s: SuiteState): void {
  describe('reconciliation', () => {
    it('gives per-day counts and id hashes the client can recompute, and the ids of a day', async () => {
      const ws = await s.fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      const day1 = Array.from({ length: 7 }, () => registration({ penTime: '2026-04-01T06:30:00Z' }));
      const day2 = Array.from({ length: 3 }, () => registration({ penTime: '2026-04-02T21:59:00+02:00' })); // 19:59Z
      await s.fx.as(ws, { path: '/v1/push', body: { items: [...day1, ...day2] } });
      const res = await s.fx.as(ws, { path: '/v1/reconciliation?from=2026-04-01&to=2026-04-30' });
      expect(res.status).toBe(200);
      const body = reconciliationResponseSchema.parse(res.json);
      const hash = (items: Record<string, unknown>[]) =>
        createHash('sha256')
          .update(idHashInput(items.map((i) => String(i['id']))))
          .digest('hex');
      expect(body.days).toEqual([
        { day: '2026-04-01', type: 'registration', count: 7, idHash: hash(day1) },
        { day: '2026-04-02', type: 'registration', count: 3, idHash: hash(day2) },
      ]);
      const ids = reconciliationIdsResponseSchema.parse(
        (await s.fx.as(ws, { path: '/v1/reconciliation/ids?day=2026-04-02&type=registration' })).json,
      );
      expect(ids.ids).toEqual(day2.map((i) => String(i['id'])).sort());
      const tooLong = await s.fx.as(ws, { path: '/v1/reconciliation?from=2026-01-01&to=2026-12-31' });
      expect(tooLong.status).toBe(400);
    });
  });
}
