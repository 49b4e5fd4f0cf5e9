// BFU orders, format version 1 (docs/formats/bfu-orders-v1.md): a streaming reader that yields
// one result per <order> and never holds more of the file than one order and one parser token.
// A whole-file problem throws a CareDockError; a record problem is a result like any other.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { CareDockError } from '../../../src/shared/errors/index.ts';
import { problemFromIssue, type IssueWording } from '../issues.ts';
import { formatLimit, resolveLimits } from '../limits.ts';
import { bfuOrder, type BfuOrder, type ReadLimits, type RecordResult } from '../records.ts';
import { decodeXml } from './xml-source.ts';

export const BFU_ORDERS_NAMESPACE = 'urn:caredock:bfu:orders:1';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** The format nests four deep; anything far deeper is not an export, only a way to grow the stack. */
const MAX_DEPTH = 32;
/** Longer than every text the records allow; what is cut off here is refused as too long anyway. */
const TEXT_CAP = 4096;
/** More than the records allow (64 services, 10 contacts), so the limit is still reported. */
const REPEAT_CAP = 100;
/** Bytes decoded and fed to the parser at a time: the grain of the part limit. */
const SLICE_BYTES = 16_384;
/** `<!DOCTYPE` less one: held back between pieces so a declaration split over two is still seen. */
const HOLD_BACK = 8;

interface Shape {
  attributes: readonly string[];
  text: boolean;
  /** In the order the format gives them; `many` for a list. */
  children: readonly { name: string; shape: Shape; many?: true }[];
}

const textOnly: Shape = { attributes: [], text: true, children: [] };
const ORDER: Shape = {
  attributes: ['id', 'version'],
  text: false,
  children: [
    { name: 'provider', shape: { attributes: ['id'], text: false, children: [] } },
    {
      name: 'recipient',
      shape: {
        attributes: ['id', 'personalIdentityNumber', 'protectedIdentity'],
        text: false,
        children: [{ name: 'name', shape: textOnly }],
      },
    },
    { name: 'validFrom', shape: textOnly },
    { name: 'validTo', shape: textOnly },
    {
      name: 'services',
      shape: {
        attributes: [],
        text: false,
        children: [
          {
            name: 'service',
            shape: { attributes: ['code', 'grantedMinutesPerMonth'], text: true, children: [] },
            many: true,
          },
        ],
      },
    },
    {
      name: 'home',
      shape: {
        attributes: [],
        text: false,
        children: [
          { name: 'address', shape: textOnly },
          { name: 'doorCode', shape: textOnly },
          { name: 'keyInformation', shape: textOnly },
        ],
      },
    },
    {
      name: 'contacts',
      shape: {
        attributes: [],
        text: false,
        children: [
          {
            name: 'contact',
            shape: { attributes: ['relation', 'phone'], text: true, children: [] },
            many: true,
          },
        ],
      },
    },
  ],
};

interface Collected {
  attributes: Map<string, string>;
  text: string;
  children: Map<string, Collected[]>;
}

interface Frame {
  shape: Shape;
  node: Collected;
  /** Dotted path of the element inside the order ('' for the order itself). */
  path: string;
  /** Index into shape.children of the earliest child still allowed. */
  next: number;
}

const join = (path: string, name: string | number) => (path === '' ? String(name) : `${path}.${name}`);
const collected = (): Collected => ({ attributes: new Map(), text: '', children: new Map() });
const capped = (text: string) => (text.length > TEXT_CAP ? text.slice(0, TEXT_CAP + 1) : text);

/** One <order> while its elements arrive: what is kept is bounded, whatever the file holds. */
class OrderBuilder {
  private readonly frames: Frame[];
  /** Depth inside an element that is being skipped (unknown, misplaced or over the cap). */
  private skipping = 0;
  /** The first thing wrong with the order's structure, which zod cannot see. */
  issue: { field: string; expected: string } | null = null;
  readonly root: Collected = collected();

  constructor(tag: SaxesTagNS) {
    this.frames = [{ shape: ORDER, node: this.root, path: '', next: 0 }];
    this.readAttributes(tag, ORDER, this.root, '');
  }

