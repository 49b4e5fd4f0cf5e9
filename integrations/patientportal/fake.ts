// A local stand-in for the 1177 producer behind the national service platform: HTTPS on loopback
// that demands a client certificate from the configured CA (mutual TLS, as the platform does), and
// validates every request with xmllint — the LogicalAddress header against the registry schema,
// the body against the RC6 responder schemas in test/specs/1177 (the copy with the personnummer
// pattern fixed). A request that fails is answered with a Client fault and recorded, so a test can
// insist on none. Tests script answers (INFO, ERROR, faults, slow answers, a dropped connection)
// and count what was received and what reached an inbox, to prove nothing went twice.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loopbackCertificate } from '../testing/tls.ts';
import { escapeXmlText } from './docbook.ts';
import { ADD_MESSAGE_NS, CORE_NS, IS_ACTIVE_USER_NS, NOT_ACTIVE_USER_TEXT, SOAP_NS } from './contract-v1.ts';

const specs = path.resolve(import.meta.dirname, '../../test/specs/1177');
const schemas = {
  registry: path.join(specs, 'core_components/itintegration_registry_1.0.xsd'),
  IsActiveUser: path.join(specs, 'interactions/IsActiveUserInteraction/IsActiveUserResponder_1.0.xsd'),
  AddMessageToPatientPortalInbox: path.join(
    specs,
    'interactions/AddMessageToPatientPortalInboxInteraction/AddMessageToPatientPortalInboxResponder_1.0.xsd',
  ),
} as const;

export type PortalOperation = 'IsActiveUser' | 'AddMessageToPatientPortalInbox';

export type PortalAnswer =
  | { type: 'info'; text: string }
  | { type: 'error'; text: string }
  | { type: 'fault'; side: 'Client' | 'Server'; text: string }
  /** Acts on the request, then answers after this long (past the client's timeout). */
  | { type: 'slow'; ms: number }
  /** Acts on the request, then closes the connection without an answer. */
  | { type: 'drop' }
  | { type: 'http'; status: number; body: string };

export interface PortalRequest {
  operation: string;
  subjectOfCareId: string;
  logicalAddress: string;
  soapAction: string;
  /** The client certificate's subject CN. */
  client: string;
}

export interface PortalInboxEntry {
  subjectOfCareId: string;
  unitId: string;
  unitName: string;
  description: string;
  /** The DocBook as 1177 reads it, after the SOAP parser undid the entity encoding. */
  messageText: string;
  sourceSystem: string;
  /** When the fake stored it (ms since the epoch): what the round rule is measured on. */
  at: number;
}

export interface PatientPortalFake {
  /** Endpoint base; the two contracts are at `${url}/IsActiveUser` and `${url}/AddMessage`. */
  url: string;
  endpoints: { isActiveUser: string; addMessage: string };
  /** The server certificate, for the client's `ca`. */
  ca: string;
  readonly requests: PortalRequest[];
  readonly inbox: PortalInboxEntry[];
  readonly invalid: { operation: string; error: string }[];
  script(operation: PortalOperation, ...answers: PortalAnswer[]): void;
  close(): Promise<void>;
}

export interface PatientPortalFakeOptions {
  /** The CA whose certificates the fake accepts from clients (PEM). */
  clientCa: string;
  /** subjectOfCareIds (12 digits) with an active account; everyone else is not an active user. */
  activeUsers: string[];
  /**
   * Validate one request in this many against the XSDs (xmllint runs once per request, some 10 ms):
   * 1, every request, unless a load test of thousands says otherwise.
   */
  validateEvery?: number;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: false,
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (typeof v === 'object' && v !== null ? (v as Node) : {});
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

function validate(xml: string, schema: string): Promise<string | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-1177-'));
  const file = path.join(dir, 'part.xml');
  writeFileSync(file, xml);
  return new Promise((resolve) =>
    execFile('xmllint', ['--nonet', '--noout', '--schema', schema, file], (error, _out, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(error ? stderr.trim() || error.message : null);
    }),
  );
}

/** The one child of an envelope part, whatever prefix the client chose; it declares its own namespaces. */
function partOf(xml: string, part: 'Header' | 'Body'): string | null {
  const m = new RegExp(`<(\\w+:)?${part}\\b[^>]*>([\\s\\S]*)</\\1?${part}>`).exec(xml);
  return m ? m[2]!.trim() : null;
}

