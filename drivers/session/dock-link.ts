// One transport, one decoder, one request on the wire at a time: the host side of the protocol's
// request/reply rule, shared by every slot of a multi-slot dock.
import { DriverError, toDriverError } from '../errors.ts';
import { NAK, NAK_CODE, REPLY_BIT, TIMING } from '../protocol/pen-dock-v1/constants.ts';
import { FrameDecoder } from '../protocol/pen-dock-v1/decoder.ts';
import type { DecodeEvent } from '../protocol/pen-dock-v1/decoder.ts';
import { encodeFrame } from '../protocol/pen-dock-v1/frame.ts';
import { decodeMessage, encodeMessage, isRequest } from '../protocol/pen-dock-v1/messages.ts';
import type { ReplyMessage, RequestMessage } from '../protocol/pen-dock-v1/messages.ts';
import type { Transport } from '../transports/transport.ts';
import { nakToCode } from '../protocol/pen-dock-v1/session-machine.ts';
import { abortReason, delay } from './abort.ts';

export interface DockLinkOptions {
  /** Wait for the first byte of a reply before re-sending (spec: 1000 ms). */
  replyTimeoutMs?: number;
  /** Silence inside a partly received frame that counts as lost bytes (spec: 100 ms). */
  interByteTimeoutMs?: number;
  /** Re-sends after the first attempt (spec: 3). */
  retries?: number;
  /** After a busy answer (NAK 05), wait this long before asking again (spec: 500 ms). */
  busyRetryMs?: number;
  /** Busy answers to one request that are asked again before giving up (spec: 10). */
  busyRetries?: number;
}

/** What a dock says about its slots (§4.5). */
export interface DockInfo {
  slotCount: number;
  occupiedSlots: number[];
  /**
   * false: a single-slot dock that answered dock info with NAK 01. Its one slot is slot 1, and
   * whether a pen sits in it is only found out by asking the pen (§7).
   */
  occupancyKnown: boolean;
}

export interface Exchange {
  reply: ReplyMessage;
  /** The reply frame exactly as received. */
  raw: Uint8Array;
}

export interface LinkStats {
  bytesIn: number;
  bytesOut: number;
  requests: number;
  retransmits: number;
  corruptFrames: number;
  /** Requests asked again because the pen answered busy (NAK 05). */
  busyRetries: number;
}

interface Waiter {
  onEvents(events: DecodeEvent[]): void;
  onLost(error: DriverError): void;
}

export class DockLink {
  readonly transport: Transport;
  readonly stats: LinkStats = {
    bytesIn: 0,
    bytesOut: 0,
    requests: 0,
    retransmits: 0,
    corruptFrames: 0,
    busyRetries: 0,
  };
  readonly #replyTimeoutMs: number;
  readonly #interByteTimeoutMs: number;
  readonly #retries: number;
  readonly #busyRetryMs: number;
  readonly #busyRetries: number;
  readonly #decoder = new FrameDecoder();
  #seq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #waiter: Waiter | undefined;
  #lost: DriverError | undefined;
  #open = false;
  #unsubscribe: (() => void)[] = [];

