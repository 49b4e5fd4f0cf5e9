// What the TWeb tests share: a municipality's settings pointed at the stub, and the three kinds of
// transaction a provider sends (a deviation with attachments, a notice, an attested month).
import { randomUUID } from 'node:crypto';
import { afterEach, expect } from 'vitest';
import { startTwebFake, type TwebFake, type TwebFakeOptions } from '../../../integrations/tweb/fake.ts';
import {
  createTwebClient,
  twebSettings,
  type TwebClient,
  type TwebClientOptions,
  type TwebSettings,
  type TwebSettingsInput,
  type TwebTransactionInput,
} from '../../../integrations/tweb/index.ts';

export const PROVIDER = 'hoivapalvelu-oy';
export const CONTRACT_CASE = 'TWEB-2024-000812';

/** A small file each kind of attachment really starts with. */
export const pdfBytes = (text = 'CareDock') =>
  new Uint8Array(Buffer.from(`%PDF-1.7\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`));
export const pngBytes = () =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
export const jpegBytes = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

export function deviation(over: Partial<TwebTransactionInput> = {}): TwebTransactionInput {
  return {
    id: randomUUID(),
    kind: 'deviation',
    providerId: PROVIDER,
    provider: { name: 'Hoivapalvelu Oy', businessId: '1234567-8' },
    title: { fi: 'Poikkeamailmoitus: Käynti jäi toteutumatta', sv: 'Avvikelserapport: Besök blev inte av' },
    createdAt: '2026-03-04T09:15:00Z',
    document: { name: 'poikkeamailmoitus.pdf', content: pdfBytes('deviation') },
    attachments: [
      { name: 'kuva.jpg', mediaType: 'image/jpeg', content: jpegBytes() },
      { name: 'kaavio.png', mediaType: 'image/png', content: pngBytes() },
    ],
    ...over,
  };
}

export function notice(over: Partial<TwebTransactionInput> = {}): TwebTransactionInput {
  return {
    ...deviation(),
    kind: 'notice',
    title: { fi: 'Ilmoitus', sv: 'Anmälan' },
    document: { name: 'ilmoitus.pdf', content: pdfBytes('notice') },
    attachments: [{ name: 'liite.pdf', mediaType: 'application/pdf', content: pdfBytes('attachment') }],
    ...over,
  };
}

export function monthlyBasis(over: Partial<TwebTransactionInput> = {}): TwebTransactionInput {
  return {
    ...deviation(),
    kind: 'monthlyBasis',
    title: { fi: 'Hyväksytty kuukausiperuste 2026-02', sv: 'Attesterat månadsunderlag 2026-02' },
    createdAt: '2026-03-01T10:00:00+02:00',
    document: { name: 'kuukausiperuste-2026-02.pdf', content: pdfBytes('basis') },
    attachments: [],
    ...over,
  };
}

export function settingsFor(fake: TwebFake, over: Partial<TwebSettingsInput> = {}): TwebSettings {
  return twebSettings.parse({
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
        assign: { groups: ['vanhuspalvelut-valvonta'], dueInDays: 14 },
      },
      notice: { use: 'assignment', assign: { users: ['matti.meikalainen'] } },
      monthlyBasis: { use: 'existingCase', documentType: 'Kuukausiperuste', attachmentDocumentType: 'Liite' },
    },
    providers: { [PROVIDER]: { contractCaseId: CONTRACT_CASE } },
    ...over,
  });
}

let fakes: TwebFake[] = [];
/** Stubs started by a test whose violations the test expects (the bad-field tests). */
const allowed = new Set<TwebFake>();

export async function world(
  opts: { fake?: TwebFakeOptions; settings?: Partial<TwebSettingsInput>; client?: TwebClientOptions } = {},
): Promise<{ fake: TwebFake; settings: TwebSettings; client: TwebClient }> {
  const fake = await startTwebFake({
    cases: [{ id: CONTRACT_CASE, caseNumber: '812/00.01.00/2024' }],
    ...opts.fake,
  });
  fakes.push(fake);
  const settings = settingsFor(fake, opts.settings);
  return { fake, settings, client: createTwebClient(settings, opts.client) };
}

export const expectViolations = (fake: TwebFake) => allowed.add(fake);

afterEach(async () => {
  const started = fakes;
  const checked = started.filter((f) => !allowed.has(f));
  fakes = [];
  allowed.clear();
  await Promise.all(started.map((f) => f.close()));
  // No good path may send what docs/integrations/tweb.md does not allow.
  expect(checked.flatMap((f) => f.violations)).toEqual([]);
});
