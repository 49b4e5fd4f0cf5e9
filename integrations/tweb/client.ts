// The TWeb adapter on the central server: each call of docs/integrations/tweb.md as one outcome in
// the job queue's words, and `file`, the three uses as one function — case → documents → optional
// assignment — each step under an idempotency key derived from the transaction's id. A retry after
// a partial failure sends the finished steps again and TWeb answers them with their earlier results
// (409 idempotencyReplay), so filing continues where it stopped and never makes a second case.
// After an attempt whose answer never came, `resolve` looks each step's key up before anything is
// sent again.
import type { Outcome, Resolution } from '../../src/shared/jobs/contract.ts';
import { httpsRequest, retryAfterMs, type HttpAnswer } from '../http/request.ts';
import { createTwebAuth, type TwebAuth } from './auth.ts';
import {
  calls,
  errorAnswer,
  type AddDocumentAnswer,
  type AddDocumentRequest,
  type CallName,
  type CreateAssignmentAnswer,
  type CreateAssignmentRequest,
  type CreateCaseAnswer,
  type CreateCaseRequest,
  type LookupAnswer,
} from './calls.ts';
import { planFiling, type FilingPlan } from './encoder.ts';
import { DEFAULT_TIMEOUT_MS, type TwebSettings } from './settings.ts';

type NotSent = Exclude<Outcome, { status: 'sent' }>;

/** One call: TWeb's answer read through calls.ts, `replayed` when it was a 409 idempotencyReplay. */
export type CallOutcome<T> = { status: 'sent'; ref: string; value: T; replayed: boolean } | NotSent;
export type LookupOutcome = { status: 'found'; value: LookupAnswer } | { status: 'missing' } | NotSent;

/** What is in TWeb for a transaction so far; the central server keeps it beside the transaction. */
export interface Progress {
  caseId: string | null;
  caseNumber: string | null;
  documentIds: string[];
  assignmentId: string | null;
}

/** `sent`'s ref is the case id (uses 1 and 2) or the assignment id (use 3). */
export type FileOutcome = Outcome & { progress: Progress };
export type ResolveOutcome = Resolution & { progress: Progress };

/**
 * A thin mapping for an endpoint whose names differ from the document: the request body as the
 * document writes it → what the endpoint wants, and the endpoint's answer → the document's.
 */
export interface TwebMapping {
  request?(call: CallName, body: Record<string, unknown>): unknown;
  answer?(call: CallName, status: number, body: unknown): unknown;
}

export interface TwebClientOptions {
  mapping?: TwebMapping;
  /** The token cache's clock. */
  now?: () => number;
}

export interface TwebClient {
  readonly host: string;
  createCase(
    body: CreateCaseRequest,
    key: string,
    signal?: AbortSignal,
  ): Promise<CallOutcome<CreateCaseAnswer>>;
  addDocument(
    caseId: string,
    body: AddDocumentRequest,
    key: string,
    signal?: AbortSignal,
  ): Promise<CallOutcome<AddDocumentAnswer>>;
  createAssignment(
    body: CreateAssignmentRequest,
    key: string,
    signal?: AbortSignal,
  ): Promise<CallOutcome<CreateAssignmentAnswer>>;
  lookup(key: string, signal?: AbortSignal): Promise<LookupOutcome>;
  /** File one transaction (`TwebTransactionInput`) by its kind's use. */
  file(transaction: unknown, signal?: AbortSignal): Promise<FileOutcome>;
  /** After an `unknown` outcome: look every step's key up; `not-sent` means `file` may run again. */
  resolve(transaction: unknown, signal?: AbortSignal): Promise<ResolveOutcome>;
}

/** TWeb's error codes are shown to support as a reference, never its message (it may quote data). */
const REFERENCE_MAX = 120;
const ANSWER_MAX_BYTES = 1024 * 1024;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

type Answered = Extract<HttpAnswer, { ok: true }>;

