import { TIMING } from '../protocol/pen-dock-v1/constants.ts';
import { FrameDecoder } from '../protocol/pen-dock-v1/decoder.ts';
import type { Frame } from '../protocol/pen-dock-v1/frame.ts';
import type { Transport } from '../transports/transport.ts';
import { PacedWriter } from './pacer.ts';
import type { VirtualDock } from './virtual-dock.ts';

export interface ServeOptions {
  /** Nominal line speed for pacing; 0 or absent sends at once. */
  baudRate?: number;
}

export interface ServedConnection {
  /** Resolves when the connection ends: host gone, stop(), or a disconnect fault. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Speaks for the dock on one transport: one request at a time, answers in order. */
export async function serveDock(
  dock: VirtualDock,
  transport: Transport,
  options: ServeOptions = {},
): Promise<ServedConnection> {
  const decoder = new FrameDecoder();
  const writer = new PacedWriter(transport, options.baudRate ?? 0);
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;
  let stallTimer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const end = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearTimeout(stallTimer);
    for (const off of unsubscribe) off();
    await transport.close().catch(() => undefined);
    finish();
  };

  const answer = async (frame: Frame): Promise<void> => {
    if (stopped) return;
    const output = dock.handleFrame(frame);
    if (output.kind === 'none') return;
    if (output.kind === 'disconnect') return end();
    if (output.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, output.delayMs));
    if (stopped) return;
    await writer.write(output.bytes).catch(() => end());
  };

  const onEvents = (events: ReturnType<FrameDecoder['push']>): void => {
    for (const event of events) {
      // Frames that fail their CRC are dropped without a word; the host re-sends.
      if (event.type !== 'frame') continue;
      const frame = event.frame;
      queue = queue.then(() => answer(frame));
    }
    clearTimeout(stallTimer);
    if (decoder.pending > 0) {
      stallTimer = setTimeout(() => onEvents(decoder.resyncStalled()), TIMING.interByteTimeoutMs);
    }
  };

  const unsubscribe = [
    transport.onData((chunk) => onEvents(decoder.push(chunk))),
    transport.onDisconnect(() => {
      void end();
    }),
  ];
  await transport.open();
  return { done, stop: end };
}
