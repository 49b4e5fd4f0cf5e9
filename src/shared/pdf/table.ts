// A simple table that runs over pages: a header row (its labels broken over lines when a column
// is narrow, set on the rule), rows of single-line cells cut to their column with "…", and a
// totals row under a rule. On each new page the header is drawn again, as a pagination artifact:
// the structure has one header row, as the table has one set of columns.
import type { ArchivalPdf } from './document.ts';
import { drawRule, drawText, type Tag } from './draw.ts';
import type { PageFlow } from './flow.ts';
import type { StructureElement } from './structure.ts';
import { wrapText } from './text-fit.ts';

export interface TableColumn {
  header: string;
  /** The column's left edge. */
  x: number;
  width: number;
  align?: 'left' | 'right';
}

export interface TableLayout {
  size: number;
  /** From one row's baseline to the next. */
  rowHeight: number;
  /** The rules run from `left` to `right`. */
  left: number;
  right: number;
}

/** Header rule: this far under the header's last baseline; the first row this far under the rule. */
const HEADER_RULE = 6;
const AFTER_RULE = 14;

export class TableWriter {
  readonly element: StructureElement;
  readonly #pdf: ArchivalPdf;
  readonly #flow: PageFlow;
  readonly #columns: readonly TableColumn[];
  readonly #layout: TableLayout;
  #headed = false;

  constructor(
    pdf: ArchivalPdf,
    flow: PageFlow,
    parent: StructureElement,
    columns: readonly TableColumn[],
    layout: TableLayout,
  ) {
    this.#pdf = pdf;
    this.#flow = flow;
    this.#columns = columns;
    this.#layout = layout;
    this.element = pdf.tags.add(parent, 'Table');
  }

  #cellX(c: TableColumn): number {
    return c.align === 'right' ? c.x + c.width : c.x;
  }

  /** The header row; the first time it is the table's TH row, after that a repeat on a new page. */
  header(): void {
    const { size, left, right } = this.#layout;
    const lineHeight = size * 1.2;
    const font = this.#pdf.fonts.bold;
    const wrapped = this.#columns.map((c) => wrapText(font, c.header, size, c.width));
    const lines = Math.max(...wrapped.map((w) => w.length));
    const row = this.#headed ? null : this.#pdf.tags.add(this.element, 'TR');
    const page = this.#flow.page;
    this.#columns.forEach((c, i) => {
      const tag: Tag = row ? this.#pdf.tags.add(row, 'TH', { scope: 'Column' }) : 'Pagination';
      const cell = wrapped[i]!;
      // Labels sit on the rule: a one-line label beside a two-line one takes the lower line.
      cell.forEach((text, k) =>
        drawText(this.#pdf, page, tag, text, {
          x: this.#cellX(c),
          top: this.#flow.top + (lines - cell.length + k) * lineHeight,
          size,
          bold: true,
          align: c.align ?? 'left',
        }),
      );
    });
    const rule = this.#flow.top + (lines - 1) * lineHeight + HEADER_RULE;
    drawRule(this.#pdf, page, { from: left, to: right, top: rule });
    this.#flow.top = rule + AFTER_RULE;
    this.#headed = true;
  }

  #cells(cells: readonly string[], bold: boolean, rowHeader: boolean): void {
    const row = this.#pdf.tags.add(this.element, 'TR');
    this.#columns.forEach((c, i) => {
      const cell =
        rowHeader && i === 0
          ? this.#pdf.tags.add(row, 'TH', { scope: 'Row' })
          : this.#pdf.tags.add(row, 'TD');
      drawText(this.#pdf, this.#flow.page, cell, cells[i] ?? '', {
        x: this.#cellX(c),
        top: this.#flow.top,
        size: this.#layout.size,
        bold,
        align: c.align ?? 'left',
        width: c.width,
      });
    });
  }

  /** One row; on a new page first when this one is full. */
  row(cells: readonly string[]): void {
    if (this.#flow.ensure()) this.header();
    this.#cells(cells, false, false);
    this.#flow.top += this.#layout.rowHeight;
  }

  /** The totals, in bold under a rule; its first cell heads the row. */
  totals(cells: readonly string[]): void {
    if (this.#flow.ensure(4)) this.header();
    const { left, right, rowHeight } = this.#layout;
    drawRule(this.#pdf, this.#flow.page, { from: left, to: right, top: this.#flow.top - 8 });
    this.#flow.top += 4;
    this.#cells(cells, true, true);
    this.#flow.top += rowHeight;
  }
}
