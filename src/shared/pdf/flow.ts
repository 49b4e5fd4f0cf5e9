// Text that runs down the page and on to the next: a cursor (the next baseline, from the top) and
// the margins that decide when a new page starts.
import type { PDFPage } from 'pdf-lib';
import type { ArchivalPdf } from './document.ts';

export interface FlowLayout {
  size: [number, number];
  /** The first baseline on a page, from the top. */
  top: number;
  /** No baseline (plus what hangs below it) comes closer to the bottom edge than this. */
  bottom: number;
}

export class PageFlow {
  page: PDFPage;
  /** The next baseline, from the top of the page. */
  top: number;
  readonly #pdf: ArchivalPdf;
  readonly #layout: FlowLayout;

  constructor(pdf: ArchivalPdf, layout: FlowLayout) {
    this.#pdf = pdf;
    this.#layout = layout;
    this.page = pdf.addPage(layout.size);
    this.top = layout.top;
  }

  newPage(): void {
    this.page = this.#pdf.addPage(this.#layout.size);
    this.top = this.#layout.top;
  }

  /** Starts a new page unless a line at the cursor, reaching `below` under it, fits on this one. */
  ensure(below = 0): boolean {
    if (this.top + below <= this.#layout.size[1] - this.#layout.bottom) return false;
    this.newPage();
    return true;
  }
}
