// The documents we give archives are PDF/A-2b: read back by tools that are not ours (poppler's
// pdffonts, pdftotext and pdfinfo, and qpdf), every font is embedded as a subset, the file's
// structure is sound, the XMP names PDF/A-2 level B and agrees with the Info dictionary, an sRGB
// OutputIntent and a document id are there, nothing is transparent or encrypted, the Swedish and
// Finnish letters come back out as text, and the structure tree has the headings, paragraphs and
// table cells. No veraPDF here: these are the parts of the standard these tools can see.
import { describe, expect, it } from 'vitest';
import { ArchivalPdf, drawText } from '../../../src/shared/pdf/index.ts';
import { billing, CREATED, LETTERS, person, plain } from './fixtures.ts';
import { file, lacking, needs, pdffonts, qpdfObjects, run, streamData } from './pdf-tools.ts';

const documents = [
  ['the billing basis', billing],
  ['the person data export', person],
  ['a plain document', plain],
] as const;

describe.each(documents)('%s as PDF/A-2b', (_name, make) => {
  const made = make().then(file);
  // Each test awaits it; this keeps a failure from also being an unhandled rejection when all skip.
  made.catch(() => undefined);

  it.skipIf(lacking('pdffonts'))(`embeds every font as a subset${needs('pdffonts')}`, async () => {
    const fonts = pdffonts(await made);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes', type: 'CID TrueType' });
      expect(f.name).toMatch(/^[A-Z]{6}\+DejaVuSansCondensed/);
    }
  });

  it.skipIf(lacking('qpdf'))(`passes qpdf --check without a warning${needs('qpdf')}`, async () => {
    const r = run('qpdf', ['--check', await made]);
    // qpdf exits 3 when it has warnings, and says them on stderr.
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/warning/i);
    expect(r.stdout).toContain('No syntax or stream encoding errors found');
    expect(r.status).toBe(0);
  });

  it.skipIf(lacking('pdfinfo'))(
    `names PDF/A-2 level B in XMP, agreeing with the Info dictionary${needs('pdfinfo')}`,
    async () => {
      const pdf = await made;
      const xmp = run('pdfinfo', ['-meta', pdf]).stdout;
      expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
      const info = Object.fromEntries(
        run('pdfinfo', ['-isodates', pdf])
          .stdout.split('\n')
          .map((l) => /^([A-Za-z ]+):\s+(.*)$/.exec(l))
          .filter((m) => m !== null)
          .map((m) => [m[1]!, m[2]!]),
      );
      const second = CREATED.toISOString().replace(/\.\d+Z$/, 'Z');
      expect(info['CreationDate']).toBe(second);
      expect(info['ModDate']).toBe(second);
      expect(xmp).toContain(`<xmp:CreateDate>${second}</xmp:CreateDate>`);
      expect(xmp).toContain(`<xmp:ModifyDate>${second}</xmp:ModifyDate>`);
      expect(xmp).toContain(`<rdf:li xml:lang="x-default">${info['Title']}</rdf:li>`);
      expect(xmp).toContain(`<dc:creator><rdf:Seq><rdf:li>${info['Author']}</rdf:li>`);
      expect(xmp).toContain(`<xmp:CreatorTool>${info['Creator']}</xmp:CreatorTool>`);
      expect(xmp).toContain(`<pdf:Producer>${info['Producer']}</pdf:Producer>`);
      expect(info['Tagged']).toBe('yes');
      expect(info['Encrypted']).toBe('no');
      expect(info['PDF version']).toBe('1.7');
    },
  );

  it.skipIf(lacking('qpdf'))(
    `has an sRGB OutputIntent, a document id, and nothing transparent${needs('qpdf')}`,
    async () => {
      const pdf = await made;
      const objects = qpdfObjects(pdf);
      const id = objects.trailer['/ID'] as string[];
      expect(id).toHaveLength(2);
      expect(id[0]).toMatch(/^b:[0-9a-f]{32}$/);
      expect(objects.trailer['/Encrypt']).toBeUndefined();

      const catalog = objects.get(objects.trailer['/Root']!);
      const intents = catalog['/OutputIntents'] as string[];
      expect(intents).toHaveLength(1);
      const intent = objects.get(intents[0]!);
      expect(intent['/S']).toBe('/GTS_PDFA1');
      expect(intent['/OutputConditionIdentifier']).toBe('u:sRGB IEC61966-2.1');
      const profileRef = intent['/DestOutputProfile'] as string;
      expect(objects.get(profileRef)['/N']).toBe(3);
      const profile = streamData(pdf, profileRef);
      expect(profile.subarray(36, 40).toString('latin1')).toBe('acsp');
      expect(profile.subarray(16, 20).toString('latin1')).toBe('RGB ');

      // The XMP is readable as it stands: PDF/A allows no filter on it.
      const metadata = objects.get(catalog['/Metadata']!);
      expect(metadata).toMatchObject({ '/Type': '/Metadata', '/Subtype': '/XML' });
      expect(metadata['/Filter']).toBeUndefined();
      expect(catalog['/Lang']).toMatch(/^u:(sv|fi)/);
      expect(catalog['/MarkInfo']).toEqual({ '/Marked': true });

      for (const { ref, dict } of objects.all()) {
        expect(dict['/SMask'], ref).toBeUndefined();
        expect(dict['/Group'], ref).toBeUndefined();
        for (const alpha of ['/CA', '/ca']) if (alpha in dict) expect(dict[alpha], ref).toBe(1);
      }
    },
  );

  it.skipIf(lacking('pdftotext'))(`gives back å ä ö Å Ä Ö š ž as text${needs('pdftotext')}`, async () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', await made, '-']).stdout;
    expect(text).toContain(LETTERS);
    // The character DejaVu lacks comes back as U+FFFD: drawn with a glyph, not as .notdef.
    expect(text).toContain('\uFFFD');
    expect(text).not.toContain('?');
  });
});

