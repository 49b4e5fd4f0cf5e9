// Everything that knows RIV-TA infrastructure:eservicesupply:patientportal 1.0 (RC6): the
// namespaces, element names and order, the SOAP 1.1 document/literal envelope of RIVTABP21, and how
// its answers read. inbox.ts and client.ts speak only the version-neutral words, so AddMessage 2.0
// can come as another module beside this one.
//
// Addressing: RIVTA 2.1 replaced WS-Addressing's `wsa:To` with the `LogicalAddress` header element
// in urn:riv:itintegration:registry:1 (the registry schema says so: "Superseeds wsa:To as type for
// logical address header in RIVTA 2.1"), and both WSDLs bind only that header part. So no `wsa:`
// header is written; the logical address is the producer's HSA id (TKB "Adressering").
import { XMLParser } from 'fast-xml-parser';
import { luhn, parsePersonalId } from '../../src/shared/domain/personal-id.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';
import { escapeXmlText } from './docbook.ts';
import { messageTextElement } from './message-text.ts';

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const REGISTRY_NS = 'urn:riv:itintegration:registry:1';
export const CORE_NS = 'urn:riv:infrastructure:eservicesupply:patientportal:1';
export const IS_ACTIVE_USER_NS =
  'urn:riv:infrastructure:eservicesupply:patientportal:IsActiveUserResponder:1';
export const ADD_MESSAGE_NS =
  'urn:riv:infrastructure:eservicesupply:patientportal:AddMessageToPatientPortalInboxResponder:1';

export const IS_ACTIVE_USER_ACTION = `${IS_ACTIVE_USER_NS}:IsActiveUser`;
export const ADD_MESSAGE_ACTION = `${ADD_MESSAGE_NS}:AddMessageToPatientPortalInbox`;

/** TKB RC6 "SLA krav / Last": at most 1,000 messages a round, 5 minutes between rounds. */
export const ROUND_MAX_MESSAGES = 1000;
export const ROUND_PAUSE_MS = 5 * 60_000;
/** TKB RC6 "Tjänstedomänens krav och regler": the example back-off, each wait after the last. */
export const RETRY_DELAYS_MS = [4_000, 20_000, 5 * 60_000, 30 * 60_000] as const;

/**
 * TKB RC6 "Logiska fel": the one logical error AddMessage gives, for a person who is not an active
 * user. Matched on the text because ERROR carries no code of its own.
 */
export const NOT_ACTIVE_USER_TEXT = 'Target person is not active user';

/**
 * The HSA id rule used here (neither the TKB nor the XSD gives one; HsaIdType is a bare string):
 * `SE`, the holder's 10-digit organisation number — optionally in the `16`-prefixed form some
 * holders use (SE16…) — whose last digit is its Luhn check digit, a hyphen, and a suffix of
 * letters and digits; 31 characters at most, HSA's length limit. A typo in a unit's HSA id would
 * send every message to the wrong or no reception, so it is refused before anything is sent.
 */
const HSA_ID = /^SE(?:16)?(\d{10})-[A-Za-z0-9]+$/;
const HSA_ID_MAX = 31;

export function isValidHsaId(id: string): boolean {
  const m = HSA_ID.exec(id);
  return m !== null && id.length <= HSA_ID_MAX && luhn(m[1]!);
}

/**
 * subjectOfCareId as the schema's pattern wants it: twelve digits, no hyphen. Swedish personnummer
 * and samordningsnummer only; a Finnish henkilötunnus has no place in the 1177 inbox.
 */
export function subjectOfCareId(personId: string): string {
  const parsed = parsePersonalId(personId);
  if (parsed === null || parsed.kind === 'henkilotunnus')
    throw new CareDockError('patientportal.invalidPersonId');
  return parsed.normalised.replace('-', '');
}

export interface V1Message {
  subjectOfCareId: string;
  sourceSystem: string;
  description: string;
  unit: { hsaId: string; name: string };
  /** DocBook XML, already checked against 1177's table. */
  docbook: string;
}

