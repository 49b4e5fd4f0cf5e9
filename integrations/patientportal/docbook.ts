// DocBook for AddMessageToPatientPortalInbox's messageText, restricted to the element / parent /
// child table 1177 publishes (seed 003, "Formatering av meddelanden"). 1177 renders anything else
// as "##### Mismatched Element in Source #####" in the citizen's inbox, so the table is the whole
// language: the builder's types cannot leave it, and the validator refuses everything outside it.
import { SaxesParser } from 'saxes';
import { CareDockError, type ErrorCode } from '../../src/shared/errors/index.ts';

interface ElementRule {
  /** The seed's "Parent" column; empty for "NA" (the root). */
  readonly parents: readonly string[];
  /** The seed's "Child" column; empty for "NA". */
  readonly children: readonly string[];
  /**
   * Whether character data may stand in the element. The table lists only elements, so this comes
   * from the seed's own example: its leaves and para carry text, its containers only the
   * whitespace that indents their children.
   */
  readonly text: boolean;
  /**
   * The table names no attributes; ulink cannot link without url (the seed's example and the
   * "ulink" route for SSO links both use it). Every attribute listed here is required.
   */
  readonly attributes: readonly string[];
}

/** The seed's table, row for row. */
export const DOCBOOK_TABLE = {
  article: {
    parents: [],
    children: ['info', 'para', 'section', 'bibliography', 'variablelist'],
    text: false,
    attributes: [],
  },
  info: { parents: ['article', 'section'], children: ['title'], text: false, attributes: [] },
  section: {
    parents: ['article'],
    children: ['info', 'title', 'para', 'bibliography', 'variablelist'],
    text: false,
    attributes: [],
  },
  para: { parents: ['article', 'section'], children: ['ulink'], text: true, attributes: [] },
  bibliography: { parents: ['article', 'section'], children: [], text: true, attributes: [] },
  variablelist: {
    parents: ['article', 'section'],
    children: ['title', 'varlistentry'],
    text: false,
    attributes: [],
  },
  title: { parents: ['info', 'section', 'variablelist'], children: [], text: true, attributes: [] },
  ulink: { parents: ['para'], children: [], text: true, attributes: ['url'] },
  varlistentry: { parents: ['variablelist'], children: ['term', 'listitem'], text: false, attributes: [] },
  term: { parents: ['varlistentry'], children: [], text: true, attributes: [] },
  listitem: { parents: ['varlistentry'], children: [], text: true, attributes: [] },
} as const satisfies Record<string, ElementRule>;

export type DocBookElement = keyof typeof DOCBOOK_TABLE;
type Rule<E extends DocBookElement> = (typeof DOCBOOK_TABLE)[E];

// A typo in the table (a child or parent that is not a row) fails to compile here.
type Closed<
  T extends Record<
    DocBookElement,
    { parents: readonly DocBookElement[]; children: readonly DocBookElement[] }
  >,
> = T;
type _DocBookTableIsClosed = Closed<typeof DOCBOOK_TABLE>;

/** The document element: the only row whose parent is "NA". */
export const DOCBOOK_ROOT = 'article' satisfies DocBookElement;

export function isDocBookElement(name: string): name is DocBookElement {
  return Object.hasOwn(DOCBOOK_TABLE, name);
}

const rule = (name: DocBookElement): ElementRule => DOCBOOK_TABLE[name];

// ── builder ──

// Not exported: a node can only come from the functions below, so a hand-made object literal
// cannot smuggle a disallowed child past the types.
const NODE: unique symbol = Symbol('DocBook node');

export interface DocBookNode<E extends DocBookElement = DocBookElement> {
  readonly [NODE]: E;
  readonly element: E;
  readonly attributes: Readonly<Record<string, string>>;
  readonly content: readonly (DocBookNode | string)[];
}

type NodeOf<N> = N extends DocBookElement ? DocBookNode<N> : never;
/** What the table lets stand inside E: its child rows, and strings only where it carries text. */
export type DocBookContent<E extends DocBookElement> =
  NodeOf<Rule<E>['children'][number]> | (Rule<E>['text'] extends true ? string : never);

