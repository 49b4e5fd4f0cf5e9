// An archival document: a pdf-lib document with the embedded fonts, a structure tree, and on
// save() the parts PDF/A-2b asks for. The workstation core and the central server both make
// their PDFs through this, so every document we hand to an archive is made the same way.
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { embedFonts, type FontPair } from './fonts.ts';
import { writePdfA } from './pdfa.ts';
import { StructureTree } from './structure.ts';

export interface DocumentInfo {
  title: string;
  /** Who made it: a user name, or the service. */
  author: string;
  /** The text's language as a BCP 47 tag ('sv-SE', 'fi', …): screen readers pick their voice by it. */
  language: string;
  createdAt: Date;
  /**
   * The file's identifier (16 bytes). Random unless given: a document sent again must be the same
   * bytes (TWeb holds an idempotency key to its body), so such a caller derives it from its id.
   */
  documentId?: Uint8Array;
}

const CREATOR = 'CareDock';
const PRODUCER = 'CareDock (pdf-lib)';

export class ArchivalPdf {
  readonly doc: PDFDocument;
  readonly fonts: FontPair;
  readonly tags: StructureTree;
  readonly #info: DocumentInfo;
  readonly #id: Uint8Array;
  #saved = false;

  private constructor(doc: PDFDocument, fonts: FontPair, info: DocumentInfo, id: Uint8Array) {
    this.doc = doc;
    this.fonts = fonts;
    this.tags = new StructureTree(doc);
    this.#info = info;
    this.#id = id;
  }

  static async create(info: DocumentInfo): Promise<ArchivalPdf> {
    // pdf-lib's own metadata (its name as producer, "now" as the dates) is replaced by ours.
    const doc = await PDFDocument.create({ updateMetadata: false });
    const id = info.documentId?.slice(0, 16) ?? crypto.getRandomValues(new Uint8Array(16));
    if (id.length !== 16) throw new RangeError('a PDF document id is 16 bytes');
    return new ArchivalPdf(doc, await embedFonts(doc, id), info, id);
  }

  addPage(size: [number, number]): PDFPage {
    return this.doc.addPage(size);
  }

  async save(): Promise<Uint8Array> {
    if (this.#saved) throw new Error('an archival PDF is saved once');
    this.#saved = true;
    // XMP dates carry no fractions here, so both places name the same whole second.
    const createdAt = new Date(Math.floor(this.#info.createdAt.getTime() / 1000) * 1000);
    writePdfA(
      this.doc,
      { ...this.#info, createdAt, creatorTool: CREATOR, producer: PRODUCER, id: this.#id },
      this.tags.write(),
    );
    return this.doc.save({ addDefaultPage: false });
  }
}
