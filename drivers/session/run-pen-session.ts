// Lifecycle of one pen: identify → check clock → read a batch → commit → acknowledge → … →
// (set clock) → close. The rules live in PenSessionMachine; this file does the I/O, the timeouts,
// the progress reports and the cleanup.
import { DriverError, toDriverError } from '../errors.ts';
import { MAX_BATCH } from '../protocol/pen-dock-v1/constants.ts';
import type { PenIdentity, RequestMessage } from '../protocol/pen-dock-v1/messages.ts';
import type { PenRecord, RejectedRecord } from '../protocol/pen-dock-v1/record.ts';
import { PenSessionMachine } from '../protocol/pen-dock-v1/session-machine.ts';
import type {
  ClockCheck,
  ModelStatus,
  SessionAction,
  SessionSummary,
  SetClockPolicy,
} from '../protocol/pen-dock-v1/session-machine.ts';
import { penModelStatus } from '../manifest.ts';
import type { Transport } from '../transports/transport.ts';
import { runStep } from './abort.ts';
import { DockLink } from './dock-link.ts';
import type { DockLinkOptions } from './dock-link.ts';

export interface CommitContext {
  identity: PenIdentity;
  clock: ClockCheck;
  slot: number;
  /** 0 for the first batch of the session. */
  batchIndex: number;
  /**
   * Records of this batch that break the spec's §3 (never registrations). They are acknowledged
   * with the batch, so they must be made durable too: the spec's §5.3 says quarantine them.
   */
  rejected: readonly RejectedRecord[];
}

/**
 * Must make the records (and context.rejected) durable before it resolves: the pen is told it may
 * erase them right after. rawBytes are the reply frames (identify for the first batch, then the
 * read replies) exactly as received, for support to replay.
 */
export type CommitRecords = (
  records: readonly PenRecord[],
  rawBytes: Uint8Array,
  context: CommitContext,
) => Promise<void>;

export type SessionStep =
  'open' | 'identify' | 'clock' | 'read' | 'commit' | 'acknowledge' | 'setClock' | 'close';

export type SessionProgress =
  | { step: 'open' }
  | { step: 'identify' }
  | { step: 'clock'; identity: PenIdentity; clock: ClockCheck }
  | { step: 'read'; done: number; total: number }
  | { step: 'commit'; records: number; done: number; total: number }
  | { step: 'acknowledge'; upToSeq: number; done: number; total: number }
  | { step: 'setClock'; time: number }
  | { step: 'close' };

export interface StepTimeouts {
  open: number;
  identify: number;
  read: number;
  commit: number;
  acknowledge: number;
  setClock: number;
}

export const DEFAULT_STEP_TIMEOUTS: Readonly<StepTimeouts> = {
  open: 5_000,
  identify: 10_000,
  // 255 records with 10-byte UIDs take ~6 s at 9600 baud.
  read: 30_000,
  commit: 60_000,
  acknowledge: 10_000,
  setClock: 10_000,
};

export interface PenSessionOptions extends DockLinkOptions {
  /** Give a transport (opened and closed by the session) or a shared, open DockLink. */
  transport?: Transport;
  link?: DockLink;
  /** Default 1: the only slot of a single-pen dock. */
  slot?: number;
  commit: CommitRecords;
  onProgress?: (progress: SessionProgress) => void;
  signal?: AbortSignal;
  /** Records per read, 1..255; default 200. */
  batchSize?: number;
  timeouts?: Partial<StepTimeouts>;
  /** Default 'ifNeeded': set the pen's clock when drifted or reset. */
  setClock?: SetClockPolicy;
  /** Default 900 s (15 minutes). */
  clockDriftLimitSeconds?: number;
  /** Default 15 %. */
  lowBatteryPercent?: number;
  /** Default: the manifest's pen models (any model not refused there is read). */
  modelStatus?: (identity: PenIdentity) => ModelStatus;
  /** The PC clock in ms (Date.now); injectable for tests and transcripts. */
  now?: () => number;
}

export interface PenSessionResult extends SessionSummary {
  slot: number;
  durationMs: number;
}

