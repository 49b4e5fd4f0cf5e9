// The documents filed in TWeb: PDF/A with embedded fonts, Finnish first with Swedish beside, no
// personnummer — and the same bytes each time they are made, as a retry must resend them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/main/ids.ts';
import { basisPdf, deviationPdf } from '../../../src/server/tweb/documents.ts';
import type { AttestationItem, DeviationReportItem } from '../../../src/shared/sync/pushItems.ts';

const parties = { municipality: 'Espoon kaupunki', provider: 'Hoivapalvelu Oy' };
const report: DeviationReportItem = {
  type: 'deviationReport',
  id: uuidv7(),
  kind: 'late',
  recipientId: 'r-1',
  planId: '00000000-0000-4000-8000-000000000001',
  visitStart: '2026-11-10T06:00:00Z',
  minutes: 45,
  text: 'Auto hajosi matkalla. Bilen gick sönder – ärligt.',
  attachments: [],
  filedAt: '2026-11-10T09:30:00Z',
  filedBy: 'toimisto',
};
const attest: AttestationItem = {
  type: 'attestation',
  id: uuidv7(),
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  attestedAt: '2026-12-01T08:00:00Z',
  attestedBy: 'esimies',
  registrationCount: 12,
  version: 1,
  figures: {
    rows: [
      {
        recipientId: 'r-1',
        serviceCode: 'HS01',
        serviceName: 'Henkilökohtainen hoito',
        grantedMinutes: 600,
        plannedMinutes: 540,
        performedMinutes: 510,
        deviations: 2,
      },
    ],
    weeks: [],
  },
};

function text(bytes: Uint8Array): { text: string; fonts: string; check: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'caredock-tweb-doc-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  return {
    text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
    check: execFileSync('qpdf', ['--check', file], { encoding: 'utf8' }),
  };
}

describe('TWeb documents', () => {
  it('a deviation report: Finnish first, Swedish beside, fonts embedded, the same bytes twice', async () => {
    const a = await deviationPdf(report, { ...parties, recipient: 'Aino Asiakas (r-1)' });
    const b = await deviationPdf(report, { ...parties, recipient: 'Aino Asiakas (r-1)' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const t = text(a);
    expect(t.text).toContain('Poikkeamailmoitus: Käynti myöhästyi / Avvikelserapport: Besöket var försenat');
    expect(t.text).toContain('Myöhässä / Försenat: 45 min');
    expect(t.text).toContain('Bilen gick sönder – ärligt.');
    expect(
      t.fonts
        .split('\n')
        .slice(2)
        .filter(Boolean)
        .every((l) => /\byes\s+yes\s+yes\b/.test(l)),
    ).toBe(true);
    expect(t.check).toContain('No syntax or stream encoding errors found');
  });

  it('an attested month: its figures in hours, the same bytes twice', async () => {
    const a = await basisPdf(attest, parties, () => 'Aino Asiakas (r-1)');
    const b = await basisPdf(attest, parties, () => 'Aino Asiakas (r-1)');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const t = text(a);
    expect(t.text).toContain('Hyväksytty kuukausiperuste 2026-11 / Attesterat månadsunderlag 2026-11');
    expect(t.text).toMatch(/toteutunut \/ utfört 8,50 h/);
  });
});
