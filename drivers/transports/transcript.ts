// Recorded conversations (Ledger Live's pattern): "=> hex" is what the host wrote, "<= hex" what
// the device answered, "!! disconnect" the device going away. "#" starts a comment.
import { DriverError } from '../errors.ts';
import { fromHex, toHex } from '../protocol/pen-dock-v1/bytes.ts';
import { Listeners } from './transport.ts';
import type { Transport } from './transport.ts';

export type TranscriptStep =
  | { dir: 'write'; bytes: Uint8Array; line: number }
  | { dir: 'read'; bytes: Uint8Array; line: number }
  | { dir: 'disconnect'; line: number };

export class TranscriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptError';
  }
}

export function parseTranscript(text: string): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = (raw.split('#')[0] ?? '').trim();
    if (content === '') return;
    if (content === '!! disconnect') {
      steps.push({ dir: 'disconnect', line });
      return;
    }
    const match = /^(=>|<=)\s*(.*)$/.exec(content);
    const bytes = match ? fromHex(match[2] ?? '') : undefined;
    if (!match || !bytes || bytes.length === 0)
      throw new TranscriptError(`transcript line ${line}: cannot read "${raw}"`);
    steps.push({ dir: match[1] === '=>' ? 'write' : 'read', bytes, line });
  });
  return steps;
}

export interface ReplayTransport extends Transport {
  /** Throws the first mismatch, or a TranscriptError naming the steps left over. */
  assertDone(): void;
  readonly failure: Error | undefined;
}

/**
 * Plays the device's side of a transcript. Our writes must match the "=>" bytes exactly (chunking
 * may differ); each fully matched write releases the "<=" lines after it.
 */
export function createReplayTransport(
  transcript: string | TranscriptStep[],
  label = 'replay',
): ReplayTransport {
  const steps = typeof transcript === 'string' ? parseTranscript(transcript) : transcript;
  const data = new Listeners<Uint8Array>();
  const disconnect = new Listeners<DriverError>();
  let index = 0;
  let offset = 0;
  let open = false;
  let failure: Error | undefined;

  const fail = (message: string): TranscriptError => {
    const error = new TranscriptError(message);
    failure ??= error;
    return error;
  };

  const release = (): void => {
    // Hand out every device step up to the next host write.
    const out: TranscriptStep[] = [];
    while (index < steps.length && steps[index]?.dir !== 'write') {
      const step = steps[index];
      if (step) out.push(step);
      index++;
    }
    if (out.length === 0) return;
    setImmediate(() => {
      for (const step of out) {
        if (!open) return;
        if (step.dir === 'read') data.emit(step.bytes);
        else if (step.dir === 'disconnect') {
          open = false;
          disconnect.emit(
            new DriverError('device.disconnectedMidRead', `transcript line ${step.line}: disconnect`),
          );
        }
      }
    });
  };

  return {
    label,
    get failure() {
      return failure;
    },
    async open() {
      open = true;
      release();
    },
    async write(bytes: Uint8Array) {
      if (!open) throw new DriverError('device.disconnectedMidRead', `${label} is closed`);
      for (let i = 0; i < bytes.length; i++) {
        const step = steps[index];
        if (!step || step.dir !== 'write') {
          throw fail(
            `unexpected write of ${toHex(bytes.subarray(i))}${step ? ` (line ${step.line} expects the device)` : ' after the transcript ended'}`,
          );
        }
        if (step.bytes[offset] !== bytes[i]) {
          throw fail(
            `line ${step.line}: wrote ${toHex(bytes)}, expected ${toHex(step.bytes)} (differs at byte ${offset})`,
          );
        }
        offset++;
        if (offset === step.bytes.length) {
          index++;
          offset = 0;
          release();
        }
      }
    },
    onData: (listener) => data.add(listener),
    onDisconnect: (listener) => disconnect.add(listener),
    async close() {
      open = false;
    },
    assertDone() {
      if (failure) throw failure;
      if (index < steps.length || offset > 0) {
        const step = steps[index];
        throw new TranscriptError(
          `${steps.length - index} transcript step(s) left over, from line ${step?.line ?? '?'}`,
        );
      }
    },
  };
}

export interface RecordingTransport extends Transport {
  /** The conversation so far in transcript format. */
  transcript(): string;
}

/** Wraps a transport and writes down both directions, for support and for new regression tests. */
export function createRecordingTransport(inner: Transport): RecordingTransport {
  const lines: { dir: '=>' | '<=' | '!!'; hex: string }[] = [];
  const note = (dir: '=>' | '<=', bytes: Uint8Array): void => {
    const last = lines[lines.length - 1];
    if (last && last.dir === dir) last.hex += toHex(bytes);
    else lines.push({ dir, hex: toHex(bytes) });
  };
  inner.onData((bytes) => note('<=', bytes));
  inner.onDisconnect(() => lines.push({ dir: '!!', hex: 'disconnect' }));
  return {
    label: inner.label,
    open: () => inner.open(),
    async write(bytes) {
      note('=>', bytes);
      await inner.write(bytes);
    },
    onData: (listener) => inner.onData(listener),
    onDisconnect: (listener) => inner.onDisconnect(listener),
    close: () => inner.close(),
    transcript: () => lines.map((l) => `${l.dir} ${l.hex}`).join('\n') + (lines.length ? '\n' : ''),
  };
}
