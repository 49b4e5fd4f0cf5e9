// Every row of 1177's DocBook table (seed 003), both ways: the builder puts each element under each
// parent the table allows, with each child it allows, and the validator passes it; the validator
// refuses each element under every parent, and with every child, the table does not allow.
import { describe, expect, it } from 'vitest';
import {
  article,
  bibliography,
  DOCBOOK_TABLE,
  info,
  listitem,
  para,
  section,
  serialiseDocBook,
  term,
  title,
  ulink,
  validateDocBook,
  variablelist,
  varlistentry,
  type DocBookElement,
  type DocBookNode,
} from '../../../integrations/patientportal/index.ts';

const elements = Object.keys(DOCBOOK_TABLE) as DocBookElement[];
const rowOf = (e: DocBookElement) => DOCBOOK_TABLE[e] as (typeof DOCBOOK_TABLE)[DocBookElement];
const parentsOf = (e: DocBookElement): readonly DocBookElement[] => rowOf(e).parents;
const childrenOf = (e: DocBookElement): readonly DocBookElement[] => rowOf(e).children;
const carriesText = (e: DocBookElement): boolean => rowOf(e).text;

type Part = DocBookNode | string;
// The rows are walked by name here, which the builder's types cannot follow; its runtime checks
// still refuse anything the table does not allow, so a wrong row would fail the test, not pass it.
const LINK = 'https://www.1177.se/inkorg';
const builders: Record<DocBookElement, (...content: Part[]) => DocBookNode> = {
  article: article as (...content: Part[]) => DocBookNode,
  info: info as (...content: Part[]) => DocBookNode,
  section: section as (...content: Part[]) => DocBookNode,
  para: para as (...content: Part[]) => DocBookNode,
  bibliography: bibliography as (...content: Part[]) => DocBookNode,
  variablelist: variablelist as (...content: Part[]) => DocBookNode,
  title: title as (...content: Part[]) => DocBookNode,
  ulink: (...content: Part[]) => ulink(LINK, ...(content as string[])),
  varlistentry: varlistentry as (...content: Part[]) => DocBookNode,
  term: term as (...content: Part[]) => DocBookNode,
  listitem: listitem as (...content: Part[]) => DocBookNode,
};

/** The shortest chain of elements from article down to (and including) `target`. */
function pathTo(target: DocBookElement): DocBookElement[] {
  const queue: DocBookElement[][] = [['article']];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const last = path.at(-1)!;
    if (last === target) return path;
    for (const child of childrenOf(last)) if (!path.includes(child)) queue.push([...path, child]);
  }
  throw new Error(`${target} cannot be reached from article`);
}

/** `inner` placed in `parent`, and that wrapped up to article along the shortest path. */
function documentWith(parent: DocBookElement, inner: Part[]): DocBookNode<'article'> {
  const path = pathTo(parent);
  let node = builders[parent](...inner);
  for (const ancestor of path.slice(0, -1).reverse()) node = builders[ancestor](node);
  return node as DocBookNode<'article'>;
}

/** The same for raw text, to write what the builder would refuse. */
function rawDocumentWith(parent: DocBookElement, inner: string): string {
  const path = pathTo(parent);
  let xml = open(parent) + inner + `</${parent}>`;
  for (const ancestor of path.slice(0, -1).reverse()) xml = `<${ancestor}>${xml}</${ancestor}>`;
  return xml;
}

const open = (e: DocBookElement) => (e === 'ulink' ? `<ulink url="${LINK}">` : `<${e}>`);
const rawSample = (e: DocBookElement) => `${open(e)}${carriesText(e) ? 'x' : ''}</${e}>`;
const sample = (e: DocBookElement): DocBookNode => builders[e](...(carriesText(e) ? [`${e} text`] : []));