function envelope(logicalAddress: string, body: string): string {
  // Each part declares its own namespaces so the header element and the body child stand alone
  // as documents (the fake validates them so, and a log excerpt of either still reads).
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Header>` +
    `<itr:LogicalAddress xmlns:itr="${REGISTRY_NS}">${escapeXmlText(logicalAddress)}</itr:LogicalAddress>` +
    `</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function encodeIsActiveUser(logicalAddress: string, personId: string): string {
  const id = subjectOfCareId(personId);
  return envelope(
    logicalAddress,
    `<iau:IsActiveUser xmlns:iau="${IS_ACTIVE_USER_NS}"><iau:subjectOfCareId>${id}</iau:subjectOfCareId></iau:IsActiveUser>`,
  );
}

export function encodeAddMessage(logicalAddress: string, m: V1Message): string {
  if (!isValidHsaId(m.unit.hsaId))
    throw new CareDockError('patientportal.invalidHsaId', { unitId: m.unit.hsaId });
  const id = subjectOfCareId(m.subjectOfCareId);
  // Element order is the schema's sequence: subjectOfCareId, message, notify, sourceSystem; inside
  // message: organisationUnit, messageThreadId, messageDescription, messageText.
  return envelope(
    logicalAddress,
    `<am:AddMessageToPatientPortalInbox xmlns:am="${ADD_MESSAGE_NS}" xmlns:core="${CORE_NS}">` +
      `<am:subjectOfCareId>${id}</am:subjectOfCareId>` +
      `<am:message>` +
      `<core:organisationUnit><core:unitId>${escapeXmlText(m.unit.hsaId)}</core:unitId>` +
      `<core:unitName>${escapeXmlText(m.unit.name)}</core:unitName></core:organisationUnit>` +
      `<core:messageDescription>${escapeXmlText(m.description)}</core:messageDescription>` +
      `<core:messageText>${messageTextElement(m.docbook)}</core:messageText>` +
      `</am:message>` +
      `<am:sourceSystem>${escapeXmlText(m.sourceSystem)}</am:sourceSystem>` +
      `</am:AddMessageToPatientPortalInbox>`,
  );
}

// ── Answers ──

export type V1Answer<T> =
  | { kind: 'answer'; value: T }
  | { kind: 'fault'; side: 'client' | 'server'; code: string; text: string }
  | { kind: 'garbled' };

export type AddMessageResult = { resultCode: 'OK' } | { resultCode: 'INFO' | 'ERROR'; resultText: string };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // The answer is the producer's; entities beyond XML's five have no business in it.
  processEntities: true,
  htmlEntities: false,
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : null;

function bodyOf(xml: string): Node | null {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) return null;
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const env = isNode(doc) ? doc.Envelope : undefined;
  const body = isNode(env) ? env.Body : undefined;
  return isNode(body) ? body : null;
}

function faultOf(body: Node): Extract<V1Answer<never>, { kind: 'fault' }> | null {
  const f = body.Fault;
  if (!isNode(f)) return null;
  const code = text(f.faultcode) ?? '';
  const local = code.includes(':') ? code.slice(code.indexOf(':') + 1) : code;
  // SOAP 1.1 fault codes are dotted refinements ("Client.Authentication"): the first part says
  // whose mistake it was. Anything but Client is taken as the server's, which a later try may cure.
  const side = local.split('.')[0] === 'Client' ? 'client' : 'server';
  return { kind: 'fault', side, code: local, text: text(f.faultstring) ?? '' };
}

export function decodeIsActiveUser(xml: string): V1Answer<{ active: boolean }> {
  const body = bodyOf(xml);
  if (!body) return { kind: 'garbled' };
  const fault = faultOf(body);
  if (fault) return fault;
  const r = body.IsActiveUserResponse;
  const status = isNode(r) ? text(r.status) : null;
  if (status === 'true' || status === '1') return { kind: 'answer', value: { active: true } };
  if (status === 'false' || status === '0') return { kind: 'answer', value: { active: false } };
  return { kind: 'garbled' };
}

export function decodeAddMessage(xml: string): V1Answer<AddMessageResult> {
  const body = bodyOf(xml);
  if (!body) return { kind: 'garbled' };
  const fault = faultOf(body);
  if (fault) return fault;
  const r = body.AddMessageToPatientPortalInboxResponse;
  if (!isNode(r)) return { kind: 'garbled' };
  const code = text(r.resultCode);
  if (code === 'OK') return { kind: 'answer', value: { resultCode: 'OK' } };
  if (code === 'INFO' || code === 'ERROR')
    return { kind: 'answer', value: { resultCode: code, resultText: text(r.resultText) ?? '' } };
  return { kind: 'garbled' };
}
