// The server suite: admin API. Run on each engine by ./index.ts.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { resultRows } from '../../../src/server/db/database.ts';
import { MUNICIPALITY_A, PROVIDER_A } from '../helpers/fixture.ts';
import { call } from '../helpers/client.ts';
import { revokeWorkstation } from '../../../src/server/admin/workstations.ts';
import { registration, staff, pullAll, type SuiteState } from './support.ts';

export function adminTests(s: SuiteState): void {
  describe('admin API', () => {
    it('needs the token and stores what flows down', async () => {
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(s.fx.server.ctx.paths.adminToken, 'utf8').trim();
      const port = s.fx.server.adminPort;
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

    it('keeps the evidence in the audit table, written with each change', async () => {
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(s.fx.server.ctx.paths.adminToken, 'utf8').trim();
      const ws = await s.fx.enrol(PROVIDER_A, MUNICIPALITY_A);
      await s.fx.as(ws, { path: '/v1/push', body: { items: [registration(), registration()] } });
      await revokeWorkstation(s.fx.server.ctx, { workstationId: ws.workstationId, reason: 'stolen PC' });
      const res = await call({
        port: s.fx.server.adminPort,
        ca: s.fx.ca,
        path: '/admin/audit?limit=10000',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const rows = res.json as {
        action: string;
        workstationId: string | null;
        details: Record<string, unknown>;
      }[];
      const of = (action: string) => rows.filter((r) => r.action === action);
      expect(of('municipality.added')).toHaveLength(2);
      expect(of('provider.added')).toHaveLength(2);
      expect(of('providerAddress.added').length).toBeGreaterThanOrEqual(2);
      expect(of('enrolmentCode.created').length).toBeGreaterThan(0);
      expect(of('workstation.enrolled').some((r) => r.workstationId === ws.workstationId)).toBe(true);
      expect(of('workstation.revoked').some((r) => r.workstationId === ws.workstationId)).toBe(true);
      expect(of('entity.stored').length).toBeGreaterThan(0);
      const mine = of('push.accepted').filter((r) => r.workstationId === ws.workstationId);
      expect(mine.map((r) => r.details['accepted'])).toEqual([2]);
      // Every stored item is accounted for by a push.accepted row: they commit together.
      const stored = await s.fx.server.ctx.database.db.execute(
        sql`SELECT count(*)::int AS n FROM pushed_items`,
      );
      const total = of('push.accepted').reduce((n, r) => n + Number(r.details['accepted']), 0);
      expect(total).toBe(Number((resultRows(stored)[0] as { n: number }).n));
      // Never a secret: no enrolment code, no key.
      expect(JSON.stringify(rows)).not.toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}|PRIVATE KEY/);
    });
  });
}
