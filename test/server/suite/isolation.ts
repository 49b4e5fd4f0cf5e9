// The server suite: isolation between municipalities. Municipality B's workstation tries every
// procedure of the sync API against municipality A's data and learns nothing of it, changes
// nothing of it. The route list is read from the running server, so a new /v1 route fails this
// until it is tried here too.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { pushedItems } from '../../../src/server/db/schema.ts';
import { putEntity } from '../../../src/server/sync/entities.ts';
import { createCsr } from '../../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../../src/server/pki/keys.ts';
import { pushResponseSchema } from '../../../src/shared/sync/push.ts';
import { MUNICIPALITY_A, MUNICIPALITY_B, PROVIDER_A, PROVIDER_B } from '../helpers/fixture.ts';
import { uuidv7 } from '../helpers/ids.ts';
import { errorCode, pullAll, registration, type SuiteState } from './support.ts';

/** Every route a workstation can reach, as the router has them. */
const COVERED = [
  'GET /v1/time',
  'POST /v1/enrol',
  'POST /v1/push',
  'POST /v1/certificate/renew',
  'GET /v1/changes',
  'GET /v1/reconciliation',
  'GET /v1/reconciliation/ids',
].sort();

export function isolationTests(s: SuiteState): void {
  describe('isolation between municipalities', () => {
    it('covers every route of the sync API', () => {
      const routes: string[] = [];
      // printRoutes draws a tree, four columns per level: "└── /v1/reconciliation (GET, HEAD)"
      // and under it "    └── /ids (GET, HEAD)"; a path is its parents' paths and its own.
      const stack: string[] = [];
      for (const line of s.fx.server.app.printRoutes({ commonPrefix: false }).split('\n')) {
        const m = /^(.*?[─] )(\/\S*) \(([^)]+)\)/.exec(line);
        if (!m?.[1] || !m[2] || !m[3]) continue;
        const depth = Math.round(m[1].length / 4) - 1;
        stack.length = depth;
        const full = `${stack.join('')}${m[2]}`;
        stack.push(m[2]);
        for (const method of m[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${full}`);
      }
      expect(routes.sort()).toEqual(COVERED);
    });

    it('gives B’s workstation nothing of A’s data through any procedure, and lets it change nothing', async () => {
      const secretName = 'Astrid Hemlig-Ahlström';
      const reg = registration({ penTime: '2026-05-06T07:00:00Z' });
      const onlyA = registration({ penTime: '2026-05-06T08:00:00Z' });
      const pushedA = pushResponseSchema.parse(
        (await s.fx.as(s.wsA, { path: '/v1/push', body: { items: [reg, onlyA] } })).json,
      );
      expect(pushedA.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const db = s.fx.server.ctx.database.db;
      const storedA = await db
        .select()
        .from(pushedItems)
        .where(eq(pushedItems.id, String(reg['id'])));
      await putEntity(db, PROVIDER_A, 'staff', { id: 'staff-a-only', name: secretName, active: true });
      const aText = [s.wsA.workstationId, PROVIDER_A, String(onlyA['id']), secretName];
      const leaks = (json: unknown): string[] => aText.filter((t) => JSON.stringify(json).includes(t));

      // time: B's own identity only.
      const time = await s.fx.as(s.wsB, { path: '/v1/time' });
      expect(time.status).toBe(200);
      expect(time.json).toMatchObject({ workstationId: s.wsB.workstationId });
      expect(leaks(time.json)).toEqual([]);

      // push: an item under one of A's ids lands in B's own partition beside A's row, which is
      // untouched; a correction can reach only B's own registrations.
      const pushed = pushResponseSchema.parse(
        (
          await s.fx.as(s.wsB, {
            path: '/v1/push',
            body: {
              items: [
                reg,
                {
                  type: 'correction',
                  id: uuidv7(),
                  correctsId: onlyA['id'],
                  reason: 'Fel tagg',
                  changes: { void: true },
                  createdAt: '2026-05-06T17:00:00Z',
                  createdBy: 'b',
                },
              ],
            },
          })
        ).json,
      );
      expect(pushed.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
        'accepted',
        'sync.unknownReference',
      ]);
      const stored = await db
        .select()
        .from(pushedItems)
        .where(eq(pushedItems.id, String(reg['id'])));
      expect(
        stored
          .map((r) => [r.municipalityId, r.providerId, r.workstationId, r.contentHash])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        [MUNICIPALITY_A, PROVIDER_A, s.wsA.workstationId, storedA[0]?.contentHash],
        [MUNICIPALITY_B, PROVIDER_B, s.wsB.workstationId, storedA[0]?.contentHash],
      ]);
      // A sees none of it: its day still holds its own two registrations.
      const aDays = await s.fx.as(s.wsA, { path: '/v1/reconciliation?from=2026-05-06&to=2026-05-06' });
      expect(aDays.json).toMatchObject({ days: [{ day: '2026-05-06', type: 'registration', count: 2 }] });

      // changes: a full pull from the start holds none of A's entities.
      const pulled = await pullAll(s, s.wsB, '0');
      expect(pulled.changes.some((c) => JSON.stringify(c).includes('staff-a-only'))).toBe(false);
      expect(leaks(pulled.changes)).toEqual([]);

      // reconciliation: B's day holds only B's own row, and A's other id is not listed.
      const days = await s.fx.as(s.wsB, { path: '/v1/reconciliation?from=2026-05-01&to=2026-05-31' });
      expect(days.status).toBe(200);
      expect(days.json).toMatchObject({ days: [{ day: '2026-05-06', type: 'registration', count: 1 }] });
      const ids = await s.fx.as(s.wsB, { path: '/v1/reconciliation/ids?day=2026-05-06&type=registration' });
      expect(ids.status).toBe(200);
      expect(ids.json).toEqual({ day: '2026-05-06', type: 'registration', ids: [String(reg['id'])] });
      expect(leaks(ids.json)).toEqual([]);

      // certificate renewal: a request in A's workstation's name is refused.
      const csrPem = await createCsr(generateEcKeyPem(), [['CN', s.wsA.workstationId]]);
      const renew = await s.fx.as(s.wsB, { path: '/v1/certificate/renew', body: { csrPem } });
      expect(renew.status).toBe(400);
      expect(errorCode(renew.json)).toBe('sync.renewalCsrInvalid');

      // enrolment: a code is bound to its provider; B's code cannot enrol into A.
      // (Covered in the channel part: "enrols only with … the profile municipality".)

      // Every authenticated route refuses B's certificate presented as A's municipality.
      for (const path of [
        '/v1/time',
        '/v1/changes?cursor=0',
        '/v1/reconciliation?from=2026-05-01&to=2026-05-31',
        '/v1/reconciliation/ids?day=2026-05-06&type=registration',
      ]) {
        const r = await s.fx.as(s.wsB, { path, municipalityId: MUNICIPALITY_A });
        expect(errorCode(r.json), path).toBe('sync.wrongMunicipality');
      }
      for (const [path, body] of [
        ['/v1/push', { items: [registration()] }],
        ['/v1/certificate/renew', { csrPem }],
      ] as const) {
        const r = await s.fx.as(s.wsB, { path, body, municipalityId: MUNICIPALITY_A });
        expect(errorCode(r.json), path).toBe('sync.wrongMunicipality');
      }
    });
  });
}
