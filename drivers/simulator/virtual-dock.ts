// A dock with numbered slots and the fault injection a test or a trainer asks for. Faults act on
// what the dock sends; frames from the host that fail their CRC are dropped silently, as the spec says.
import { Listeners } from '../transports/transport.ts';
import { DOCK_SLOT, NAK, NAK_CODE, REPLY_BIT } from '../protocol/pen-dock-v1/constants.ts';
import { encodeFrame } from '../protocol/pen-dock-v1/frame.ts';
import type { Frame } from '../protocol/pen-dock-v1/frame.ts';
import { decodeMessage, encodeMessage, isRequest } from '../protocol/pen-dock-v1/messages.ts';
import type { ReplyMessage, RequestMessage } from '../protocol/pen-dock-v1/messages.ts';
import { createRandom, randomInt } from './random.ts';
import { VirtualPen } from './virtual-pen.ts';
import type { VirtualPenConfig } from './virtual-pen.ts';

export interface DockFaults {
  /** Every k-th frame the dock sends has a wrong CRC. */
  corruptCrcEvery?: number | undefined;
  /** Every k-th frame the dock sends loses one byte. */
  dropByteEvery?: number | undefined;
  /** After this many records have been sent, the next read pulls the plug (once). */
  disconnectAfterRecords?: number | undefined;
  /** Wait this long before each answer. */
  slowAnswerMs?: number | undefined;
}

export interface VirtualDockConfig {
  /** Index i is slot i + 1; undefined leaves the slot empty. */
  pens: readonly (VirtualPenConfig | undefined)[];
  faults?: DockFaults;
  /** Seeds the positions of dropped bytes. */
  seed?: number;
  /** Real time in ms; injectable for deterministic transcripts. */
  now?: () => number;
}

export type DockEvent =
  | { type: 'request'; slot: number; request: RequestMessage }
  | { type: 'acknowledged'; slot: number; upToSeq: number; remaining: number }
  | { type: 'clockSet'; slot: number; time: number }
  | { type: 'fault'; fault: 'corruptCrc' | 'dropByte' | 'disconnect' };

export type DockOutput =
  { kind: 'reply'; bytes: Uint8Array; delayMs: number } | { kind: 'disconnect' } | { kind: 'none' };

export class VirtualDock {
  readonly pens: readonly (VirtualPen | undefined)[];
  readonly faults: DockFaults;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #events = new Listeners<DockEvent>();
  #framesSent = 0;
  #recordsSent = 0;
  #disconnectArmed: boolean;

  constructor(config: VirtualDockConfig) {
    this.#now = config.now ?? Date.now;
    const nowSeconds = this.#nowSeconds();
    this.pens = config.pens.map((pen) => (pen ? new VirtualPen(pen, nowSeconds) : undefined));
    this.faults = config.faults ?? {};
    this.#random = createRandom(config.seed ?? 1);
    this.#disconnectArmed = this.faults.disconnectAfterRecords !== undefined;
  }

  get slotCount(): number {
    return this.pens.length;
  }

  pen(slot: number): VirtualPen | undefined {
    return this.pens[slot - 1];
  }

  onEvent(listener: (event: DockEvent) => void): () => void {
    return this.#events.add(listener);
  }

  /** Answers one valid frame from the host. */
  handleFrame(frame: Frame): DockOutput {
    if ((frame.command & REPLY_BIT) !== 0) return { kind: 'none' };
    const decoded = decodeMessage(frame.command, frame.payload);
    if (!decoded.ok || !isRequest(decoded.message)) {
      const code =
        decoded.ok || decoded.reason.startsWith('unknown command')
          ? NAK_CODE.unknownCommand
          : NAK_CODE.badPayload;
      return this.#reply(frame, { type: 'nak', code, rejectedCommand: frame.command });
    }
    const request = decoded.message;
    this.#events.emit({ type: 'request', slot: frame.slot, request });

    if (frame.slot === DOCK_SLOT) {
      if (request.type !== 'dockInfo')
        return this.#reply(frame, {
          type: 'nak',
          code: NAK_CODE.unknownCommand,
          rejectedCommand: frame.command,
        });
      const occupiedSlots = this.pens.flatMap((pen, i) => (pen ? [i + 1] : []));
      return this.#reply(frame, { type: 'dockInfoReply', slotCount: this.pens.length, occupiedSlots });
    }
    const pen = this.pen(frame.slot);
    if (!pen)
      return this.#reply(frame, { type: 'nak', code: NAK_CODE.slotEmpty, rejectedCommand: frame.command });

    let ask = request;
    if (request.type === 'readRecords' && this.#disconnectArmed) {
      const limit = this.faults.disconnectAfterRecords ?? 0;
      if (this.#recordsSent >= limit) {
        this.#disconnectArmed = false;
        this.#events.emit({ type: 'fault', fault: 'disconnect' });
        return { kind: 'disconnect' };
      }
      ask = { ...request, maxCount: Math.min(request.maxCount, limit - this.#recordsSent) };
    }
    const reply = pen.handle(ask, this.#nowSeconds());
    if (reply.type === 'records') this.#recordsSent += reply.records.length;
    if (reply.type === 'acknowledged')
      this.#events.emit({
        type: 'acknowledged',
        slot: frame.slot,
        upToSeq: reply.upToSeq,
        remaining: reply.remaining,
      });
    if (reply.type === 'clockSet')
      this.#events.emit({ type: 'clockSet', slot: frame.slot, time: reply.time });
    return this.#reply(frame, reply);
  }

  #reply(request: Frame, reply: ReplyMessage): DockOutput {
    const { command, payload } = encodeMessage(reply);
    let bytes = encodeFrame({
      seq: request.seq,
      slot: request.slot,
      command: reply.type === 'nak' ? NAK : command,
      payload,
    });
    this.#framesSent += 1;
    const n = this.#framesSent;
    const { corruptCrcEvery, dropByteEvery } = this.faults;
    if (corruptCrcEvery && n % corruptCrcEvery === 0) {
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
      this.#events.emit({ type: 'fault', fault: 'corruptCrc' });
    }
    if (dropByteEvery && n % dropByteEvery === 0) {
      const at = randomInt(this.#random, bytes.length);
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]);
      this.#events.emit({ type: 'fault', fault: 'dropByte' });
    }
    return { kind: 'reply', bytes, delayMs: this.faults.slowAnswerMs ?? 0 };
  }

  #nowSeconds(): number {
    return Math.floor(this.#now() / 1000);
  }
}
