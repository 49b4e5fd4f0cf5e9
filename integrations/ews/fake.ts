// A local stand-in for on-premises Exchange's EWS endpoint: HTTPS on loopback, Basic, NTLM (the
// three-message handshake on one connection, the NTLMv2 response checked against the password)
// or a bearer token; every request body validated against Microsoft's EWS schemas with xmllint
// (a body that fails is answered with a SOAP fault and recorded, so a test can insist on none);
// calendar items kept per mailbox with ids and change keys; impersonation of known mailboxes only.
// Tests script faults (ErrorServerBusy with BackOffMilliseconds, a conflicting update, an answer
// lost after a create, 401) and play "someone in Outlook".
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CAREDOCK_PROPERTY_SET, PLAN_ID_PROPERTY } from '../calendar/backend.ts';
import { loopbackCertificate } from '../testing/tls.ts';
import { escapeXml, MESSAGES_NS, SOAP_NS, TYPES_NS } from './encoder.ts';

const schema = path.resolve(import.meta.dirname, '../../test/specs/ews/messages.xsd');

export interface EwsFakeItem {
  id: string;
  changeKey: string;
  subject: string;
  body: string;
  start: number;
  end: number;
  location: string;
  /** Our plan id when the item carries our extended property. */
  key: string | null;
  startTimeZone: string | null;
  deleted: boolean;
}

export type EwsFault =
  | { type: 'serverBusy'; backOffMs: number }
  | { type: 'conflictOnUpdate' }
  | { type: 'dropAfterCreate' }
  | { type: 'unauthorized' };

export interface EwsFake {
  url: string;
  ca: string;
  items(mailbox: string): EwsFakeItem[];
  /** Request bodies that did not validate against the schema, with xmllint's complaint. */
  readonly invalid: { operation: string; error: string }[];
  readonly requests: { operation: string; mailbox: string; auth: string }[];
  script(...f: EwsFault[]): void;
  outlook: {
    edit(mailbox: string, id: string, change: Partial<Pick<EwsFakeItem, 'subject' | 'start' | 'end'>>): void;
    delete(mailbox: string, id: string): void;
    /** The performer's own item, without our property. */
    addOwn(mailbox: string, item: { subject: string; start: number; end: number }): EwsFakeItem;
  };
  close(): Promise<void>;
}

export interface EwsFakeOptions {
  /** Mailboxes by SMTP address with their display names. */
  mailboxes: Record<string, string>;
  /** Mailboxes the service account may not impersonate. */
  denied?: string[];
  auth:
    | { type: 'basic'; user: string; password: string }
    | { type: 'ntlm'; user: string; domain: string; password: string }
    | { type: 'bearer'; token: string | ((token: string) => boolean) };
  /** Validate one request body in this many (1: every one). A benchmark's thousands sample. */
  validateEvery?: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['SetItemField', 'DeleteItemField', 'ItemId', 'ExtendedProperty'].includes(name),
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (typeof v === 'object' && v !== null ? (v as Node) : {});
const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : typeof obj(v)['#text'] === 'string' ? (obj(v)['#text'] as string) : '';

function validate(bodyXml: string): Promise<string | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-ews-'));
  const file = path.join(dir, 'body.xml');
  writeFileSync(file, bodyXml);
  return new Promise((resolve) =>
    execFile('xmllint', ['--noout', '--schema', schema, file], (error, _out, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(error ? stderr.trim() || error.message : null);
    }),
  );
}

/** The SOAP Body's one child as a document of its own, with the namespaces it uses declared. */
function bodyChild(xml: string): string | null {
  const m = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(xml);
  if (!m) return null;
  return m[1]!.replace(/^<(m:\w+)/, `<$1 xmlns:m="${MESSAGES_NS}" xmlns:t="${TYPES_NS}"`);
}

// ── NTLM, as a server sees it ──

const utf16 = (s: string) => Buffer.from(s, 'utf16le');
// OpenSSL 3 has no MD4; httpntlm's own dependency js-md4 is a pure one.
const jsMd4 = createRequire(import.meta.url)('js-md4') as { arrayBuffer(d: Buffer): ArrayBuffer };
const md4 = (data: Buffer): Buffer => Buffer.from(jsMd4.arrayBuffer(data));

function type2(challenge: Buffer): string {
  const target = utf16('CAREDOCK');
  // Target info: the NetBIOS domain name, then the terminator; NTLMv2 needs it.
  const info = Buffer.concat([Buffer.from([2, 0, target.length, 0]), target, Buffer.from([0, 0, 0, 0])]);
  const head = Buffer.alloc(48);
  head.write('NTLMSSP\0', 0, 'ascii');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(target.length, 12);
  head.writeUInt16LE(target.length, 14);
  head.writeUInt32LE(48, 16);
  // Unicode, NTLM, target info, extended session security.
  head.writeUInt32LE(0x00000001 | 0x00000200 | 0x00800000 | 0x00080000, 20);
  challenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + target.length, 44);
  return `NTLM ${Buffer.concat([head, target, info]).toString('base64')}`;
}