  private flag(field: string, expected: string): void {
    this.issue ??= { field, expected };
  }

  private readAttributes(tag: SaxesTagNS, shape: Shape, node: Collected, path: string): void {
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.name === 'xmlns' || attribute.prefix === 'xmlns' || attribute.uri === XSI_NAMESPACE)
        continue;
      if (attribute.uri !== '' || !shape.attributes.includes(attribute.local)) {
        this.flag(join(path, attribute.local), 'not part of the format');
        continue;
      }
      node.attributes.set(attribute.local, capped(attribute.value.trim()));
    }
  }

  open(tag: SaxesTagNS): void {
    if (this.skipping > 0) {
      this.skipping++;
      return;
    }
    const frame = this.frames[this.frames.length - 1] as Frame;
    const index = frame.shape.children.findIndex((child) => child.name === tag.local);
    const child = frame.shape.children[index];
    const path = join(frame.path, tag.local);
    const siblings = frame.node.children.get(tag.local) ?? [];
    let refusal: string | null = null;
    if (tag.uri !== BFU_ORDERS_NAMESPACE || !child) refusal = 'not part of the format';
    else if (!child.many && siblings.length > 0) refusal = 'only once';
    else if (index < frame.next) refusal = 'in the order the format gives';
    if (refusal !== null || !child || siblings.length >= REPEAT_CAP) {
      if (refusal !== null) this.flag(path, refusal);
      this.skipping = 1;
      return;
    }
    frame.next = child.many ? index : index + 1;
    const node = collected();
    siblings.push(node);
    frame.node.children.set(tag.local, siblings);
    const nodePath = child.many ? join(frame.path, siblings.length - 1) : path;
    this.readAttributes(tag, child.shape, node, nodePath);
    this.frames.push({ shape: child.shape, node, path: nodePath, next: 0 });
  }

  text(text: string): void {
    if (this.skipping > 0) return;
    const frame = this.frames[this.frames.length - 1] as Frame;
    if (frame.shape.text) {
      if (frame.node.text.length <= TEXT_CAP) frame.node.text = capped(frame.node.text + text);
    } else if (text.trim() !== '') {
      this.flag(frame.path || 'order', 'elements only, no text');
    }
  }

  close(): void {
    if (this.skipping > 0) this.skipping--;
    else this.frames.pop();
  }
}

const one = (node: Collected | undefined, name: string) => node?.children.get(name)?.[0];
const all = (node: Collected | undefined, name: string) => node?.children.get(name) ?? [];
const textOf = (node: Collected | undefined) => node?.text.trim();
const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/** Attribute text to a number when it is one, else left as text for zod to refuse. */
function integer(value: string | undefined): number | string | undefined {
  return value !== undefined && /^[+-]?\d{1,15}$/.test(value) ? Number(value) : value;
}

