// The 1.0 inbox over HTTPS to the national service platform, with mutual TLS: the platform knows
// the municipality by its function certificate, and CareDock trusts only the platform's CA.
//
// At most once. The 1.0 contract carries no message id, so a message whose answer was lost cannot
// be looked up or deduplicated: anything that may have reached the producer is `unknown` (parked
// for a person), and only failures that certainly happened before the request left are retried.
import https from 'node:https';
import type { ErrorCode, ErrorParams } from '../../src/shared/errors/index.ts';
import { CareDockError } from '../../src/shared/errors/index.ts';
import { httpsRequest, type HttpAnswer } from '../http/request.ts';
import { validateDocBook } from './docbook.ts';
import {
  ADD_MESSAGE_ACTION,
  decodeAddMessage,
  decodeIsActiveUser,
  encodeAddMessage,
  encodeIsActiveUser,
  IS_ACTIVE_USER_ACTION,
  NOT_ACTIVE_USER_TEXT,
  type V1Answer,
} from './contract-v1.ts';
import {
  inboxMessage,
  type ActiveUserOutcome,
  type InboxLimits,
  type InboxOutcome,
  type InboxSettings,
  type PatientInbox,
} from './inbox-types.ts';

type V1Settings = Extract<InboxSettings, { version: '1.0' }>;
type NotSent = Exclude<InboxOutcome, { status: 'sent' }>;

/** The TKB's answer-time SLA is 2 s for 95 % of calls; this leaves room for the slow tail. */
const DEFAULT_TIMEOUT_MS = 20_000;
/** Enough of a fault's text to recognise it in the admin view without echoing a whole page. */
const FAULT_SHOWN = 200;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const shorten = (s: string) => (s.length > FAULT_SHOWN ? `${s.slice(0, FAULT_SHOWN)}…` : s);

/** A refusal raised while building the request: nothing was sent, and no try will change it. */
function refusal(e: unknown): NotSent {
  if (e instanceof CareDockError) return { status: 'permanent', code: e.code, params: e.params };
  throw e;
}

