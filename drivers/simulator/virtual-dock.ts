// A dock with numbered slots and the fault injection a test or a trainer asks for. Faults act on
// what the dock sends; frames from the host that fail their CRC are dropped silently, as the spec says.
import { Listeners } from '../transports/transport.ts';
import { DOCK_SLOT, NAK, NAK_CODE, RECORD_KIND, REPLY_BIT } from '../protocol/pen-dock-v1/constants.ts';
import { RECORD_FIXED_LENGTH } from '../protocol/pen-dock-v1/record.ts';
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
  /**
   * false: a single-slot dock that does not implement dock info and answers it with NAK 01,
   * as the spec's §4.5 allows.
   */
  dockInfo?: boolean;
  /** How long a pen lifted out for a new shift (shiftAfterClockSet) stays out; default 5 s. */
  liftedMs?: number;
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
  | { type: 'lifted'; slot: number; records: number }
  | { type: 'fault'; fault: 'corruptCrc' | 'dropByte' | 'disconnect' | 'busy' | 'badRecord' };

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
  readonly #dockInfo: boolean;
  readonly #liftedMs: number;
  /** Slot → until when (ms) its pen is out of the dock. */
  readonly #lifted = new Map<number, number>();
  readonly #shiftsDone = new Set<number>();

  constructor(config: VirtualDockConfig) {
    this.#now = config.now ?? Date.now;
    const nowSeconds = this.#nowSeconds();
    this.pens = config.pens.map((pen) => (pen ? new VirtualPen(pen, nowSeconds) : undefined));
    this.faults = config.faults ?? {};
    this.#random = createRandom(config.seed ?? 1);
    this.#disconnectArmed = this.faults.disconnectAfterRecords !== undefined;
    this.#dockInfo = config.dockInfo ?? true;
    if (!this.#dockInfo && this.pens.length !== 1)
      throw new RangeError('only a single-slot dock may leave out dock info');
    this.#liftedMs = config.liftedMs ?? 5000;
  }

  /** Whether slot's pen is out of the dock for now (lifted for a new shift). */
  #isLifted(slot: number): boolean {
    const until = this.#lifted.get(slot);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#lifted.delete(slot);
    return false;
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
      if (request.type !== 'dockInfo' || !this.#dockInfo)
        return this.#reply(frame, {
          type: 'nak',
          code: NAK_CODE.unknownCommand,
          rejectedCommand: frame.command,
        });
      const occupiedSlots = this.pens.flatMap((pen, i) => (pen && !this.#isLifted(i + 1) ? [i + 1] : []));
      return this.#reply(frame, { type: 'dockInfoReply', slotCount: this.pens.length, occupiedSlots });
    }
    // A slot above the slot count holds no pen either: NAK 04, as for an empty slot (§4.6).
    const pen = this.pen(frame.slot);
    if (!pen || this.#isLifted(frame.slot))
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
    if (reply.type === 'nak' && reply.code === NAK_CODE.busy)
      this.#events.emit({ type: 'fault', fault: 'busy' });
    if (reply.type === 'records') this.#recordsSent += reply.records.length;
    if (reply.type === 'acknowledged')
      this.#events.emit({
        type: 'acknowledged',
        slot: frame.slot,
        upToSeq: reply.upToSeq,
        remaining: reply.remaining,
      });
    if (reply.type === 'clockSet') {
      this.#events.emit({ type: 'clockSet', slot: frame.slot, time: reply.time });
      const shift = pen.config.shiftAfterClockSet ?? 0;
      if (shift > 0 && !this.#shiftsDone.has(frame.slot)) {
        // Out of the dock for a shift: the registrations are made now, the pen comes back later.
        this.#shiftsDone.add(frame.slot);
        this.#lifted.set(frame.slot, this.#now() + this.#liftedMs);
        pen.makeRecords(shift, this.#nowSeconds());
        this.#events.emit({ type: 'lifted', slot: frame.slot, records: shift });
      }
    }
    return this.#reply(frame, reply, reply.type === 'records' ? pen : undefined);
  }

  /** Breaks, byte by byte, the records the pen is set to send broken (spec §3's forbidden values). */
  #breakRecords(payload: Uint8Array, pen: VirtualPen): Uint8Array {
    const out = payload.slice();
    let at = 1;
    for (let i = 0; i < (payload[0] ?? 0) && at + RECORD_FIXED_LENGTH <= out.length; i++) {
      const seq = ((out[at]! << 24) >>> 0) + ((out[at + 1]! << 16) | (out[at + 2]! << 8) | out[at + 3]!);
      const uidLength = out[at + 12]!;
      const fault = pen.faultOf(seq);
      if (fault === 'kind') out[at + 8] = 0x09;
      if (fault === 'taskCode') {
        const isTask = out[at + 8] === RECORD_KIND.task;
        out[at + 9] = 0;
        out[at + 10] = isTask ? 0 : 1;
      }
      if (fault === 'flags') out[at + 11] = out[at + 11]! | 0x80;
      if (fault === 'uidLength') out[at + 12] = 5;
      if (fault) this.#events.emit({ type: 'fault', fault: 'badRecord' });
      at += RECORD_FIXED_LENGTH + uidLength;
    }
    return out;
  }

  #reply(request: Frame, reply: ReplyMessage, breaking?: VirtualPen): DockOutput {
    const encoded = encodeMessage(reply);
    const command = encoded.command;
    const payload = breaking ? this.#breakRecords(encoded.payload, breaking) : encoded.payload;
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