// Control characters (other than tab and newlines), lone surrogates, U+FFFE and U+FFFF cannot be
// written in XML 1.0 at all, not even as character references.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The first character XML 1.0 cannot carry, as U+XXXX, or null. */
export function firstNonXmlCharacter(text: string): string | null {
  const found = NOT_XML.exec(text);
  if (!found) return null;
  const code = found[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function checkCharacters(text: string): void {
  const codePoint = firstNonXmlCharacter(text);
  if (codePoint !== null) throw new CareDockError('patientportal.docbook.character', { codePoint });
}

/**
 * An absolute http or https address with a host and no user or password. http is accepted because
 * 1177's own example links to http://www.exampleurl.com and nothing in its rules asks for more;
 * what must never reach a citizen is a javascript:, data:, file: or relative link, or one whose
 * user part makes a link look like it goes somewhere it does not. The raw text is checked too: the
 * URL parser quietly drops tabs and newlines that 1177 would keep.
 */
export function isAllowedLinkUrl(url: string): boolean {
  if (!/^[^\s\u0000-\u001F\u007F]+$/u.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

function node<E extends DocBookElement>(
  element: E,
  attributes: Record<string, string>,
  content: readonly (DocBookNode | string)[],
): DocBookNode<E> {
  // The types already forbid all of this; the checks hold for callers that cast their way past them.
  const allowed = rule(element);
  for (const part of content) {
    if (typeof part === 'string') {
      if (!allowed.text) throw new CareDockError('patientportal.docbook.text', { element });
      checkCharacters(part);
    } else if ((part as Partial<DocBookNode>)[NODE] !== part.element) {
      // A look-alike object would be serialised without any of these checks having seen its content.
      throw new TypeError('DocBook content must come from the builder');
    } else if (!allowed.children.includes(part.element)) {
      throw new CareDockError('patientportal.docbook.nesting', { element: part.element, parent: element });
    }
  }
  return { [NODE]: element, element, attributes, content: [...content] };
}

type Plain = Exclude<DocBookElement, 'ulink'>;
const plain =
  <E extends Plain>(element: E) =>
  (...content: DocBookContent<E>[]): DocBookNode<E> =>
    node(element, {}, content);

export const article = plain('article');
export const info = plain('info');
export const section = plain('section');
export const para = plain('para');
export const bibliography = plain('bibliography');
export const variablelist = plain('variablelist');
export const title = plain('title');
export const varlistentry = plain('varlistentry');
export const term = plain('term');
export const listitem = plain('listitem');

/** A link; `url` must pass isAllowedLinkUrl, which the types cannot see. */
export function ulink(url: string, ...text: string[]): DocBookNode<'ulink'> {
  if (!isAllowedLinkUrl(url)) throw new CareDockError('patientportal.docbook.url', { url });
  return node('ulink', { url }, text);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a raw CR (and CR LF) into LF; written as a reference it comes back as itself.
  '\r': '&#13;',
  // Attribute values have their tabs and newlines turned into spaces unless written as references.
  '\t': '&#9;',
  '\n': '&#10;',
};

/** Escapes text for XML character data (tab and newline stay as they are). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>"'\r]/g, (ch) => ESCAPES[ch] ?? ch);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\r\t\n]/g, (ch) => ESCAPES[ch] ?? ch);
}

function write(part: DocBookNode | string): string {
  if (typeof part === 'string') return escapeXmlText(part);
  const attributes = Object.entries(part.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  return `<${part.element}${attributes}>${part.content.map(write).join('')}</${part.element}>`;
}

export interface SerialiseOptions {
  /** The XML declaration 1177's example starts with; on unless turned off. */
  declaration?: boolean;
}

/** The DocBook XML text of a message: what goes, entity-encoded, into messageText. */
export function serialiseDocBook(root: DocBookNode<'article'>, options: SerialiseOptions = {}): string {
  if (root.element !== DOCBOOK_ROOT)
    throw new CareDockError('patientportal.docbook.root', { element: root.element });
  const declaration = options.declaration ?? true;
  return `${declaration ? '<?xml version="1.0"?>' : ''}${write(root)}`;
}

// ── validator ──

export type DocBookRefusal =
  | { code: 'patientportal.docbook.broken'; params: { line: number; column: number } }
  | { code: 'patientportal.docbook.doctype'; params: Record<string, never> }
  | { code: 'patientportal.docbook.markup'; params: { markup: string } }
  | { code: 'patientportal.docbook.root'; params: { element: string } }
  | { code: 'patientportal.docbook.element'; params: { element: string } }
  | { code: 'patientportal.docbook.nesting'; params: { element: string; parent: string } }
  | { code: 'patientportal.docbook.text'; params: { element: string } }
  | { code: 'patientportal.docbook.attribute'; params: { element: string; attribute: string } }
  | { code: 'patientportal.docbook.required'; params: { element: string; attribute: string } }
  | { code: 'patientportal.docbook.url'; params: { url: string } }
  | { code: 'patientportal.docbook.character'; params: { codePoint: string } };

// A refusal whose code is not in the catalogue fails to compile here.
type Catalogued<C extends ErrorCode> = C;
type _RefusalsAreCatalogued = Catalogued<DocBookRefusal['code']>;

export type DocBookCheck = { ok: true } | ({ ok: false } & DocBookRefusal);

/** Whitespace in XML's sense: what indents children, and all a container may hold. */
const XML_SPACE = /^[ \t\r\n]*$/;
/** Longer markup in a refusal would only repeat the message text back. */
const MARKUP_SHOWN = 40;

/** Thrown from the parser's handlers to stop at the first refusal. */
class Refused extends Error {
  readonly refusal: DocBookRefusal;
  constructor(refusal: DocBookRefusal) {
    super(refusal.code);
    this.refusal = refusal;
  }
}

const shown = (markup: string) =>
  markup.length > MARKUP_SHOWN ? `${markup.slice(0, MARKUP_SHOWN)}…` : markup;

/**
 * Checks a messageText DocBook document against the table and stops at the first thing outside
 * it. Comments, CDATA sections and processing instructions are refused too: the table says nothing
 * of them, the builder never writes them, and how 1177 renders them is not documented.
 */
export function validateDocBook(xml: string): DocBookCheck {
  // Checked on the raw text before parsing, so no declaration ever reaches the parser's handling
  // of it (the same rule as the file exchange's readers).
  const codePoint = firstNonXmlCharacter(xml);
  if (codePoint !== null)
    return { ok: false, code: 'patientportal.docbook.character', params: { codePoint } };
  if (/<!(DOCTYPE|ENTITY)/i.test(xml))
    return { ok: false, code: 'patientportal.docbook.doctype', params: {} };

  // Without namespace processing a prefix stays part of the name and xmlns is an attribute like any
  // other, so both are refused by the table instead of being resolved.
  const parser = new SaxesParser({ xmlns: false, position: true });
  const open: DocBookElement[] = [];
  const refuse = (refusal: DocBookRefusal): never => {
    throw new Refused(refusal);
  };

  parser.on('error', () =>
    refuse({ code: 'patientportal.docbook.broken', params: { line: parser.line, column: parser.column } }),
  );
  parser.on('doctype', () => refuse({ code: 'patientportal.docbook.doctype', params: {} }));
  parser.on('comment', () => refuse({ code: 'patientportal.docbook.markup', params: { markup: '<!--' } }));
  parser.on('cdata', () => refuse({ code: 'patientportal.docbook.markup', params: { markup: '<![CDATA[' } }));
  parser.on('processinginstruction', (pi) =>
    refuse({ code: 'patientportal.docbook.markup', params: { markup: shown(`<?${pi.target}`) } }),
  );
  parser.on('text', (text) => {
    const parent = open.at(-1);
    if (parent !== undefined && !rule(parent).text && !XML_SPACE.test(text))
      refuse({ code: 'patientportal.docbook.text', params: { element: parent } });
  });
  parser.on('opentag', (tag) => {
    const element = shown(tag.name);
    if (!isDocBookElement(tag.name))
      return refuse({ code: 'patientportal.docbook.element', params: { element } });
    const name = tag.name;
    const parent = open.at(-1);
    // A second root never gets here: saxes refuses it as not well-formed first.
    if (parent === undefined) {
      if (name !== DOCBOOK_ROOT) refuse({ code: 'patientportal.docbook.root', params: { element } });
    } else if (!rule(parent).children.includes(name)) {
      refuse({ code: 'patientportal.docbook.nesting', params: { element, parent } });
    }
    const allowed = rule(name).attributes;
    for (const attribute of Object.keys(tag.attributes))
      if (!allowed.includes(attribute))
        refuse({ code: 'patientportal.docbook.attribute', params: { element, attribute: shown(attribute) } });
    for (const attribute of allowed)
      if (!Object.hasOwn(tag.attributes, attribute))
        refuse({ code: 'patientportal.docbook.required', params: { element, attribute } });
    const url = tag.attributes['url'];
    if (url !== undefined && !isAllowedLinkUrl(url))
      refuse({ code: 'patientportal.docbook.url', params: { url: shown(url) } });
    open.push(name);
  });
  parser.on('closetag', () => {
    open.pop();
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, ...error.refusal };
    throw error;
  }
  return { ok: true };
}