export function createTwebClient(settings: TwebSettings, options: TwebClientOptions = {}): TwebClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const host = hostOf(base);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth: TwebAuth = createTwebAuth(settings.auth, {
    timeoutMs,
    ...(settings.ca ? { ca: settings.ca } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const mapping = options.mapping ?? {};

  function transportFailure(a: Extract<HttpAnswer, { ok: false }>, method: 'GET' | 'POST'): NotSent {
    if (a.reason === 'tls') return { status: 'pause', code: 'tweb.tlsFailed', params: { host } };
    // A create that left and got no answer may have happened: never resent before a look-up.
    if (a.phase === 'after-send' && method === 'POST')
      return { status: 'unknown', code: 'tweb.outcomeUnknown', params: { host } };
    if (a.reason === 'timeout') return { status: 'retry', code: 'tweb.timeout', params: { host } };
    return { status: 'retry', code: 'tweb.connectionFailed', params: { host } };
  }

  /** One request, signed; a 401 on a token gets one fresh token and one more try. */
  async function send(
    call: CallName,
    path: string,
    body: Record<string, unknown> | undefined,
    key: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; answer: Answered } | { ok: false; outcome: NotSent }> {
    if (!base.startsWith('https://'))
      return { ok: false, outcome: { status: 'pause', code: 'tweb.insecureUrl' } };
    const method = calls[call].method;
    const json =
      body === undefined ? undefined : JSON.stringify(mapping.request ? mapping.request(call, body) : body);
    for (let attempt = 0; ; attempt++) {
      const signed = await auth.headers({ fresh: attempt > 0, ...(signal ? { signal } : {}) });
      if (!signed.ok) return signed;
      const a = await httpsRequest({
        url: `${base}${path}`,
        method,
        headers: {
          ...signed.headers,
          accept: 'application/json',
          'user-agent': 'CareDock',
          ...(json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...(key !== undefined ? { 'idempotency-key': key } : {}),
        },
        ...(json !== undefined ? { body: json } : {}),
        ...(settings.ca ? { ca: settings.ca } : {}),
        timeoutMs,
        maxBytes: ANSWER_MAX_BYTES,
        ...(signal ? { signal } : {}),
      });
      if (!a.ok) return { ok: false, outcome: transportFailure(a, method) };
      if (a.status === 401) {
        if (auth.refreshable && attempt === 0) continue;
        return { ok: false, outcome: { status: 'pause', code: 'tweb.authFailed', params: { host } } };
      }
      return { ok: true, answer: a };
    }
  }

  /** A non-success answer in the queue's words (docs/integrations/tweb.md, "Statuses"). */
  function failure(
    a: Answered,
    error: { error: string; field?: string | undefined },
    caseId: string | null,
  ): NotSent {
    const status = a.status;
    if (status === 429 || status === 503) {
      const wait = retryAfterMs(a.headers['retry-after']);
      return {
        status: 'retry',
        code: 'tweb.busy',
        params: { host },
        ...(wait !== null ? { retryAfterMs: wait } : {}),
      };
    }
    if (status >= 500) return { status: 'retry', code: 'tweb.serverError', params: { host, status } };
    if (status === 409 && error.error === 'inProgress') return { status: 'retry', code: 'tweb.inProgress' };
    if (status === 422 && error.error === 'idempotencyKeyReused')
      return { status: 'permanent', code: 'tweb.keyReused' };
    if (status === 403) return { status: 'permanent', code: 'tweb.forbidden', params: { host } };
    if (status === 404 && error.error === 'caseNotFound')
      return { status: 'permanent', code: 'tweb.caseNotFound', params: { caseId: caseId ?? '—' } };
    if (status === 413) return { status: 'permanent', code: 'tweb.tooLarge' };
    if (status === 400 || status === 409 || status === 422) {
      const named = [String(status), error.error, error.field ? `(${error.field})` : '']
        .filter((s) => s !== '')
        .join(' ')
        .replace(/[^\p{L}\p{N} ._:/()[\]-]/gu, '');
      const reference = named.slice(0, REFERENCE_MAX);
      return { status: 'permanent', code: 'tweb.rejected', params: { reference } };
    }
    return { status: 'pause', code: 'tweb.endpointMissing', params: { host, status } };
  }

  /** A POST's or GET's answer read: the call's table, a 409 replay's earlier result, or a failure. */
  function interpret<C extends CallName>(
    call: C,
    a: Answered,
    caseId: string | null,
  ): { ok: true; value: unknown; replayed: boolean } | { ok: false; outcome: NotSent } {
    const raw = parseJson(a.body);
    const body = mapping.answer ? mapping.answer(call, a.status, raw) : raw;
    const status = a.status;
    if (status >= 200 && status < 300) return { ok: true, value: body, replayed: false };
    const e = errorAnswer.safeParse(body);
    const error = e.success
      ? e.data
      : {
          error:
            typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : '',
        };
    if (status === 409 && error.error === 'idempotencyReplay' && 'result' in error && error.result)
      return { ok: true, value: error.result, replayed: true };
    return { ok: false, outcome: failure(a, error, caseId) };
  }

  async function post<T>(
    call: 'createCase' | 'addDocument' | 'createAssignment',
    path: string,
    body: Record<string, unknown>,
    key: string,
    caseId: string | null,
    signal: AbortSignal | undefined,
  ): Promise<CallOutcome<T>> {
    const s = await send(call, path, body, key, signal);
    if (!s.ok) return s.outcome;
    const r = interpret(call, s.answer, caseId);
    if (!r.ok) return r.outcome;
    const value = calls[call].answer.safeParse(r.value);
    if (!value.success) {
      // TWeb acted but its answer cannot be read: the same key again answers 409 with the result.
      const status = s.answer.status;
      return { status: 'retry', code: 'tweb.unexpectedAnswer', params: { host, status } };
    }
    return { status: 'sent', ref: value.data.id, value: value.data as T, replayed: r.replayed };
  }

  const client: TwebClient = {
    host,
    createCase: (body, key, signal) => post('createCase', '/cases', body, key, null, signal),
    addDocument: (caseId, body, key, signal) =>
      post('addDocument', `/cases/${encodeURIComponent(caseId)}/documents`, body, key, caseId, signal),
    createAssignment: (body, key, signal) =>
      post('createAssignment', '/assignments', body, key, body.caseId ?? null, signal),

    async lookup(key, signal) {
      const s = await send(
        'lookup',
        `/idempotency-keys/${encodeURIComponent(key)}`,
        undefined,
        undefined,
        signal,
      );
      if (!s.ok) return s.outcome;
      const raw = parseJson(s.answer.body);
      const body = mapping.answer ? mapping.answer('lookup', s.answer.status, raw) : raw;
      const status = s.answer.status;
      if (status === 404 && (body as { error?: unknown } | undefined)?.error === 'notFound')
        return { status: 'missing' };
      if (status === 200) {
        const value = calls.lookup.answer.safeParse(body);
        if (value.success && value.data.key === key) return { status: 'found', value: value.data };
        return { status: 'retry', code: 'tweb.unexpectedAnswer', params: { host, status } };
      }
      const r = interpret('lookup', s.answer, null);
      return r.ok ? { status: 'retry', code: 'tweb.unexpectedAnswer', params: { host, status } } : r.outcome;
    },

    async file(transaction, signal) {
      const progress: Progress = { caseId: null, caseNumber: null, documentIds: [], assignmentId: null };
      const planned = planFiling(settings, transaction);
      if (!planned.ok) return { ...planned.outcome, progress };
      const plan: FilingPlan = planned.plan;
      progress.caseId = plan.existingCaseId;

      if (plan.createCase) {
        const c = await client.createCase(plan.createCase.body, plan.createCase.key, signal);
        if (c.status !== 'sent') return { ...c, progress };
        progress.caseId = c.value.id;
        progress.caseNumber = c.value.caseNumber;
      }
      for (const doc of plan.documents) {
        const d = await client.addDocument(progress.caseId!, doc.body, doc.key, signal);
        if (d.status !== 'sent') return { ...d, progress };
        progress.documentIds.push(d.value.id);
      }
      if (plan.assignment) {
        const body = plan.assignment.body({ caseId: progress.caseId, documentIds: progress.documentIds });
        const a = await client.createAssignment(body, plan.assignment.key, signal);
        if (a.status !== 'sent') return { ...a, progress };
        progress.assignmentId = a.value.id;
      }
      return { status: 'sent', ref: progress.caseId ?? progress.assignmentId ?? '', progress };
    },

    async resolve(transaction, signal) {
      const progress: Progress = { caseId: null, caseNumber: null, documentIds: [], assignmentId: null };
      const planned = planFiling(settings, transaction);
      // Nothing can have been sent for a transaction that cannot be planned; `file` says why.
      if (!planned.ok) return { status: 'not-sent', progress };
      const plan = planned.plan;
      progress.caseId = plan.existingCaseId;
      const steps: { key: string; found(v: LookupAnswer): void }[] = [
        ...(plan.createCase
          ? [
              {
                key: plan.createCase.key,
                found: (v: LookupAnswer) => {
                  progress.caseId = v.id ?? null;
                  progress.caseNumber = v.caseNumber ?? null;
                },
              },
            ]
          : []),
        ...plan.documents.map((d) => ({
          key: d.key,
          found: (v: LookupAnswer) => {
            if (v.id) progress.documentIds.push(v.id);
          },
        })),
        ...(plan.assignment
          ? [
              {
                key: plan.assignment.key,
                found: (v: LookupAnswer) => {
                  progress.assignmentId = v.id ?? null;
                },
              },
            ]
          : []),
      ];
      for (const step of steps) {
        const l = await client.lookup(step.key, signal);
        if (l.status === 'missing') return { status: 'not-sent', progress };
        if (l.status !== 'found')
          return { status: 'unknown', code: 'tweb.outcomeUnknown', params: { host }, progress };
        // Still being processed: sending again under the same key is safe (409 inProgress, then the result).
        if (l.value.state !== 'done' || !l.value.id) return { status: 'not-sent', progress };
        step.found(l.value);
      }
      return { status: 'sent', ref: progress.caseId ?? progress.assignmentId ?? '', progress };
    },
  };
  return client;
}
