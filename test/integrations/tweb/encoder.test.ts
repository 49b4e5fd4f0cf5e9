// The pure encoder: the same transaction gives byte-identical bodies and the same keys on every
// attempt (what lets TWeb answer a repeat with its earlier result), titles are Finnish first with
// Swedish beside, and the due date counts from the transaction's day in Helsinki, not the clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dueDate,
  looksLike,
  planFiling,
  stepKeys,
  twebSettings,
  type TwebSettings,
} from '../../../integrations/tweb/index.ts';
import { deviation, jpegBytes, monthlyBasis, notice, pdfBytes, pngBytes, PROVIDER } from './world.ts';

const settings: TwebSettings = twebSettings.parse({
  baseUrl: 'https://tweb.example-kunta.fi/api/caredock/v1',
  auth: { type: 'apiKey', key: 'k' },
  kinds: {
    deviation: {
      use: 'newCase',
      caseGroup: '06.01.02',
      documentType: 'Poikkeamailmoitus',
      attachmentDocumentType: 'Liite',
      assign: { groups: ['valvonta'], dueInDays: 14 },
    },
    notice: { use: 'assignment', assign: { users: ['matti'] } },
    monthlyBasis: { use: 'existingCase', documentType: 'Kuukausiperuste', attachmentDocumentType: 'Liite' },
  },
  providers: { [PROVIDER]: { contractCaseId: 'TWEB-2024-000812' } },
});

function plan(tx: unknown) {
  const p = planFiling(settings, tx);
  if (!p.ok) throw new Error(p.outcome.code);
  return p.plan;
}

describe('TWeb encoder', () => {
  it('derives one key per step from the transaction id', () => {
    const tx = deviation();
    const p = plan(tx);
    expect(p.createCase?.key).toBe(stepKeys.case(tx.id));
    expect(p.documents.map((d) => d.key)).toEqual([0, 1, 2].map((n) => `caredock-${tx.id}-doc-${n}`));
    expect(p.assignment?.key).toBe(`caredock-${tx.id}-assignment`);
    expect(plan(monthlyBasis()).createCase).toBeNull();
    expect(plan(monthlyBasis()).existingCaseId).toBe('TWEB-2024-000812');
    expect(plan(notice()).documents).toEqual([]);
  });

  it('gives byte-identical bodies for the same transaction, whatever the clock', () => {
    const tx = deviation();
    const a = plan(tx);
    const b = plan(structuredClone(tx));
    const refs = { caseId: 'case-1', documentIds: ['d1', 'd2', 'd3'] };
    expect(JSON.stringify(b.createCase)).toBe(JSON.stringify(a.createCase));
    expect(JSON.stringify(b.documents)).toBe(JSON.stringify(a.documents));
    expect(JSON.stringify(b.assignment!.body(refs))).toBe(JSON.stringify(a.assignment!.body(refs)));
  });

  it('titles Finnish first with Swedish beside, and clips a title past 500 characters', () => {
    const p = plan(deviation());
    expect(p.createCase!.body.title).toBe(
      'Poikkeamailmoitus: Käynti jäi toteutumatta / Avvikelserapport: Besök blev inte av — Hoivapalvelu Oy',
    );
    expect(p.documents.map((d) => d.body.title)).toEqual([
      'Poikkeamailmoitus: Käynti jäi toteutumatta / Avvikelserapport: Besök blev inte av',
      'Liite / Bilaga 1: kuva.jpg',
      'Liite / Bilaga 2: kaavio.png',
    ]);
    const long = plan(
      deviation({ title: { fi: 'ä'.repeat(240), sv: 'å'.repeat(240) }, provider: { name: 'P'.repeat(200) } }),
    );
    expect(long.createCase!.body.title).toHaveLength(500);
    expect(long.createCase!.body.title.endsWith('…')).toBe(true);
  });

  it('counts the due date from the transaction’s day in Helsinki, across month ends and DST', () => {
    expect(dueDate('2026-03-04T09:15:00Z', 14)).toBe('2026-03-18');
    // 23:30 UTC on 31 March is already 1 April in Helsinki (UTC+3 in summer time).
    expect(dueDate('2026-03-31T23:30:00Z', 0)).toBe('2026-04-01');
    expect(dueDate('2026-10-24T12:00:00+03:00', 7)).toBe('2026-10-31');
    expect(dueDate('2026-12-30T12:00:00Z', 3)).toBe('2027-01-02');
  });

  it('knows each media type by its first bytes', () => {
    expect(looksLike(pdfBytes(), 'application/pdf')).toBe(true);
    expect(looksLike(pngBytes(), 'image/png')).toBe(true);
    expect(looksLike(jpegBytes(), 'image/jpeg')).toBe(true);
    expect(looksLike(jpegBytes(), 'application/pdf')).toBe(false);
    expect(looksLike(new Uint8Array(), 'image/jpeg')).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const asPdf = looksLike(bytes, 'application/pdf');
        expect(asPdf).toBe(Buffer.from(bytes).subarray(0, 5).toString('latin1') === '%PDF-');
      }),
    );
  });

  it('carries every file, base64 with its hash, into an assignment alone', () => {
    const p = plan(notice());
    const body = p.assignment!.body({ caseId: null, documentIds: [] });
    expect(body).not.toHaveProperty('caseId');
    expect(
      body.files!.map((f) => [f.name, Buffer.from(f.content, 'base64').subarray(0, 5).toString()]),
    ).toEqual([
      ['ilmoitus.pdf', '%PDF-'],
      ['liite.pdf', '%PDF-'],
    ]);
    expect(body.files![0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
