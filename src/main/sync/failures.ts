// Turning what the server (or the network) said into a catalogue error with a decision: pause
// until a person acts, or retry with backoff.
import { CareDockError, type ErrorCode, type ErrorParams } from '../../shared/errors/index.ts';
import { SYNC_PAUSE_CODES, syncErrorBodySchema, type SyncErrorCode } from '../../shared/sync/errors.ts';
import { ChannelError, type Answer } from './channel.ts';

export class SyncFailure extends CareDockError {
  /** true: nothing changes until a person acts (certificate, address, update); no retry timer. */
  readonly pause: boolean;
  /**
   * What the pass had done before it failed: batches the server answered are marked sent and
   * pages pulled are applied, so "nothing happened" would be wrong.
   */
  doneBefore: { accepted: number; duplicate: number; rejected: number; pulled: number } | null = null;
  /** The server's own code, when it answered with one (sync.cursorExpired, sync.batchTooLarge…). */
  readonly serverCode: SyncErrorCode | null;
  constructor(code: ErrorCode, params: ErrorParams, pause: boolean, serverCode: SyncErrorCode | null = null) {
    super(code, params);
    this.name = 'SyncFailure';
    this.pause = pause;
    this.serverCode = serverCode;
  }
}

export interface FailureContext {
  providerName: string;
  certificateNotAfter: string | null;
}

/** Codes the catalogue explains as they are; the rest are folded into busy / invalid request. */
const SHOWN_AS_IS: ReadonlySet<string> = new Set<SyncErrorCode>([
  ...SYNC_PAUSE_CODES,
  'sync.enrolmentRefused',
  'sync.enrolmentCodeInvalid',
  'sync.enrolmentCsrInvalid',
  'sync.tooManyAttempts',
  'sync.renewalCsrInvalid',
  'sync.renewalTooSoon',
]);

export function failureFromAnswer(answer: Answer, ctx: FailureContext): SyncFailure {
  const parsed = syncErrorBodySchema.safeParse(answer.json);
  const body = parsed.success ? parsed.data.error : null;
  const code = body?.code ?? null;
  if (code !== null && SHOWN_AS_IS.has(code)) {
    const params: ErrorParams = {};
    if (code === 'sync.addressNotRegistered') {
      params.address = body?.sourceAddress ?? '?';
      params.provider = ctx.providerName;
    }
    if (code === 'sync.enrolmentRefused') params.address = body?.sourceAddress || '?';
    if (code === 'sync.tooManyAttempts')
      params.minutes = String(Math.max(1, Math.ceil((body?.retryAfterSeconds ?? 60) / 60)));
    if (code === 'sync.renewalTooSoon')
      params.minutes = String(Math.max(1, Math.ceil((body?.retryAfterSeconds ?? 3600) / 60)));
    if (code === 'sync.updateRequired') params.version = body?.minClientVersion ?? '?';
    if (code === 'sync.certificateExpired') params.date = (ctx.certificateNotAfter ?? '').slice(0, 10) || '?';
    return new SyncFailure(code as ErrorCode, params, SYNC_PAUSE_CODES.includes(code), code);
  }
  if (answer.status === 429 || answer.status >= 500 || answer.status === 0)
    return new SyncFailure('sync.serverBusy', { status: answer.status }, false, code);
  // 400/404/409/410/413 and anything unforeseen: not a person's problem; retry with backoff.
  return new SyncFailure('sync.invalidRequest', { status: answer.status }, false, code);
}

export function failureFromError(err: unknown, localAddress: string | null): SyncFailure {
  if (err instanceof SyncFailure) return err;
  if (err instanceof ChannelError) {
    if (err.kind === 'untrusted') return new SyncFailure('sync.serverUntrusted', {}, true);
    if (err.kind === 'localAddress')
      return new SyncFailure('sync.sourceAddressInvalid', { address: localAddress ?? '?' }, true);
    return new SyncFailure('sync.unreachable', {}, false);
  }
  if (err instanceof CareDockError) return new SyncFailure(err.code, err.params, false);
  // A fault of ours (the caller logs it): retry with backoff, tell the person it is ours.
  return new SyncFailure('internal.unexpected', { time: new Date().toISOString() }, false);
}