export function createV1Inbox(settings: V1Settings, limits: InboxLimits): PatientInbox {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function post(url: string, action: string, body: string, signal?: AbortSignal): Promise<HttpAnswer> {
    // The client certificate travels in the agent: request.ts passes an agent through untouched,
    // and a fresh one per call keeps the no-reuse rule every adapter follows.
    // TLS 1.2 at most: under 1.3 the server judges the client certificate only after the client has
    // written its request, so a refused certificate shows as a reset after sending — for AddMessage
    // indistinguishable from a lost answer, and every message would be parked instead of the
    // channel paused. Under 1.2 the refusal comes in the handshake, before anything is sent.
    const agent = new https.Agent({
      keepAlive: false,
      maxVersion: 'TLSv1.2',
      key: settings.tls.key,
      cert: settings.tls.cert,
      ca: settings.tls.ca,
    });
    try {
      return await httpsRequest({
        url,
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"`, accept: 'text/xml' },
        body,
        timeoutMs,
        agent,
        ...(signal ? { signal } : {}),
      });
    } finally {
      agent.destroy();
    }
  }

  /**
   * What a failed or unreadable exchange means. `mayHaveActed`: the call changes something at the
   * producer (AddMessage), so an exchange that may have reached it must not be repeated.
   */
  function failure(url: string, a: HttpAnswer, mayHaveActed: boolean): NotSent {
    const host = hostOf(url);
    if (!a.ok) {
      if (a.reason === 'tls') return { status: 'pause', code: 'patientportal.tlsFailed', params: { host } };
      if (a.phase === 'after-send' && mayHaveActed)
        return { status: 'unknown', code: 'patientportal.outcomeUnknown', params: { host } };
      if (a.reason === 'connect' || a.reason === 'reset')
        return { status: 'retry', code: 'patientportal.connectionFailed', params: { host } };
      return { status: 'retry', code: 'patientportal.timeout', params: { host } };
    }
    const status = a.status;
    if (status === 401 || status === 403)
      return { status: 'pause', code: 'patientportal.accessDenied', params: { host, status } };
    // 503 is a refusal to take the call at all; a 502 or 504 from a gateway may come after the
    // producer already acted.
    if (status === 503 || !mayHaveActed)
      return { status: 'retry', code: 'patientportal.serverBusy', params: { host, status } };
    return { status: 'unknown', code: 'patientportal.unexpectedAnswer', params: { host, status } };
  }

  function fault(f: Extract<V1Answer<never>, { kind: 'fault' }>): NotSent {
    const shown = shorten(f.text || f.code);
    // A Client fault says the request itself is wrong: sending it again gives the same fault.
    if (f.side === 'client')
      return { status: 'permanent', code: 'patientportal.clientFault', params: { fault: shown } };
    return { status: 'retry', code: 'patientportal.serverFault', params: { fault: shown } };
  }

  async function isActiveUser(personId: string, signal?: AbortSignal): Promise<ActiveUserOutcome> {
    const url = settings.endpoints.isActiveUser;
    const refused = insecure();
    if (refused) return refused;
    let body: string;
    try {
      body = encodeIsActiveUser(settings.logicalAddress, personId);
    } catch (e) {
      return refusal(e);
    }
    const a = await post(url, IS_ACTIVE_USER_ACTION, body, signal);
    if (!a.ok) return failure(url, a, false);
    const d = decodeIsActiveUser(a.body);
    if (d.kind === 'fault') return fault(d);
    if (d.kind === 'garbled') return failure(url, a, false);
    return d.value.active
      ? { status: 'active' }
      : { status: 'permanent', code: 'patientportal.notActiveUser' };
  }

  /** The AddMessage request, or why it cannot be sent; nothing leaves before this passes. */
  function prepare(
    msg: unknown,
  ): { ok: true; personId: string; body: string } | { ok: false; outcome: NotSent } {
    const parsed = inboxMessage.safeParse(msg);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'message';
      return {
        ok: false,
        outcome: { status: 'permanent', code: 'patientportal.invalidMessage', params: { field } },
      };
    }
    const m = parsed.data;
    const check = validateDocBook(m.docbook);
    if (!check.ok)
      return { ok: false, outcome: { status: 'permanent', code: check.code, params: check.params } };
    try {
      const body = encodeAddMessage(settings.logicalAddress, {
        subjectOfCareId: m.personId,
        sourceSystem: settings.sourceSystem,
        description: m.title,
        unit: m.sender,
        docbook: m.docbook,
      });
      return { ok: true, personId: m.personId, body };
    } catch (e) {
      return { ok: false, outcome: refusal(e) };
    }
  }

  async function send(body: string, signal?: AbortSignal): Promise<InboxOutcome> {
    const url = settings.endpoints.addMessage;
    const a = await post(url, ADD_MESSAGE_ACTION, body, signal);
    if (!a.ok) return failure(url, a, true);
    const d = decodeAddMessage(a.body);
    if (d.kind === 'fault') return fault(d);
    if (d.kind === 'garbled') return failure(url, a, true);
    const r = d.value;
    if (r.resultCode === 'OK') return { status: 'sent' };
    const resultText = shorten(r.resultText);
    if (r.resultCode === 'INFO') {
      const notice: { code: ErrorCode; params: ErrorParams } = {
        code: 'patientportal.resultInfo',
        params: { resultText },
      };
      return { status: 'sent', notice };
    }
    // The TKB names one logical error, and it can be acted on only by reaching the person another way.
    if (r.resultText.trim() === NOT_ACTIVE_USER_TEXT)
      return { status: 'permanent', code: 'patientportal.notActiveUser' };
    return { status: 'permanent', code: 'patientportal.resultError', params: { resultText } };
  }

  const insecure = (): NotSent | null =>
    settings.endpoints.addMessage.startsWith('https://') &&
    settings.endpoints.isActiveUser.startsWith('https://')
      ? null
      : { status: 'pause', code: 'patientportal.insecureUrl' };

  return {
    version: '1.0',
    limits,
    isActiveUser,
    async addMessage(msg, signal) {
      const refused = insecure();
      if (refused) return refused;
      const p = prepare(msg);
      return p.ok ? send(p.body, signal) : p.outcome;
    },
    async deliver(msg, signal) {
      const refused = insecure();
      if (refused) return refused;
      const p = prepare(msg);
      if (!p.ok) return p.outcome;
      const active = await isActiveUser(p.personId, signal);
      if (active.status !== 'active') return active;
      return send(p.body, signal);
    },
  };
}
