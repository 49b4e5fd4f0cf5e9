// Pixie's HTTP API (smsserver.pixie.se/sendsms), as its public clients use it:
//   account, receivers (comma-separated, country code without +), sender, message, and
//   signature = MD5 hex of account + receivers + message + password (UTF-8) — the password itself
//   never travels. The answer is XML: <response code="0"><cost>…</cost></response> on success,
//   <response code="402" description="Too long sender name"/> on refusal (ISO-8859-1 declared).
// We send the fields as a form POST over https (never GET: the text stays out of URLs and logs).
// Pixie's list of codes is not public; CareDock treats 0 as sent, the account codes below as a
// channel problem (pause), and any other code as a refusal of this message. The fake follows the
// same model; both change together when Pixie confirms its codes.
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { Outcome } from '../../src/shared/jobs/index.ts';
import type { SmsMessage } from '../sms/message.ts';

const provider = 'pixie';

/** Codes that say the account or signature is wrong for every message, not this one. */
export const pixieAccountCodes: ReadonlySet<number> = new Set([401]);

export function pixieReceiver(e164: string): string {
  return e164.replace(/^\+/, '');
}

export function pixieSignature(
  account: string,
  receivers: string,
  message: string,
  password: string,
): string {
  return createHash('md5').update(`${account}${receivers}${message}${password}`, 'utf8').digest('hex');
}

export function encodeSend(m: SmsMessage, account: string, password: string): string {
  const receivers = pixieReceiver(m.to);
  return new URLSearchParams({
    account,
    signature: pixieSignature(account, receivers, m.text, password),
    receivers,
    sender: m.sender,
    message: m.text,
  }).toString();
}

/** The XML answer's charset as declared (Pixie declares ISO-8859-1); UTF-8 when it says nothing. */
export function decodeBody(raw: Buffer): string {
  const head = raw.subarray(0, 100).toString('latin1');
  return /encoding\s*=\s*["']?(ISO-8859-1|latin1|windows-1252)/i.test(head)
    ? raw.toString('latin1')
    : raw.toString('utf8');
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  ignoreDeclaration: true,
});

export function decodeAnswer(status: number, xml: string): Outcome {
  if (status === 401 || status === 403)
    return { status: 'pause', code: 'sms.authFailed', params: { provider } };
  if (status === 429) return { status: 'retry', code: 'sms.rateLimited', params: { provider } };
  if (status === 502 || status === 503 || status === 504)
    return { status: 'retry', code: 'sms.gatewayUnavailable', params: { provider } };
  if (status !== 200) return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  let doc: unknown;
  try {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('DTD');
    doc = parser.parse(xml, true);
  } catch {
    return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  }
  const response = (doc as { response?: { code?: unknown; description?: unknown } } | null)?.response;
  const code = Number(response?.code);
  if (!response || !Number.isInteger(code))
    return { status: 'unknown', code: 'sms.unknownOutcome', params: { provider } };
  if (code === 0) return { status: 'sent' };
  if (pixieAccountCodes.has(code)) return { status: 'pause', code: 'sms.authFailed', params: { provider } };
  return { status: 'permanent', code: 'sms.gatewayRejected', params: { provider, code } };
}
