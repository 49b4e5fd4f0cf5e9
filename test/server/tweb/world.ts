// A municipality whose TWeb is the stub on loopback: its settings, as the admin would put them.
import { startTwebFake, type TwebFake } from '../../../integrations/tweb/fake.ts';
import type { ServerContext } from '../../../src/server/context.ts';
import { putTwebSettings } from '../../../src/server/tweb/admin.ts';
import { MUNICIPALITY_A, PROVIDER_A } from '../helpers/fixture.ts';

export const CONTRACT_CASE = 'TWEB-2026-000118';

export async function startTweb(): Promise<TwebFake> {
  return startTwebFake({ cases: [{ id: CONTRACT_CASE, caseNumber: '118/00.01.00/2026' }] });
}

export function twebInput(fake: TwebFake, over: { enabled?: boolean; lateMinutes?: number } = {}) {
  return {
    enabled: over.enabled ?? true,
    thresholds: { lateMinutes: over.lateMinutes ?? 30, shortMinutes: 15 },
    connection: {
      baseUrl: fake.url,
      auth: { type: 'oauth2', tokenUrl: fake.tokenUrl, ...fake.oauth },
      ca: fake.ca,
      timeoutMs: 5000,
      kinds: {
        deviation: {
          use: 'newCase',
          caseGroup: '06.01.02',
          documentType: 'Poikkeamailmoitus',
          attachmentDocumentType: 'Liite',
          assign: { groups: ['kotihoito-valvonta'], dueInDays: 14 },
        },
        notice: {
          use: 'newCase',
          caseGroup: '06.01.02',
          documentType: 'Ilmoitus',
          attachmentDocumentType: 'Liite',
        },
        monthlyBasis: {
          use: 'existingCase',
          documentType: 'Kuukausiperuste',
          attachmentDocumentType: 'Liite',
        },
      },
      providers: { [PROVIDER_A]: { contractCaseId: CONTRACT_CASE } },
    },
  };
}

export async function configureTweb(
  ctx: ServerContext,
  fake: TwebFake,
  over: Parameters<typeof twebInput>[1] = {},
) {
  return putTwebSettings(ctx, MUNICIPALITY_A, twebInput(fake, over), 'test');
}
