// The OutputIntent's sRGB profile is made in code (src/shared/pdf/srgb-icc.ts says why): it must
// be a valid ICC v2 display profile as another parser reads it (the icc package), complete for
// the matrix/TRC kind (ICC.1:2001-04 8.4.5), white-balanced (its three colorants add up to the
// D50 connection white), with sRGB's curve, and the very bytes each PDF carries.
import { parse } from 'icc';
import { describe, expect, it } from 'vitest';
import { D50, srgbIccProfile, srgbToLinear } from '../../../src/shared/pdf/srgb-icc.ts';
import { plain } from './fixtures.ts';
import { file, lacking, needs, qpdfObjects, streamData } from './pdf-tools.ts';

const profile = Buffer.from(srgbIccProfile());

function tags(): Map<string, Buffer> {
  const count = profile.readUInt32BE(128);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    const offset = profile.readUInt32BE(at + 4);
    const size = profile.readUInt32BE(at + 8);
    expect(offset % 4, 'tag data starts on a 4-byte boundary').toBe(0);
    expect(offset + size).toBeLessThanOrEqual(profile.length);
    out.set(profile.subarray(at, at + 4).toString('latin1'), profile.subarray(offset, offset + size));
  }
  return out;
}

const xyz = (b: Buffer) => [0, 1, 2].map((i) => b.readInt32BE(8 + i * 4) / 65536);

describe('the generated sRGB ICC profile', () => {
  it('is a v2 RGB display profile to XYZ, as the icc package reads it', () => {
    expect(parse(profile)).toMatchObject({
      version: '2.1',
      deviceClass: 'Monitor',
      colorSpace: 'RGB',
      connectionSpace: 'XYZ',
      description: expect.stringContaining('sRGB') as unknown,
    });
  });

  it('has every tag a matrix/TRC display profile needs, and its colorants add up to D50', () => {
    const t = tags();
    for (const sig of ['desc', 'cprt', 'wtpt', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC'])
      expect(t.has(sig), sig).toBe(true);
    const [r, g, b] = [xyz(t.get('rXYZ')!), xyz(t.get('gXYZ')!), xyz(t.get('bXYZ')!)];
    // RGB (1, 1, 1) is the connection space's white: each s15Fixed16 rounds by half a unit.
    D50.forEach((white, i) => expect(Math.abs(r[i]! + g[i]! + b[i]! - white)).toBeLessThan(2 / 65536));
    // Red, green and blue keep their order of luminance (Y): green brightest, blue darkest.
    expect(g[1]!).toBeGreaterThan(r[1]!);
    expect(r[1]!).toBeGreaterThan(b[1]!);
  });

  it("carries sRGB's transfer curve: 0 to 1, rising, linear near black", () => {
    const curve = tags().get('rTRC')!;
    expect(curve.subarray(0, 4).toString('latin1')).toBe('curv');
    const n = curve.readUInt32BE(8);
    const at = (i: number) => curve.readUInt16BE(12 + i * 2) / 65535;
    expect(n).toBeGreaterThan(256);
    expect(at(0)).toBe(0);
    expect(at(n - 1)).toBe(1);
    for (let i = 1; i < n; i++) expect(at(i)).toBeGreaterThanOrEqual(at(i - 1));
    // Mid grey (0.5 encoded) is about 21.4 % of full light in sRGB.
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214, 3);
    expect(at(Math.round((n - 1) / 2))).toBeCloseTo(0.214, 2);
    expect(at(10)).toBeCloseTo(10 / (n - 1) / 12.92, 4);
  });

  it('is the same bytes at each call, with the size its header says', () => {
    expect(Buffer.from(srgbIccProfile()).equals(profile)).toBe(true);
    expect(profile.readUInt32BE(0)).toBe(profile.length);
  });

  it.skipIf(lacking('qpdf'))(`is what a document's OutputIntent carries${needs('qpdf')}`, async () => {
    const pdf = file(await plain());
    const objects = qpdfObjects(pdf);
    const catalog = objects.get(objects.trailer['/Root']!);
    const intent = objects.get((catalog['/OutputIntents'] as string[])[0]!);
    expect(streamData(pdf, intent['/DestOutputProfile'] as string).equals(profile)).toBe(true);
  });
});
