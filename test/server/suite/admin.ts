// The server suite: admin API. Run on each engine by ./index.ts.
import { describe, expect, it } from 'vitest';
import { MUNICIPALITY_A, PROVIDER_A } from '../helpers/fixture.ts';
import { call } from '../helpers/client.ts';
import { staff, pullAll, type SuiteState } from './support.ts';

export function adminTests(s: SuiteState): void {
  describe('admin API', () => {
    it('needs the token and stores what flows down', async () => {
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(s.fx.server.ctx.paths.adminToken, 'utf8').trim();
      const port = s.fx.server.port;
      const denied = await call({ port, ca: s.fx.ca, path: '/admin/municipalities' });
      expect(denied.status).toBe(401);
      const auth = { authorization: `Bearer ${token}` };
      const list = await call({ port, ca: s.fx.ca, path: '/admin/municipalities', headers: auth });
      expect(list.json).toEqual(
        expect.arrayContaining([{ id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' }]),
      );
      const put = await call({
        port,
        ca: s.fx.ca,
        method: 'PUT',
        path: `/admin/providers/${PROVIDER_A}/entities/staff/s-api`,
        headers: auth,
        body: staff('s-api', 'Via API'),
      });
      expect(put.status).toBe(200);
      const profile = await call({
        port,
        ca: s.fx.ca,
        path: `/admin/municipalities/${MUNICIPALITY_A}/profile`,
        headers: auth,
      });
      expect(profile.json).toMatchObject({
        format: 'caredock-install-profile',
        municipalityId: MUNICIPALITY_A,
      });
      const changes = await pullAll(s, s.wsA, '0');
      expect(changes.changes.some((c) => c.id === 's-api')).toBe(true);
    });
  });
}