export async function startPatientPortalFake(opts: PatientPortalFakeOptions): Promise<PatientPortalFake> {
  const requests: PortalRequest[] = [];
  const inbox: PortalInboxEntry[] = [];
  const invalid: PatientPortalFake['invalid'] = [];
  const scripted: Record<PortalOperation, PortalAnswer[]> = {
    IsActiveUser: [],
    AddMessageToPatientPortalInbox: [],
  };
  const active = new Set(opts.activeUsers);

  const soap = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${SOAP_NS}"><S:Body>${body}</S:Body></S:Envelope>`,
    );
  };
  const fault = (res: ServerResponse, side: 'Client' | 'Server', text: string) =>
    soap(
      res,
      500,
      `<S:Fault><faultcode>S:${side}</faultcode><faultstring>${escapeXmlText(text)}</faultstring></S:Fault>`,
    );
  const addResult = (code: 'OK' | 'INFO' | 'ERROR', text?: string) =>
    `<r:AddMessageToPatientPortalInboxResponse xmlns:r="${ADD_MESSAGE_NS}" xmlns:c="${CORE_NS}"><r:resultCode>${code}</r:resultCode>` +
    (text === undefined ? '' : `<r:resultText>${escapeXmlText(text)}</r:resultText>`) +
    `</r:AddMessageToPatientPortalInboxResponse>`;

  async function handle(raw: string, soapAction: string, client: string, res: ServerResponse): Promise<void> {
    const header = partOf(raw, 'Header');
    const body = partOf(raw, 'Body');
    const doc = obj(obj(obj(parser.parse(raw)).Envelope).Body);
    const operation = Object.keys(doc)[0] ?? '';
    const op = obj(doc[operation]);
    const subjectOfCareId = textOf(op.subjectOfCareId);
    const logicalAddress = header === null ? '' : textOf(obj(parser.parse(header)).LogicalAddress);
    requests.push({ operation, subjectOfCareId, logicalAddress, soapAction, client });

    if (operation !== 'IsActiveUser' && operation !== 'AddMessageToPatientPortalInbox') {
      invalid.push({ operation, error: 'unknown operation' });
      return fault(res, 'Client', `unknown operation ${operation}`);
    }
    const checked = (requests.length - 1) % (opts.validateEvery ?? 1) === 0;
    const errors = [
      header === null
        ? 'no LogicalAddress header'
        : checked
          ? await validate(header, schemas.registry)
          : null,
      body === null ? 'no SOAP body' : checked ? await validate(body, schemas[operation]) : null,
      soapAction.replace(/"/g, '') ===
      `${operation === 'IsActiveUser' ? IS_ACTIVE_USER_NS : ADD_MESSAGE_NS}:${operation}`
        ? null
        : `SOAPAction ${soapAction}`,
    ].filter((e): e is string => e !== null);
    if (errors.length > 0) {
      invalid.push({ operation, error: errors.join('\n') });
      return fault(res, 'Client', 'schema validation failed');
    }

    const next = scripted[operation].shift();
    if (next?.type === 'fault') return fault(res, next.side, next.text);
    if (next?.type === 'error') return soap(res, 200, addResult('ERROR', next.text));
    if (next?.type === 'http') {
      res.writeHead(next.status, { 'content-type': 'text/plain' });
      res.end(next.body);
      return;
    }

    let answer: string;
    if (operation === 'IsActiveUser') {
      answer = `<r:IsActiveUserResponse xmlns:r="${IS_ACTIVE_USER_NS}"><r:status>${active.has(subjectOfCareId)}</r:status></r:IsActiveUserResponse>`;
    } else if (!active.has(subjectOfCareId)) {
      answer = addResult('ERROR', NOT_ACTIVE_USER_TEXT);
    } else {
      const message = obj(op.message);
      const unit = obj(message.organisationUnit);
      inbox.push({
        subjectOfCareId,
        unitId: textOf(unit.unitId),
        unitName: textOf(unit.unitName),
        description: textOf(message.messageDescription),
        messageText: textOf(message.messageText),
        sourceSystem: textOf(op.sourceSystem),
        at: Date.now(),
      });
      answer = next?.type === 'info' ? addResult('INFO', next.text) : addResult('OK');
    }
    if (next?.type === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (next?.type === 'slow') await new Promise((r) => setTimeout(r, next.ms));
    if (!res.destroyed && !res.socket?.destroyed) soap(res, 200, answer);
  }

  const { key, cert } = loopbackCertificate();
  const server = https.createServer(
    { key, cert, ca: opts.clientCa, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const client = typeof peer.subject?.CN === 'string' ? peer.subject.CN : '';
      const action = req.headers.soapaction;
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void handle(
          Buffer.concat(chunks).toString('utf8'),
          typeof action === 'string' ? action : '',
          client,
          res,
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}/vp/infrastructure/eservicesupply/patientportal`;
  return {
    url,
    endpoints: {
      isActiveUser: `${url}/IsActiveUser/1/rivtabp21`,
      addMessage: `${url}/AddMessageToPatientPortalInbox/1/rivtabp21`,
    },
    ca: cert,
    requests,
    inbox,
    invalid,
    script: (operation, ...answers) => scripted[operation].push(...answers),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