function boolean(value: string | undefined): boolean | string | undefined {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

/** The collected XML as the plain object bfuOrder checks; absent stays undefined for "missing". */
function toPlain(order: Collected): Record<string, unknown> {
  const recipient = one(order, 'recipient');
  const services = one(order, 'services');
  const home = one(order, 'home');
  const contacts = one(order, 'contacts');
  return {
    id: order.attributes.get('id'),
    version: integer(order.attributes.get('version')),
    providerId: one(order, 'provider')?.attributes.get('id'),
    recipient: recipient && {
      id: recipient.attributes.get('id'),
      personalIdentityNumber: recipient.attributes.get('personalIdentityNumber'),
      name: textOf(one(recipient, 'name')),
      protectedIdentity: boolean(recipient.attributes.get('protectedIdentity')),
    },
    services:
      services &&
      all(services, 'service').map((service) => ({
        code: service.attributes.get('code'),
        name: textOf(service),
        grantedMinutesPerMonth: integer(service.attributes.get('grantedMinutesPerMonth')),
      })),
    validFrom: textOf(one(order, 'validFrom')),
    // An empty <validTo/> is open-ended, as an absent one.
    validTo: orNull(textOf(one(order, 'validTo'))),
    home: {
      address: orNull(textOf(one(home, 'address'))),
      doorCode: orNull(textOf(one(home, 'doorCode'))),
      keyInformation: orNull(textOf(one(home, 'keyInformation'))),
    },
    contacts: all(contacts, 'contact').map((contact) => ({
      name: textOf(contact),
      relation: orNull(contact.attributes.get('relation')),
      phone: orNull(contact.attributes.get('phone')),
    })),
  };
}

const ID = 'letters, digits and . _ : - only';
const EXPECTED: Record<string, string> = {
  id: ID,
  version: 'a whole number from 1',
  providerId: ID,
  'recipient.id': ID,
  'recipient.protectedIdentity': 'true or false',
  services: 'at most 64 services',
  'services.*.grantedMinutesPerMonth': 'a whole number of minutes from 0 to 44640',
  validFrom: 'a date as YYYY-MM-DD in 1970–2099',
  validTo: 'a date as YYYY-MM-DD in 1970–2099',
  contacts: 'at most 10 contacts',
};

const wording: IssueWording = {
  field: (path) => path.map(String).join('.'),
  expected: (pattern) => EXPECTED[pattern],
  dateOrder: (input) => {
    const { validFrom, validTo } = input as { validFrom: string; validTo: string };
    return { from: validFrom, to: validTo };
  },
};

function xmlBroken(parser: SaxesParser): CareDockError {
  return new CareDockError('exchange.file.xmlBroken', { line: parser.line, column: parser.column });
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

interface OpenOrder {
  builder: OrderBuilder;
  line: number;
  index: number;
}

/** saxes driven piece by piece, with the checks of the format and the limits around it. */
class OrdersParser {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  readonly results: RecordResult<BfuOrder>[] = [];
  private depth = 0;
  private orders = 0;
  private order: OpenOrder | null = null;
  private tagLine = 1;
  private eventSeen = false;
  private bytesSinceEvent = 0;
  private held = '';
  private sawContent = false;
  private readonly municipalityId: string;
  private readonly limits: ReadLimits;

  constructor(municipalityId: string, limits: ReadLimits) {
    this.municipalityId = municipalityId;
    this.limits = limits;
    const p = this.parser;
    const seen = () => {
      this.eventSeen = true;
    };
    // Six handlers, no more: saxes adds each as a new property, and a seventh turns the parser
    // into a dictionary-mode object that parses four times slower. So no error handler (saxes
    // then throws, see write), and no attribute, declaration or processing-instruction handler:
    // a start tag's attributes, a declaration and a PI are then each one part for the limit.
    p.on('opentagstart', () => {
      seen();
      this.tagLine = p.line;
    });
    p.on('opentag', (tag) => {
      seen();
      this.open(tag);
    });
    p.on('closetag', () => {
      seen();
      this.close();
    });
    p.on('text', (text) => {
      seen();
      this.text(text);
    });
    p.on('cdata', (text) => {
      seen();
      this.text(text);
    });
    p.on('comment', seen);
  }

  /** saxes throws a plain Error for what is not well-formed; ours pass through. */
  private write(text: string | null): void {
    try {
      if (text === null) this.parser.close();
      else this.parser.write(text);
    } catch (error) {
      if (error instanceof CareDockError) throw error;
      throw xmlBroken(this.parser);
    }
  }

  private partTooLarge(): CareDockError {
    return new CareDockError('exchange.file.partTooLarge', {
      line: this.parser.line,
      limit: formatLimit(this.limits.maxPartBytes),
    });
  }

  private wrongFormat(): CareDockError {
    return new CareDockError('exchange.file.wrongFormat', { format: 'BFU' });
  }

  private open(tag: SaxesTagNS): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) throw this.wrongFormat();
    if (this.depth === 1) return this.checkRoot(tag);
    if (this.order) return this.order.builder.open(tag);
    if (tag.local !== 'order' || tag.uri !== BFU_ORDERS_NAMESPACE) throw this.wrongFormat();
    this.orders++;
    if (this.orders > this.limits.maxRecords)
      throw new CareDockError('exchange.file.tooManyRecords', { limit: this.limits.maxRecords });
    this.order = { builder: new OrderBuilder(tag), line: this.tagLine, index: this.orders };
  }

  private checkRoot(tag: SaxesTagNS): void {
    const attribute = (name: string) => tag.attributes[name]?.value.trim();
    if (tag.local !== 'orders' || tag.uri !== BFU_ORDERS_NAMESPACE || attribute('version') !== '1')
      throw this.wrongFormat();
    const found = attribute('municipality');
    if (!found) throw this.wrongFormat();
    if (found !== this.municipalityId)
      throw new CareDockError('exchange.file.wrongMunicipality', {
        found: found.slice(0, 64),
        expected: this.municipalityId,
      });
  }

  private text(text: string): void {
    if (this.order) this.order.builder.text(text);
    else if (this.depth === 1 && text.trim() !== '') throw this.wrongFormat();
  }

  private close(): void {
    if (this.order && this.depth === 2) this.finishOrder(this.order);
    else this.order?.builder.close();
    this.depth--;
  }

  private finishOrder({ builder, line, index }: OpenOrder): void {
    this.order = null;
    const place = { line, element: `order[${index}]` };
    const id = builder.root.attributes.get('id');
    const key = id ? id.slice(0, 64) : null;
    if (builder.issue) {
      const { field, expected } = builder.issue;
      this.results.push({
        ok: false,
        key,
        place,
        code: 'exchange.record.badValue',
        params: { field, expected },
      });
      return;
    }
    const plain = toPlain(builder.root);
    const parsed = bfuOrder.safeParse(plain);
    if (parsed.success) {
      this.results.push({ ok: true, record: parsed.data, key: parsed.data.id, place });
      return;
    }
    const issue = parsed.error.issues[0];
    const problem = issue
      ? problemFromIssue(issue, plain, wording)
      : {
          code: 'exchange.record.badValue' as const,
          params: { field: 'order', expected: 'see the format description' },
        };
    this.results.push({ ok: false, key, place, code: problem.code, params: problem.params });
  }

  feed(text: string, bytes: number): void {
    if (!this.sawContent && /\S/.test(text)) this.sawContent = true;
    const pending = this.held + text;
    const doctype = /<!DOCTYPE/i.exec(pending);
    if (doctype) {
      // Refused before the parser sees a byte of it: no entity is declared, so none expands.
      throw new CareDockError('exchange.file.doctype', {
        line: this.parser.line + countLines(pending.slice(0, doctype.index)),
      });
    }
    const cut = Math.max(0, pending.length - HOLD_BACK);
    this.held = pending.slice(cut);
    this.eventSeen = false;
    this.write(pending.slice(0, cut));
    // Counted per piece: a part may run up to one piece past the limit before it is refused.
    this.bytesSinceEvent = this.eventSeen ? 0 : this.bytesSinceEvent + bytes;
    if (this.bytesSinceEvent > this.limits.maxPartBytes) throw this.partTooLarge();
  }

  finish(): void {
    const rest = this.held;
    this.held = '';
    if (rest) this.write(rest);
    if (!this.sawContent) throw new CareDockError('exchange.file.empty');
    this.write(null);
  }
}

/**
 * The orders of one BFU file, one result per <order>, in file order. Throws a CareDockError with
 * an `exchange.file.*` code when the file as a whole cannot be read; results already yielded are
 * then void, as the server imports a file whole or not at all.
 */
export async function* readBfuOrders(
  source: AsyncIterable<Uint8Array>,
  opts: { municipalityId: string; limits?: Partial<ReadLimits> },
): AsyncGenerator<RecordResult<BfuOrder>> {
  const limits = resolveLimits(opts.limits);
  const reader = new OrdersParser(opts.municipalityId, limits);
  for await (const piece of decodeXml(source, Math.min(SLICE_BYTES, limits.maxPartBytes))) {
    reader.feed(piece.text, piece.bytes);
    if (reader.results.length > 0) yield* reader.results.splice(0);
  }
  reader.finish();
  yield* reader.results.splice(0);
}