describe('the structure tree, as poppler reads it', () => {
  // poppler takes seconds to gather the text of a few hundred elements (-struct-text), so the
  // long document's shape is read without text (-struct) and a short one's with it.
  it.skipIf(lacking('pdfinfo'))(
    `tags the billing basis's table over two pages with one header row${needs('pdfinfo')}`,
    async () => {
      const tree = run('pdfinfo', ['-struct', file(await billing(40))]).stdout;
      expect(tree.match(/^ {2}Table/gm)).toHaveLength(1);
      // The header, drawn on both table pages, is one row in the structure; 40 rows; totals.
      expect(tree.match(/^ {4}TR$/gm)).toHaveLength(42);
      expect(tree.match(/TH:\n\s+\/Scope \/Column/g)).toHaveLength(7);
      expect(tree.match(/TH:\n\s+\/Scope \/Row/g)).toHaveLength(1);
      expect(tree.match(/^ {6}TD$/gm)).toHaveLength(40 * 7 + 6);
    },
  );

  it.skipIf(lacking('pdfinfo'))(
    `tags the billing basis's heading, facts, cells and chart with their text${needs('pdfinfo')}`,
    async () => {
      const tree = run('pdfinfo', ['-struct-text', file(await billing(2))]).stdout;
      expect(tree).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Underlag för ersättning 2026-05"/);
      expect(tree).toContain('"Utförare: Åkesson Omsorg"');
      expect(tree).toMatch(/TH:\n\s+\/Scope \/Column\n\s+"Brukare"/);
      expect(tree).toMatch(/TD\n\s+"Åsa Öberg-Šimić 0"/);
      expect(tree).toMatch(/TD\n\s+"HT Hemtjänst: städning, tvätt[^"]*…"/);
      expect(tree).toMatch(/TH:\n\s+\/Scope \/Row\n\s+"Totalt"/);
      expect(tree).toMatch(/H2 \(block\)\n\s+"Planerad och utförd tid per vecka"\n\s+Figure/);
      // Page numbers are artifacts, outside the structure.
      expect(tree).not.toContain('Sida 1 av 2');
    },
  );

  it.skipIf(lacking('pdfinfo'))(
    `tags the person export's heading, sections and lines${needs('pdfinfo')}`,
    async () => {
      const tree = run('pdfinfo', ['-struct-text', file(await person())]).stdout;
      expect(tree).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Registerutdrag"/);
      expect(tree.match(/^ {2}Sect$/gm)).toHaveLength(2);
      expect(tree).toMatch(/Sect\n\s+H2 \(block\)\n\s+"Besök \(70\)"/);
      expect(tree).toContain('"2026-05-1 besök 0"');
      expect(tree).toContain('"2026-05-14 besök 69"');
    },
  );

  it.skipIf(lacking('pdfinfo'))(
    `keeps a paragraph that goes on over a page break one element${needs('pdfinfo')}`,
    async () => {
      const pdf = await ArchivalPdf.create({ title: 't', author: 'a', language: 'sv', createdAt: CREATED });
      const first = pdf.addPage([300, 200]);
      const second = pdf.addPage([300, 200]);
      const p = pdf.tags.add(pdf.tags.root, 'P');
      drawText(pdf, first, p, 'början på sidan ett', { x: 10, top: 180, size: 9 });
      drawText(pdf, second, pdf.tags.add(pdf.tags.root, 'H1'), 'Rubrik', { x: 10, top: 20, size: 9 });
      drawText(pdf, second, p, 'och slutet på sidan två', { x: 10, top: 40, size: 9 });
      const tree = run('pdfinfo', ['-struct-text', file(await pdf.save())]).stdout;
      expect(tree).toBe(
        'Document\n  P (block)\n    "början på sidan ett"\n    "och slutet på sidan två"\n' +
          '  H1 (block)\n    "Rubrik"\n',
      );
    },
  );
});
