/**
 * A small PDF writer for printable reports: A4 pages, Helvetica (a standard font every reader
 * has, so nothing is embedded), text, lines and filled rectangles. Text is WinAnsi-encoded,
 * which covers Swedish and Finnish letters.
 */

const WIDTH = 842; // A4 landscape, points
const HEIGHT = 595;

function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const byte =
      code < 0x80 || (code >= 0xa0 && code <= 0xff)
        ? code
        : ch === '€'
          ? 0x80
          : ch === '–'
            ? 0x96
            : ch === '—'
              ? 0x97
              : ch === '’'
                ? 0x92
                : 0x3f;
    const c = String.fromCharCode(byte);
    out += c === '(' || c === ')' || c === '\\' ? `\\${c}` : byte < 0x20 ? ' ' : c;
  }
  return out;
}

export class PdfDocument {
  readonly #pages: string[] = [];
  #ops: string[] = [];

  constructor() {
    this.addPage();
  }

  get width(): number {
    return WIDTH;
  }
  get height(): number {
    return HEIGHT;
  }

  addPage(): void {
    if (this.#ops.length > 0 || this.#pages.length > 0) this.#pages.push(this.#ops.join('\n'));
    this.#ops = [];
  }

  /** y is measured from the top of the page, as people read it. */
  text(x: number, y: number, text: string, size = 10, bold = false): void {
    this.#ops.push(
      `BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(1)} ${(HEIGHT - y).toFixed(1)} Td (${winAnsi(text)}) Tj ET`,
    );
  }

  /** Right-aligned by an estimate of Helvetica's average width: good enough for number columns. */
  textRight(xRight: number, y: number, text: string, size = 10): void {
    this.text(xRight - text.length * size * 0.52, y, text, size);
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5): void {
    this.#ops.push(`${width} w ${x1} ${HEIGHT - y1} m ${x2} ${HEIGHT - y2} l S`);
  }

  rect(x: number, y: number, w: number, h: number, rgb: [number, number, number]): void {
    this.#ops.push(
      `${rgb.map((c) => c.toFixed(3)).join(' ')} rg ${x.toFixed(1)} ${(HEIGHT - y - h).toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)} re f 0 0 0 rg`,
    );
  }

  toBuffer(): Buffer {
    const pages = [...this.#pages, this.#ops.join('\n')];
    const objects: string[] = [];
    const add = (body: string) => objects.push(body);
    add('<< /Type /Catalog /Pages 2 0 R >>');
    const kids = pages.map((_, i) => `${5 + i * 2} 0 R`).join(' ');
    add(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    pages.forEach((content, i) => {
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${WIDTH} ${HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + i * 2} 0 R >>`,
      );
      add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    });
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(out, 'latin1'));
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }
}
