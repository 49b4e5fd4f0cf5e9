// PDF/A-2b documents with embedded fonts and a structure tree, for the workstation core and the
// central server (never the renderer: this reads font files under Node).
export { ArchivalPdf, type DocumentInfo } from './document.ts';
export { drawBox, drawRule, drawText, type Tag, type TextPlace } from './draw.ts';
export { PageFlow, type FlowLayout } from './flow.ts';
export { numberPages } from './page-numbers.ts';
export { sectionedPdf, type PdfSection } from './sectioned.ts';
export type { StructureElement, StructureRole } from './structure.ts';
export { TableWriter, type TableColumn, type TableLayout } from './table.ts';
export { fitText, wrapText } from './text-fit.ts';