  constructor(transport: Transport, options: DockLinkOptions = {}) {
    this.transport = transport;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? TIMING.replyTimeoutMs;
    this.#interByteTimeoutMs = options.interByteTimeoutMs ?? TIMING.interByteTimeoutMs;
    this.#retries = options.retries ?? TIMING.retries;
    this.#busyRetryMs = options.busyRetryMs ?? TIMING.busyRetryMs;
    this.#busyRetries = options.busyRetries ?? TIMING.busyRetries;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    this.#unsubscribe = [
      this.transport.onData((chunk) => this.#onData(chunk)),
      this.transport.onDisconnect((error) => this.#onLost(error)),
    ];
    try {
      await this.transport.open();
    } catch (error) {
      this.#detach();
      throw toDriverError(error, 'device.unplugRetry', `could not open ${this.transport.label}`);
    }
    this.#open = true;
    this.#lost = undefined;
  }

  async close(): Promise<void> {
    const wasOpen = this.#open;
    this.#open = false;
    this.#detach();
    this.#waiter?.onLost(new DriverError('device.aborted', 'link closed'));
    if (wasOpen) await this.transport.close();
  }

  /**
   * Sends one request to a slot and resolves with the matching reply (NAKs included). A busy pen
   * is asked again here (§6.1), so a NAK 05 comes back only once it stayed busy through them all.
   */
  request(slot: number, request: RequestMessage, signal?: AbortSignal): Promise<Exchange> {
    const run = this.#queue.then(() => this.#askWhileBusy(slot, request, signal));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async dockInfo(signal?: AbortSignal): Promise<DockInfo> {
    const { reply } = await this.request(0, { type: 'dockInfo' }, signal);
    if (reply.type === 'nak' && reply.code === NAK_CODE.unknownCommand)
      return { slotCount: 1, occupiedSlots: [1], occupancyKnown: false };
    if (reply.type === 'nak')
      throw new DriverError(
        nakToCode(reply.code),
        `dock refused dock info (NAK 0x${reply.code.toString(16)})`,
      );
    if (reply.type !== 'dockInfoReply')
      throw new DriverError('device.protocol', `dock answered ${reply.type} to dock info`);
    return { slotCount: reply.slotCount, occupiedSlots: reply.occupiedSlots, occupancyKnown: true };
  }

  /**
   * NAK 05 answered the request, so asking again is a new request (a new seq) with its own
   * attempts: busy answers never count against the retries for lost or damaged frames.
   */
  async #askWhileBusy(
    slot: number,
    request: RequestMessage,
    signal: AbortSignal | undefined,
  ): Promise<Exchange> {
    for (let busy = 0; ; busy++) {
      const exchange = await this.#exchange(slot, request, signal);
      const { reply } = exchange;
      if (reply.type !== 'nak' || reply.code !== NAK_CODE.busy || busy >= this.#busyRetries) return exchange;
      this.stats.busyRetries += 1;
      await delay(this.#busyRetryMs, signal);
    }
  }

  #detach(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }

  #onData(chunk: Uint8Array): void {
    this.stats.bytesIn += chunk.length;
    const events = this.#decoder.push(chunk);
    // With nobody waiting, frames are late duplicates of answered requests: drop them.
    if (events.length > 0 || this.#decoder.pending > 0) this.#waiter?.onEvents(events);
  }

  #onLost(error: DriverError): void {
    this.#open = false;
    this.#lost = error;
    this.#waiter?.onLost(error);
  }

  #exchange(slot: number, request: RequestMessage, signal: AbortSignal | undefined): Promise<Exchange> {
    if (this.#lost) return Promise.reject(this.#lost);
    if (!this.#open)
      return Promise.reject(
        new DriverError('device.disconnectedMidRead', `${this.transport.label} is not open`),
      );
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const seq = this.#seq;
    this.#seq = (this.#seq + 1) & 0xff;
    const { command, payload } = encodeMessage(request);
    const bytes = encodeFrame({ seq, slot, command, payload });
    const expected = command | REPLY_BIT;
    this.stats.requests += 1;

    return new Promise<Exchange>((resolve, reject) => {
      let attempts = 0;
      let sawCorrupt = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;

      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.#waiter === waiter) this.#waiter = undefined;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          onSilence,
          this.#decoder.pending > 0 ? this.#interByteTimeoutMs : this.#replyTimeoutMs,
        );
      };
      const send = (): void => {
        if (attempts > this.#retries) {
          const code =
            this.stats.bytesIn === 0
              ? 'device.noResponse'
              : sawCorrupt
                ? 'device.unplugRetry'
                : 'device.timeout';
          settle(() =>
            reject(
              new DriverError(code, `no valid answer to ${request.type} after ${attempts} attempts`, {
                detail: { slot, attempts },
              }),
            ),
          );
          return;
        }
        attempts++;
        if (attempts > 1) this.stats.retransmits += 1;
        this.stats.bytesOut += bytes.length;
        arm();
        this.transport.write(bytes).catch((error: unknown) => {
          settle(() =>
            reject(
              toDriverError(error, 'device.disconnectedMidRead', `writing to ${this.transport.label} failed`),
            ),
          );
        });
      };
      const onSilence = (): void => {
        if (settled) return;
        // Bytes were lost inside a frame: give up on it and look behind it before re-sending.
        if (this.#decoder.pending > 0 && handle(this.#decoder.resyncStalled())) return;
        send();
      };
      const handle = (events: DecodeEvent[]): boolean => {
        let corrupt = false;
        for (const event of events) {
          if (event.type === 'corrupt') {
            corrupt = true;
            sawCorrupt = true;
            this.stats.corruptFrames += 1;
            continue;
          }
          const { frame, raw } = event;
          // Other seqs are late answers to earlier attempts; commands without the reply bit are echoes.
          if (frame.seq !== seq || frame.slot !== slot || (frame.command & REPLY_BIT) === 0) continue;
          if (frame.command !== expected && frame.command !== NAK) {
            settle(() =>
              reject(
                new DriverError(
                  'device.protocol',
                  `answer 0x${frame.command.toString(16)} to ${request.type}`,
                ),
              ),
            );
            return true;
          }
          const decoded = decodeMessage(frame.command, frame.payload);
          if (!decoded.ok || isRequest(decoded.message)) {
            const reason = decoded.ok ? 'request in a reply' : decoded.reason;
            settle(() =>
              reject(new DriverError('device.protocol', `bad answer to ${request.type}: ${reason}`)),
            );
            return true;
          }
          const reply = decoded.message;
          settle(() => resolve({ reply, raw }));
          return true;
        }
        // A whole frame failed its CRC and nothing else is on the way: re-send now, not after a timeout.
        if (corrupt && this.#decoder.pending === 0) send();
        else arm();
        return false;
      };
      const onAbort = (): void => {
        if (signal) settle(() => reject(abortReason(signal)));
      };
      const waiter: Waiter = {
        onEvents: (events) => {
          if (!settled) handle(events);
        },
        onLost: (error) => settle(() => reject(error)),
      };
      this.#waiter = waiter;
      signal?.addEventListener('abort', onAbort, { once: true });
      send();
    });
  }
}
