// What the parts of the server suite share: the running fixture with two enrolled workstations
// (set before the first test), and small builders of requests.
import { expect } from 'vitest';
import type { DatabaseSpec } from '../../../src/server/db/database.ts';
import { pullPageSchema, type PullPage } from '../../../src/shared/sync/pull.ts';
import { syncErrorBodySchema } from '../../../src/shared/sync/errors.ts';
import type { Fixture, Workstation } from '../helpers/fixture.ts';
import { uuidv7 } from '../helpers/ids.ts';

export interface SuiteState {
  /** The database the suite runs on, for a second server process on the same one. */
  spec: DatabaseSpec;
  fx: Fixture;
  /** Provider A of municipality A, and provider B of municipality B. */
  wsA: Workstation;
  wsB: Workstation;
}

export const errorCode = (json: unknown): string => syncErrorBodySchema.parse(json).error.code;

export function registration(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'registration',
    id: uuidv7(),
    penSerial: 'PEN-0001',
    sequence: Math.floor(Math.random() * 1e9),
    tagUid: '04a1b2c3d4e5f6',
    penTime: '2026-03-02T08:15:00Z',
    correctedTime: null,
    kind: 'arrive',
    flags: [],
    staffId: 'staff-1',
    receivedAt: '2026-03-02T16:00:00Z',
    ...over,
  };
}

export const staff = (id: string, name: string) => ({ id, name, active: true });

export async function pull(
  s: SuiteState,
  ws: Workstation,
  cursor: string,
  limit?: number,
): Promise<PullPage> {
  const res = await s.fx.as(ws, { path: `/v1/changes?cursor=${cursor}${limit ? `&limit=${limit}` : ''}` });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return pullPageSchema.parse(res.json);
}

export async function pullAll(
  s: SuiteState,
  ws: Workstation,
  cursor: string,
): Promise<{ changes: PullPage['changes']; cursor: string }> {
  const changes: PullPage['changes'] = [];
  for (let i = 0; i < 1000; i++) {
    const page = await pull(s, ws, cursor);
    changes.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { changes, cursor };
}