function field(buf: Buffer, at: number): Buffer {
  const len = buf.readUInt16LE(at);
  const off = buf.readUInt32LE(at + 4);
  return buf.subarray(off, off + len);
}

/** Whether a type 3 message proves the password (NTLMv2: HMAC-MD5 over the challenge and blob). */
function ntlmv2Valid(
  type3: Buffer,
  challenge: Buffer,
  user: string,
  domain: string,
  password: string,
): boolean {
  if (type3.toString('ascii', 0, 8) !== 'NTLMSSP\0' || type3.readUInt32LE(8) !== 3) return false;
  const nt = field(type3, 20);
  const sentUser = field(type3, 36).toString('utf16le');
  if (nt.length <= 24 || sentUser.toUpperCase() !== user.toUpperCase()) return false;
  const key = createHmac('md5', md4(utf16(password)))
    .update(utf16(user.toUpperCase() + domain.toUpperCase()))
    .digest();
  const proof = nt.subarray(0, 16);
  const blob = nt.subarray(16);
  const expected = createHmac('md5', key)
    .update(Buffer.concat([challenge, blob]))
    .digest();
  return expected.equals(proof);
}

export async function startEwsFake(opts: EwsFakeOptions): Promise<EwsFake> {
  const store = new Map<string, EwsFakeItem[]>();
  const faults: EwsFault[] = [];
  const invalid: EwsFake['invalid'] = [];
  const requests: EwsFake['requests'] = [];
  const challenges = new WeakMap<object, Buffer>();
  const authed = new WeakSet<object>();
  let seq = 0;
  const mailboxes = new Map(Object.entries(opts.mailboxes).map(([k, v]) => [k.toLowerCase(), v]));
  const itemsOf = (mailbox: string) => {
    const k = mailbox.toLowerCase();
    if (!store.has(k)) store.set(k, []);
    return store.get(k)!;
  };
  const newKey = () => `CK${++seq}${randomBytes(3).toString('hex')}`;

  function soap(res: ServerResponse, status: number, body: string): void {
    const xml = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_NS}" xmlns:m="${MESSAGES_NS}" xmlns:t="${TYPES_NS}"><s:Body>${body}</s:Body></s:Envelope>`;
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(xml);
  }
  const fault = (res: ServerResponse, code: string, extra = '') =>
    soap(
      res,
      500,
      `<s:Fault><faultcode xmlns:a="${TYPES_NS}">a:${code}</faultcode><faultstring xml:lang="en-US">${code}</faultstring><detail><e:ResponseCode xmlns:e="${TYPES_NS}">${code}</e:ResponseCode>${extra}</detail></s:Fault>`,
    );
  const message = (op: string, cls: 'Success' | 'Error', code: string, inner = '') =>
    `<m:${op}Response><m:ResponseMessages><m:${op}ResponseMessage ResponseClass="${cls}"><m:ResponseCode>${code}</m:ResponseCode>${inner}</m:${op}ResponseMessage></m:ResponseMessages></m:${op}Response>`;
  const itemXml = (i: EwsFakeItem) =>
    `<t:CalendarItem><t:ItemId Id="${i.id}" ChangeKey="${i.changeKey}"/><t:Subject>${escapeXml(i.subject)}</t:Subject>` +
    `<t:Body BodyType="Text">${escapeXml(i.body)}</t:Body>` +
    (i.key !== null
      ? `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${CAREDOCK_PROPERTY_SET}" PropertyName="${PLAN_ID_PROPERTY}" PropertyType="String"/><t:Value>${escapeXml(i.key)}</t:Value></t:ExtendedProperty>`
      : '') +
    `<t:Start>${new Date(i.start).toISOString().replace('.000', '')}</t:Start><t:End>${new Date(i.end).toISOString().replace('.000', '')}</t:End></t:CalendarItem>`;

  function authorized(req: IncomingMessage, res: ServerResponse): string | null {
    const h = req.headers.authorization ?? '';
    const a = opts.auth;
    if (a.type === 'basic') {
      const ok = h === `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;
      if (!ok) res.writeHead(401, { 'www-authenticate': 'Basic realm="EWS"' }).end();
      return ok ? 'basic' : null;
    }
    if (a.type === 'bearer') {
      const given = h.startsWith('Bearer ') ? h.slice(7) : '';
      const ok = typeof a.token === 'string' ? given === a.token : a.token(given);
      if (!ok) res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return ok ? 'bearer' : null;
    }
    const socket = req.socket;
    if (authed.has(socket)) return 'ntlm';
    const m = /^NTLM (\S+)$/.exec(h);
    if (!m) {
      res.writeHead(401, { 'www-authenticate': 'NTLM' }).end();
      return null;
    }
    const msg = Buffer.from(m[1]!, 'base64');
    const kind = msg.length >= 12 ? msg.readUInt32LE(8) : 0;
    if (kind === 1) {
      const challenge = randomBytes(8);
      challenges.set(socket, challenge);
      res.writeHead(401, { 'www-authenticate': type2(challenge), 'content-length': '0' }).end();
      return null;
    }
    const challenge = challenges.get(socket);
    if (kind === 3 && challenge && ntlmv2Valid(msg, challenge, a.user, a.domain, a.password)) {
      authed.add(socket);
      return 'ntlm';
    }
    res.writeHead(401, { 'www-authenticate': 'NTLM' }).end();
    return null;
  }

  async function handle(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const authMethod = authorized(req, res);
    if (authMethod === null) return;
    if (faults[0]?.type === 'unauthorized') {
      faults.shift();
      res.writeHead(401).end();
      return;
    }
    const child = bodyChild(raw);
    const doc = obj(obj(obj(parser.parse(raw)).Envelope));
    const header = obj(doc.Header);
    const mailbox = textOf(obj(obj(header.ExchangeImpersonation).ConnectingSID).SmtpAddress).toLowerCase();
    const body = obj(doc.Body);
    const operation = Object.keys(body)[0] ?? '';
    requests.push({ operation, mailbox, auth: authMethod });
    const checked = requests.length % (opts.validateEvery ?? 1) === 0;
    const error = child === null ? 'no SOAP body' : checked ? await validate(child) : null;
    if (error !== null) {
      invalid.push({ operation, error });
      return fault(res, 'ErrorSchemaValidation');
    }
    if (!mailboxes.has(mailbox)) return fault(res, 'ErrorNonExistentMailbox');
    if (opts.denied?.map((d) => d.toLowerCase()).includes(mailbox))
      return fault(res, 'ErrorImpersonateUserDenied');
    if (faults[0]?.type === 'serverBusy') {
      const f = faults.shift() as { backOffMs: number };
      return fault(
        res,
        'ErrorServerBusy',
        `<e:MessageXml xmlns:e="${TYPES_NS}"><t:Value Name="BackOffMilliseconds">${f.backOffMs}</t:Value></e:MessageXml>`,
      );
    }
    const items = itemsOf(mailbox);
    const live = () => items.filter((i) => !i.deleted);
    const op = obj(body[operation]);
    switch (operation) {
      case 'CreateItem': {
        const c = obj(obj(op.Items).CalendarItem);
        const ext = (c.ExtendedProperty as unknown[] | undefined)?.map(obj) ?? [];
        const item: EwsFakeItem = {
          id: `AAMk${++seq}${randomBytes(6).toString('hex')}`,
          changeKey: newKey(),
          subject: textOf(c.Subject),
          body: textOf(c.Body),
          start: Date.parse(textOf(c.Start)),
          end: Date.parse(textOf(c.End)),
          location: textOf(c.Location),
          key: ext.length > 0 ? textOf(ext[0]!.Value) : null,
          startTimeZone: (obj(c.StartTimeZone)['@_Id'] as string | undefined) ?? null,
          deleted: false,
        };
        items.push(item);
        if (faults[0]?.type === 'dropAfterCreate') {
          faults.shift();
          req.socket.destroy();
          return;
        }
        return soap(
          res,
          200,
          message('CreateItem', 'Success', 'NoError', `<m:Items>${itemXml(item)}</m:Items>`),
        );
      }
      case 'UpdateItem': {
        const change = obj(obj(op.ItemChanges).ItemChange);
        const id = obj((change.ItemId as unknown[])[0]);
        const item = live().find((i) => i.id === id['@_Id']);
        if (!item) return soap(res, 200, message('UpdateItem', 'Error', 'ErrorItemNotFound'));
        if (faults[0]?.type === 'conflictOnUpdate') {
          faults.shift();
          item.changeKey = newKey();
          return soap(res, 200, message('UpdateItem', 'Error', 'ErrorIrresolvableConflict'));
        }
        // AlwaysOverwrite needs no change key; a stale one it still refuses when AutoResolve asked.
        if (op['@_ConflictResolution'] !== 'AlwaysOverwrite' && id['@_ChangeKey'] !== item.changeKey)
          return soap(res, 200, message('UpdateItem', 'Error', 'ErrorIrresolvableConflict'));
        for (const set of ((obj(change.Updates).SetItemField as unknown[]) ?? []).map(obj)) {
          const c = obj(set.CalendarItem);
          if ('Subject' in c) item.subject = textOf(c.Subject);
          if ('Body' in c) item.body = textOf(c.Body);
          if ('Start' in c) item.start = Date.parse(textOf(c.Start));
          if ('End' in c) item.end = Date.parse(textOf(c.End));
          if ('Location' in c) item.location = textOf(c.Location);
          if ('StartTimeZone' in c) item.startTimeZone = (obj(c.StartTimeZone)['@_Id'] as string) ?? null;
        }
        if (((obj(change.Updates).DeleteItemField as unknown[]) ?? []).length > 0) item.location = '';
        item.changeKey = newKey();
        return soap(
          res,
          200,
          message('UpdateItem', 'Success', 'NoError', `<m:Items>${itemXml(item)}</m:Items>`),
        );
      }
      case 'DeleteItem': {
        const id = obj((obj(op.ItemIds).ItemId as unknown[])[0])['@_Id'];
        const item = live().find((i) => i.id === id);
        if (!item) return soap(res, 200, message('DeleteItem', 'Error', 'ErrorItemNotFound'));
        item.deleted = true;
        return soap(res, 200, message('DeleteItem', 'Success', 'NoError'));
      }
      case 'GetItem': {
        const ids = ((obj(op.ItemIds).ItemId as unknown[]) ?? []).map((x) => obj(x)['@_Id']);
        const found = live().filter((i) => ids.includes(i.id));
        if (found.length === 0) return soap(res, 200, message('GetItem', 'Error', 'ErrorItemNotFound'));
        return soap(
          res,
          200,
          message('GetItem', 'Success', 'NoError', `<m:Items>${found.map(itemXml).join('')}</m:Items>`),
        );
      }
      case 'FindItem': {
        let found = live();
        const restriction = obj(op.Restriction);
        if ('IsEqualTo' in restriction) {
          const value = obj(obj(obj(restriction.IsEqualTo).FieldURIOrConstant).Constant)['@_Value'];
          found = found.filter((i) => i.key === value);
        }
        const view = obj(op.CalendarView);
        if ('@_StartDate' in view) {
          const from = Date.parse(view['@_StartDate'] as string);
          const to = Date.parse(view['@_EndDate'] as string);
          found = found.filter((i) => i.start < to && i.end > from);
        }
        return soap(
          res,
          200,
          message(
            'FindItem',
            'Success',
            'NoError',
            `<m:RootFolder TotalItemsInView="${found.length}" IncludesLastItemInRange="true"><t:Items>${found.map(itemXml).join('')}</t:Items></m:RootFolder>`,
          ),
        );
      }
      case 'GetFolder':
        return soap(
          res,
          200,
          message(
            'GetFolder',
            'Success',
            'NoError',
            `<m:Folders><t:CalendarFolder><t:FolderId Id="cal-${mailbox}"/></t:CalendarFolder></m:Folders>`,
          ),
        );
      case 'ResolveNames':
        return soap(
          res,
          200,
          message(
            'ResolveNames',
            'Success',
            'NoError',
            `<m:ResolutionSet TotalItemsInView="1" IncludesLastItemInRange="true"><t:Resolution><t:Mailbox><t:Name>${escapeXml(mailboxes.get(mailbox) ?? '')}</t:Name><t:EmailAddress>${escapeXml(mailbox)}</t:EmailAddress></t:Mailbox></t:Resolution></m:ResolutionSet>`,
          ),
        );
      default:
        return fault(res, 'ErrorInvalidRequest');
    }
  }

  const { key, cert } = loopbackCertificate();
  const server = https.createServer({ key, cert, keepAliveTimeout: 5000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const find = (mailbox: string, id: string) => {
    const i = itemsOf(mailbox).find((x) => x.id === id && !x.deleted);
    if (!i) throw new Error(`no item ${id} in ${mailbox}`);
    return i;
  };
  return {
    url: `https://127.0.0.1:${port}/EWS/Exchange.asmx`,
    ca: cert,
    items: (mailbox) => itemsOf(mailbox).filter((i) => !i.deleted),
    invalid,
    requests,
    script: (...f) => faults.push(...f),
    outlook: {
      edit(mailbox, id, change) {
        Object.assign(find(mailbox, id), change, { changeKey: newKey() });
      },
      delete(mailbox, id) {
        find(mailbox, id).deleted = true;
      },
      addOwn(mailbox, item) {
        const own: EwsFakeItem = {
          id: `AAMk${++seq}own`,
          changeKey: newKey(),
          body: '',
          location: '',
          key: null,
          startTimeZone: null,
          deleted: false,
          ...item,
        };
        itemsOf(mailbox).push(own);
        return own;
      },
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
