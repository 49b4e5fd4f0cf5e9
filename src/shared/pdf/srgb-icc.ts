// The sRGB ICC profile a PDF/A OutputIntent carries (ISO 19005-2, 6.2.3): it says what colour
// space DeviceRGB means, so an archive can render the documents' rules and bars the same in fifty
// years. No maintained npm package ships an sRGB .icc as its purpose (pdfkit has one among its
// internal data files, not as an API), so the profile is built here: a v2 display profile of the
// matrix/TRC kind (ICC.1:2001-04), the smallest form every colour engine reads. Its numbers are
// the standard's, not measurements: IEC 61966-2-1's primaries and D65 white, Bradford-adapted to
// the ICC's D50 connection space (computed below rather than copied, so the three colorants add
// up to D50 exactly), and the sRGB transfer curve sampled at 1024 points.

/** The profile connection space's illuminant, D50 (ICC.1 7.2.16). */
export const D50: readonly [number, number, number] = [0.9642, 1.0, 0.8249];

type Vec = [number, number, number];
type Mat = [Vec, Vec, Vec];
const mul = (m: Mat, v: Vec): Vec => m.map((r) => r[0] * v[0] + r[1] * v[1] + r[2] * v[2]) as Vec;
const mulM = (a: Mat, b: Mat): Mat =>
  a.map((r) => [0, 1, 2].map((j) => r[0] * b[0][j]! + r[1] * b[1][j]! + r[2] * b[2][j]!)) as Mat;
function inverse(m: Mat): Mat {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}
/** XYZ (Y = 1) of a chromaticity x, y. */
const fromxy = (x: number, y: number): Vec => [x / y, 1, (1 - x - y) / y];

/** sRGB's white, D65, from its chromaticity; the media white point, as the IEC profile has it. */
const D65 = fromxy(0.3127, 0.329);

/**
 * The colorants: IEC 61966-2-1's primaries scaled so that RGB (1, 1, 1) is D65, then carried to
 * the connection space's D50 with the Bradford transform (ICC.1 Annex E), so (1, 1, 1) is D50.
 * Returned as columns r, g, b.
 */
function colorants(): Mat {
  const primaries = [fromxy(0.64, 0.33), fromxy(0.3, 0.6), fromxy(0.15, 0.06)];
  const columns: Mat = [0, 1, 2].map((row) => primaries.map((p) => p[row]!)) as Mat;
  const scale = mul(inverse(columns), D65);
  const rgbToXyz = columns.map((r) => r.map((v, j) => v * scale[j]!)) as Mat;
  const bradford: Mat = [
    [0.8951, 0.2664, -0.1614],
    [-0.7502, 1.7135, 0.0367],
    [0.0389, -0.0685, 1.0296],
  ];
  const from = mul(bradford, D65);
  const to = mul(bradford, [...D50] as Vec);
  const gain: Mat = [
    [to[0] / from[0], 0, 0],
    [0, to[1] / from[1], 0],
    [0, 0, to[2] / from[2]],
  ];
  const adapted = mulM(mulM(mulM(inverse(bradford), gain), bradford), rgbToXyz);
  return [0, 1, 2].map((col) => adapted.map((r) => r[col]!)) as Mat;
}
const CURVE_POINTS = 1024;
const DESCRIPTION = 'sRGB IEC61966-2-1 (CareDock)';
const COPYRIGHT = 'No copyright, use freely: built by CareDock from IEC 61966-2-1';

