// A central server with the 1177 inbox on, a producer stub on loopback that trusts the
// municipality's function certificate, recipients with consent, and plan edits pushed the way a
// workstation pushes them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subjectOfCareId } from '../../../integrations/patientportal/contract-v1.ts';
import { startPatientPortalFake, type PatientPortalFake } from '../../../integrations/patientportal/fake.ts';
import { uuidv7 } from '../../../src/main/ids.ts';
import type { ServerContext } from '../../../src/server/context.ts';
import { putConsent, putInboxSettings } from '../../../src/server/inbox/admin.ts';
import type { InboxMunicipalitySettings } from '../../../src/server/inbox/settings.ts';
import { putEntity } from '../../../src/server/sync/entities.ts';
import { personalIdFor } from '../../helpers/exchange-files.ts';
import { issueClient, makeCa } from '../../integrations/patientportal/pki.ts';
import { MUNICIPALITY_A, PROVIDER_A, type Fixture, type Workstation } from '../helpers/fixture.ts';

export const UNIT = { hsaId: 'SE2321000016-F7PH', name: 'Upplands-Bro kommun, hemtjänsten' };

export interface Portal {
  fake: PatientPortalFake;
  settings(over?: Partial<InboxMunicipalitySettings>): InboxMunicipalitySettings;
}

/** The stub, and settings pointing at it with certificate files on disk. */
export async function startPortal(opts: {
  active: number[];
  validateEvery?: number;
  timeoutMs?: number;
}): Promise<Portal> {
  const ca = makeCa('Test SITHS CA');
  const cert = issueClient(ca, 'SE2120000000-CAREDOCK');
  const fake = await startPatientPortalFake({
    clientCa: ca.cert,
    activeUsers: opts.active.map((i) => subjectOfCareId(personalIdFor(i))),
    ...(opts.validateEvery ? { validateEvery: opts.validateEvery } : {}),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'caredock-inbox-tls-'));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text, { mode: 0o600 });
    return path.join(dir, name);
  };
  const tls = {
    keyFile: file('key.pem', cert.key),
    certFile: file('cert.pem', cert.cert),
    caFile: file('ca.pem', fake.ca),
  };
  return {
    fake,
    settings: (over = {}) => ({
      enabled: true,
      rules: { changedSoon: true, weekly: true },
      language: 'sv',
      sender: UNIT,
      weekly: { weekday: 5, hour: 12 },
      connection: {
        version: '1.0',
        endpoints: fake.endpoints,
        logicalAddress: 'SE165565594230-1000',
        sourceSystem: 'CAREDOCK-TEST',
        tls,
        timeoutMs: opts.timeoutMs ?? 5000,
      },
      ...over,
    }),
  };
}

export const recipientId = (i: number) => `r-${i}`;

/** Recipients r-i of provider A, each with a real-looking personnummer; consent as given. */
export async function addRecipients(
  ctx: ServerContext,
  ids: number[],
  consent: { consent: boolean; weekly?: boolean } = { consent: true },
): Promise<void> {
  for (const i of ids) {
    await putEntity(ctx.database.db, PROVIDER_A, 'recipient', {
      id: recipientId(i),
      displayName: `Brukare ${i}`,
      personalIdentityNumber: personalIdFor(i),
      protectedIdentity: false,
      address: null,
    });
    await putConsent(
      ctx,
      MUNICIPALITY_A,
      recipientId(i),
      { consent: consent.consent, weekly: consent.weekly ?? false },
      'test',
    );
  }
}

export async function configure(ctx: ServerContext, s: InboxMunicipalitySettings): Promise<void> {
  await putInboxSettings(ctx, MUNICIPALITY_A, s, 'test');
}

export interface PlanEdit {
  planId: string;
  recipient: number;
  start: Date;
  minutes?: number;
  status?: 'planned' | 'cancelled';
  editedAt?: Date;
}

export const visitPlan = (e: PlanEdit) => ({
  type: 'visitPlan' as const,
  id: uuidv7(),
  planId: e.planId,
  recipientId: recipientId(e.recipient),
  orderId: null,
  staffIds: ['s-1'],
  plannedStart: e.start.toISOString(),
  plannedEnd: new Date(e.start.getTime() + (e.minutes ?? 30) * 60_000).toISOString(),
  tasks: [],
  status: e.status ?? 'planned',
  editedAt: (e.editedAt ?? new Date()).toISOString(),
  editedBy: 'Koordinator Kim',
});

export async function push(fx: Fixture, ws: Workstation, items: unknown[]): Promise<void> {
  const res = await fx.as(ws, { path: '/v1/push', body: { items } });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.json)}`);
  const results = (res.json as { results: { status: string }[] }).results;
  const bad = results.filter((r) => r.status === 'rejected');
  if (bad.length > 0) throw new Error(`push rejected: ${JSON.stringify(bad)}`);
}

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