const STEP_OF: Record<RequestMessage['type'], keyof StepTimeouts> = {
  identify: 'identify',
  readRecords: 'read',
  acknowledge: 'acknowledge',
  setClock: 'setClock',
  dockInfo: 'identify',
};

export async function runPenSession(options: PenSessionOptions): Promise<PenSessionResult> {
  const link = options.link ?? (options.transport ? new DockLink(options.transport, options) : undefined);
  if (!link) throw new TypeError('runPenSession needs a transport or a link');
  const ownsLink = options.link === undefined;
  const slot = options.slot ?? 1;
  const timeouts: StepTimeouts = { ...DEFAULT_STEP_TIMEOUTS, ...options.timeouts };
  const now = options.now ?? Date.now;
  const progress = (p: SessionProgress): void => {
    try {
      options.onProgress?.(p);
    } catch {
      // A broken progress listener must not break an upload.
    }
  };
  const started = now();
  const machine = new PenSessionMachine({
    batchSize: Math.min(MAX_BATCH, options.batchSize ?? 200),
    clockDriftLimitSeconds: options.clockDriftLimitSeconds ?? 900,
    setClock: options.setClock ?? 'ifNeeded',
    modelStatus: options.modelStatus ?? ((identity) => penModelStatus(identity.model)),
    lowBatteryPercent: options.lowBatteryPercent ?? 15,
  });

  let raw: Uint8Array[] = [];
  let batchIndex = 0;
  try {
    if (ownsLink) {
      progress({ step: 'open' });
      await runStep('open', timeouts.open, options.signal, () => link.open());
    }
    let action: SessionAction = machine.start();
    // Each pass sends one request or commits one batch, and the machine refuses more records
    // than identify announced, so the loop is bounded by the pen's record count.
    for (;;) {
      switch (action.type) {
        case 'send': {
          const request = action.request;
          const step = STEP_OF[request.type];
          if (request.type === 'identify') progress({ step: 'identify' });
          if (request.type === 'setClock') progress({ step: 'setClock', time: request.time });
          const { reply, raw: frame } = await runStep(step, timeouts[step], options.signal, (signal) =>
            link.request(slot, request, signal),
          );
          if (request.type === 'identify' || request.type === 'readRecords') raw.push(frame);
          action = machine.onReply(reply, Math.floor(now() / 1000));
          const p = machine.progress;
          if (request.type === 'identify' && machine.identity && machine.clock) {
            progress({ step: 'clock', identity: machine.identity, clock: machine.clock });
            if (action.type !== 'fail') progress({ step: 'read', done: 0, total: p.total });
          } else if (request.type === 'readRecords' && action.type !== 'fail') {
            progress({ step: 'read', done: p.read, total: p.total });
          } else if (request.type === 'acknowledge' && action.type !== 'fail') {
            progress({ step: 'acknowledge', upToSeq: request.upToSeq, done: p.acknowledged, total: p.total });
          }
          break;
        }
        case 'commit': {
          const identity = machine.identity;
          const clock = machine.clock;
          if (!identity || !clock) throw new DriverError('device.protocol', 'commit before identify');
          const { records, rejected } = action;
          const p = machine.progress;
          progress({
            step: 'commit',
            records: records.length + rejected.length,
            done: p.read,
            total: p.total,
          });
          const bytes = concat(raw);
          const context: CommitContext = { identity, clock, slot, batchIndex, rejected };
          await runStep('commit', timeouts.commit, options.signal, async () => {
            try {
              await options.commit(records, bytes, context);
            } catch (error) {
              throw new DriverError(
                'device.commitFailed',
                'the records could not be stored; nothing was acknowledged',
                { cause: error },
              );
            }
          });
          raw = [];
          batchIndex++;
          action = machine.onCommitted();
          break;
        }
        case 'done':
          return { ...action.summary, slot, durationMs: now() - started };
        case 'fail':
          throw new DriverError(action.code, action.message, { detail: { ...action.detail, slot } });
      }
    }
  } catch (error) {
    throw toDriverError(error, 'device.protocol', 'pen session failed');
  } finally {
    if (ownsLink) await link.close().catch(() => undefined);
    progress({ step: 'close' });
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