describe('the DocBook table as data', () => {
  it('has the eleven elements of the seed', () => {
    expect(elements.sort()).toEqual(
      [
        'article',
        'bibliography',
        'info',
        'listitem',
        'para',
        'section',
        'term',
        'title',
        'ulink',
        'variablelist',
        'varlistentry',
      ].sort(),
    );
  });

  it('lists each parent–child pair in both columns (the seed’s two columns agree)', () => {
    for (const e of elements) {
      for (const p of parentsOf(e)) expect(childrenOf(p), `${p} → ${e}`).toContain(e);
      for (const c of childrenOf(e)) expect(parentsOf(c), `${c} ← ${e}`).toContain(e);
    }
  });

  it('has article as its only root and reaches every element from it', () => {
    expect(elements.filter((e) => parentsOf(e).length === 0)).toEqual(['article']);
    for (const e of elements) expect(pathTo(e).at(-1)).toBe(e);
  });
});

describe.each(elements)('row %s', (element) => {
  const parents: (DocBookElement | null)[] = parentsOf(element).length > 0 ? [...parentsOf(element)] : [null];
  const notParents = elements.filter((p) => !parentsOf(element).includes(p));
  const notChildren = elements.filter((c) => !childrenOf(element).includes(c));

  it.each(parents)('is built and passes under %s, empty and with each allowed child', (parent) => {
    const contents: Part[][] = [
      [],
      ...childrenOf(element).map((c) => [sample(c)]),
      ...(carriesText(element) ? [['some text'], ['text', ...childrenOf(element).map(sample), 'more']] : []),
      // Every allowed child at once, each twice: the table sets no order and no count.
      [...childrenOf(element).map(sample), ...childrenOf(element).map(sample)],
    ];
    for (const content of contents) {
      const built = builders[element](...content);
      const doc = parent === null ? (built as DocBookNode<'article'>) : documentWith(parent, [built]);
      const xml = serialiseDocBook(doc);
      expect(validateDocBook(xml), xml).toEqual({ ok: true });
      expect(validateDocBook(serialiseDocBook(doc, { declaration: false })), xml).toEqual({ ok: true });
    }
  });

  it.each(notParents)('is refused under %s (nesting)', (parent) => {
    const xml = rawDocumentWith(parent, rawSample(element));
    expect(validateDocBook(xml), xml).toEqual({
      ok: false,
      code: 'patientportal.docbook.nesting',
      params: { element, parent },
    });
  });

  it.each(notChildren)('refuses %s inside it (nesting)', (child) => {
    const host = parentsOf(element)[0];
    const inner = `${open(element)}${rawSample(child)}</${element}>`;
    const xml = host === undefined ? inner : rawDocumentWith(host, inner);
    expect(validateDocBook(xml), xml).toEqual({
      ok: false,
      code: 'patientportal.docbook.nesting',
      params: { element: child, parent: element },
    });
  });

  it('refuses text where the table carries none, and allows whitespace', () => {
    const host = parentsOf(element)[0];
    const wrap = (inner: string) => (host === undefined ? inner : rawDocumentWith(host, inner));
    const withText = wrap(`${open(element)}words</${element}>`);
    expect(validateDocBook(withText)).toEqual(
      carriesText(element)
        ? { ok: true }
        : { ok: false, code: 'patientportal.docbook.text', params: { element } },
    );
    expect(validateDocBook(wrap(`${open(element)} \n\t </${element}>`))).toEqual({ ok: true });
  });

  it('refuses an attribute the table does not give it', () => {
    const host = parentsOf(element)[0];
    const inner = `${open(element).replace('>', ' role="x">')}</${element}>`;
    const xml = host === undefined ? inner : rawDocumentWith(host, inner);
    expect(validateDocBook(xml)).toEqual({
      ok: false,
      code: 'patientportal.docbook.attribute',
      params: { element, attribute: 'role' },
    });
  });

  it('is refused as the document element unless it is article', () => {
    expect(validateDocBook(rawSample(element))).toEqual(
      element === 'article'
        ? { ok: true }
        : { ok: false, code: 'patientportal.docbook.root', params: { element } },
    );
  });

  it('is refused by the builder under a parent the table does not allow, past a cast', () => {
    for (const parent of notParents) {
      expect(() => builders[parent](sample(element))).toThrow(
        expect.objectContaining({ code: 'patientportal.docbook.nesting', params: { element, parent } }),
      );
    }
  });
});