/** The sRGB decoding function: encoded value 0..1 to linear light 0..1. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

class Bytes {
  readonly parts: Uint8Array[] = [];
  length = 0;
  push(part: Uint8Array): void {
    this.parts.push(part);
    this.length += part.length;
  }
  join(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function tag(signature: string, body: (view: DataView) => void, size: number): Uint8Array {
  // Tag data starts on a 4-byte boundary (ICC.1 6.4), so every tag is padded to one.
  const bytes = new Uint8Array(Math.ceil(size / 4) * 4);
  bytes.set(ascii(signature), 0);
  body(new DataView(bytes.buffer));
  return bytes;
}

const s15Fixed16 = (view: DataView, at: number, v: number) => view.setInt32(at, Math.round(v * 65536));

const xyz = (v: readonly [number, number, number]) =>
  tag('XYZ ', (d) => v.forEach((n, i) => s15Fixed16(d, 8 + i * 4, n)), 20);

/** textDescriptionType (ICC.1:2001-04 6.5.17): ASCII, then empty Unicode and ScriptCode parts. */
function description(text: string): Uint8Array {
  const n = text.length + 1;
  return tag(
    'desc',
    (d) => {
      d.setUint32(8, n);
      ascii(text).forEach((c, i) => d.setUint8(12 + i, c));
    },
    12 + n + 4 + 4 + 2 + 1 + 67,
  );
}

const text = (s: string) =>
  tag('text', (d) => ascii(s).forEach((c, i) => d.setUint8(8 + i, c)), 8 + s.length + 1);

function curve(): Uint8Array {
  return tag(
    'curv',
    (d) => {
      d.setUint32(8, CURVE_POINTS);
      for (let i = 0; i < CURVE_POINTS; i++)
        d.setUint16(12 + i * 2, Math.round(srgbToLinear(i / (CURVE_POINTS - 1)) * 65535));
    },
    12 + CURVE_POINTS * 2,
  );
}

let made: Uint8Array | undefined;

/** The profile's bytes; the same every call (it is made once). */
export function srgbIccProfile(): Uint8Array {
  made ??= build();
  return made;
}

function build(): Uint8Array {
  const trc = curve();
  const [red, green, blue] = colorants();
  // The three TRC tags point at one curve: tags may share their data (ICC.1 6.4).
  const tags: [string, Uint8Array][] = [
    ['desc', description(DESCRIPTION)],
    ['cprt', text(COPYRIGHT)],
    ['wtpt', xyz(D65)],
    ['rXYZ', xyz(red)],
    ['gXYZ', xyz(green)],
    ['bXYZ', xyz(blue)],
    ['rTRC', trc],
    ['gTRC', trc],
    ['bTRC', trc],
  ];
  const tableSize = 4 + tags.length * 12;
  const table = new DataView(new ArrayBuffer(tableSize));
  table.setUint32(0, tags.length);
  const data = new Bytes();
  const placed = new Map<Uint8Array, number>();
  tags.forEach(([signature, bytes], i) => {
    let offset = placed.get(bytes);
    if (offset === undefined) {
      offset = 128 + tableSize + data.length;
      placed.set(bytes, offset);
      data.push(bytes);
    }
    ascii(signature).forEach((c, k) => table.setUint8(4 + i * 12 + k, c));
    table.setUint32(8 + i * 12, offset);
    table.setUint32(12 + i * 12, bytes.length);
  });

  const size = 128 + tableSize + data.length;
  const header = new DataView(new ArrayBuffer(128));
  header.setUint32(0, size);
  header.setUint32(8, 0x02100000); // version 2.1.0
  ascii('mntr').forEach((c, i) => header.setUint8(12 + i, c));
  ascii('RGB ').forEach((c, i) => header.setUint8(16 + i, c));
  ascii('XYZ ').forEach((c, i) => header.setUint8(20 + i, c));
  // A fixed creation date keeps the profile, and so every document's bytes for it, the same.
  [2026, 1, 1, 0, 0, 0].forEach((n, i) => header.setUint16(24 + i * 2, n));
  ascii('acsp').forEach((c, i) => header.setUint8(36 + i, c));
  header.setUint32(64, 0); // perceptual
  D50.forEach((n, i) => s15Fixed16(header, 68 + i * 4, n));

  const out = new Bytes();
  out.push(new Uint8Array(header.buffer));
  out.push(new Uint8Array(table.buffer));
  for (const part of data.parts) out.push(part);
  return out.join();
}
