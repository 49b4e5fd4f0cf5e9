// The logical structure of a tagged PDF (ISO 32000-1 14.7, 14.8): a tree of elements (Document,
// H1, P, Table, TR, TH, TD, Figure) whose leaves point at marked content on the pages, so a screen
// reader reads headings, paragraphs and table cells in order instead of loose glyphs. Rules, page
// numbers and repeated table headers are marked as artifacts, which readers skip.
//
// pdf-lib has no tagging API of its own: this writes the operators (BDC/EMC) and the objects
// (StructTreeRoot, StructElem, ParentTree) directly. It covers what our documents hold — text,
// tables, a chart as a Figure with alternative text. It does not make a document PDF/UA or
// PDF/A level A by itself: that needs every piece of content tagged and a checker to say so.
import {
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

export type StructureRole = 'Document' | 'Sect' | 'H1' | 'H2' | 'P' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure';

export interface ElementOptions {
  /** Alternative text, which a reader speaks instead of the content (a Figure needs one). */
  alt?: string;
  /** For TH: whether it heads a column or a row. */
  scope?: 'Column' | 'Row';
}

interface MarkedContent {
  page: PDFPage;
  mcid: number;
}

export class StructureElement {
  readonly kids: (StructureElement | MarkedContent)[] = [];
  readonly role: StructureRole;
  readonly ref: PDFRef;
  readonly parent: StructureElement | null;
  readonly options: ElementOptions;
  constructor(role: StructureRole, ref: PDFRef, parent: StructureElement | null, options: ElementOptions) {
    this.role = role;
    this.ref = ref;
    this.parent = parent;
    this.options = options;
  }
}

export type ArtifactKind = 'Layout' | 'Pagination';

export class StructureTree {
  readonly root: StructureElement;
  readonly #doc: PDFDocument;
  /** Per page: the element each marked-content id belongs to, in id order. */
  readonly #marks = new Map<PDFPage, StructureElement[]>();
  readonly #elements: StructureElement[] = [];

  constructor(doc: PDFDocument) {
    this.#doc = doc;
    this.root = this.add(null, 'Document');
  }

  add(parent: StructureElement | null, role: StructureRole, options: ElementOptions = {}): StructureElement {
    const element = new StructureElement(role, this.#doc.context.nextRef(), parent, options);
    parent?.kids.push(element);
    this.#elements.push(element);
    return element;
  }

  /** Runs draw() inside a marked-content sequence that is part of `element`. */
  mark(page: PDFPage, element: StructureElement, draw: () => void): void {
    const marks = this.#marks.get(page) ?? [];
    this.#marks.set(page, marks);
    const mcid = marks.length;
    marks.push(element);
    element.kids.push({ page, mcid });
    // pdf-lib writes a string operand as it stands: the inline property list.
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of(element.role),
        `<< /MCID ${mcid} >>`,
      ]),
    );
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Runs draw() as an artifact: content that is not part of what the document says. */
  artifact(page: PDFPage, draw: () => void, kind: ArtifactKind = 'Layout'): void {
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of('Artifact'),
        `<< /Type /${kind} >>`,
      ]),
    );
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Writes the tree into the document; the catalog's StructTreeRoot is the returned reference. */
  write(): PDFRef {
    const context = this.#doc.context;
    const rootRef = context.nextRef();
    for (const element of this.#elements) {
      const page = element.kids.find((k): k is MarkedContent => !(k instanceof StructureElement))?.page;
      const kids = element.kids.map((k): PDFObject => {
        if (k instanceof StructureElement) return k.ref;
        // A marked-content id alone means "on this element's page"; one on another page (a
        // paragraph that goes on over a page break) needs a reference naming its page.
        if (k.page === page) return PDFNumber.of(k.mcid);
        return context.obj({ Type: 'MCR', Pg: k.page.ref, MCID: k.mcid });
      });
      const dict: Record<string, PDFObject | string> = {
        Type: 'StructElem',
        S: element.role,
        P: element.parent?.ref ?? rootRef,
        K: context.obj(kids),
      };
      if (page) dict['Pg'] = page.ref;
      if (element.options.alt !== undefined) dict['Alt'] = PDFHexString.fromText(element.options.alt);
      if (element.options.scope) dict['A'] = context.obj({ O: 'Table', Scope: element.options.scope });
      context.assign(element.ref, context.obj(dict));
    }
    // The parent tree maps each page's marked-content ids back to their elements (14.7.4.4).
    const nums: PDFObject[] = [];
    [...this.#marks.entries()].forEach(([page, marks], key) => {
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      nums.push(PDFNumber.of(key), context.obj(marks.map((e) => e.ref)));
    });
    context.assign(
      rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: this.root.ref,
        ParentTree: context.obj({ Nums: nums }),
        ParentTreeNextKey: this.#marks.size,
      }),
    );
    return rootRef;
  }
}
