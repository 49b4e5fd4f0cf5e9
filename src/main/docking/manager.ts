import { DriverError, toDriverError } from '../../../drivers/errors.ts';
import { NAK_CODE } from '../../../drivers/protocol/pen-dock-v1/constants.ts';
import { DockLink } from '../../../drivers/session/dock-link.ts';
import type { Transport } from '../../../drivers/transports/transport.ts';
import type { DockingState, DockView, SlotView } from '../../shared/api/procedures/docking.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Logger } from '../log/logger.ts';
import { errorBodyOf, readPen, type PenOutcome, type ReadPenDeps } from './read-pen.ts';

export interface DockDevice {
  /** Stable while the device stays plugged in: "usb:1209:cd01:SN", "serial:/dev/ttyUSB0". */
  id: string;
  label: string;
  /** What the person typed or the OS calls it (/dev/ttyUSB0, COM3, tcp://…): error messages name it. */
  port: string;
  kind: DockView['kind'];
  createTransport(): Transport;
  dispose?(): Promise<void>;
}

/** Something that can say which docks are present right now (USB bus, serial port list, settings). */
export interface DockSource {
  readonly name: string;
  scan(): Promise<DockDevice[]>;
  /** Lets go of whatever the source watches with. */
  close?(): void;
}

export interface DockingManagerOptions extends ReadPenDeps {
  logger: Logger;
  sources: DockSource[];
  /** How often sources are scanned and idle docks asked which slots hold a pen. */
  pollMs?: number;
  /** How long to wait before reopening a dock that failed. */
  retryMs?: number;
  /** How long a pen too weak to send (NAK 06) charges before it is asked again. */
  batteryRetryMs?: number;
}

interface AttachedDock {
  device: DockDevice;
  view: DockView;
  stop: AbortController;
  /** Aborts the pen session running now (Cancel in the UI), not the dock. */
  current: AbortController | null;
  loop: Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Watches for docks, runs at most one session per dock at a time, and keeps a live view of
 * every dock and slot for the UI. A pen is read once per docking: it is read again only after
 * its slot has been seen empty.
 */
export class DockingManager {
  readonly #o: DockingManagerOptions;
  readonly #docks = new Map<string, AttachedDock>();
  readonly #manual = new Map<string, DockDevice>();
  readonly #listeners = new Set<(state: DockingState) => void>();
  readonly #stop = new AbortController();
  #scanning: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: DockingManagerOptions) {
    this.#o = options;
  }

  start(): void {
    const tick = () => {
      void this.scan().finally(() => {
        if (!this.#stop.signal.aborted) this.#timer = setTimeout(tick, this.#o.pollMs ?? 2000);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#timer) clearTimeout(this.#timer);
    await this.#scanning;
    for (const source of this.#o.sources) source.close?.();
    await Promise.all([...this.#docks.keys()].map((id) => this.#detach(id)));
  }

  onChange(listener: (state: DockingState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  state(): DockingState {
    return { docks: [...this.#docks.values()].map((d) => structuredClone(d.view)) };
  }

  #emit(): void {
    const state = this.state();
    for (const listener of this.#listeners) listener(state);
  }

  /** A dock that no source finds by itself, e.g. a simulator. Stays while the core runs. */
  addManual(device: DockDevice): void {
    this.#manual.set(device.id, device);
    this.#attach(device);
  }

  /** One docking pass over a transport the caller opened for us (the CLI's `caredock dock`). */
  dockOnce(transport: Transport, label: string, signal: AbortSignal): Promise<PenOutcome[]> {
    return dockOnce(this.#o, transport, label, signal);
  }

  cancel(dockId: string): void {
    const dock = this.#docks.get(dockId);
    if (!dock) throw new CareDockError('devices.penUnknown', { pen: dockId });
    dock.current?.abort(new DriverError('device.aborted', 'cancelled from the UI'));
  }

  /** Scans every source once; attaches what appeared, detaches what went away. */
  scan(): Promise<void> {
    this.#scanning ??= (async () => {
      const present = new Map<string, DockDevice>(this.#manual);
      for (const source of this.#o.sources) {
        try {
          for (const device of await source.scan()) present.set(device.id, device);
        } catch (error) {
          this.#o.logger.warn({ err: error, source: source.name }, 'dock source scan failed');
        }
      }
      if (this.#stop.signal.aborted) return;
      for (const [id, device] of present) if (!this.#docks.has(id)) this.#attach(device);
      for (const id of [...this.#docks.keys()]) if (!present.has(id)) await this.#detach(id);
    })().finally(() => {
      this.#scanning = null;
    });
    return this.#scanning;
  }

  #attach(device: DockDevice): void {
    if (this.#docks.has(device.id)) return;
    const dock: AttachedDock = {
      device,
      view: {
        id: device.id,
        label: device.label,
        kind: device.kind,
        connected: false,
        slotCount: 0,
        slots: [],
        error: null,
      },
      stop: new AbortController(),
      current: null,
      loop: Promise.resolve(),
    };
    this.#docks.set(device.id, dock);
    this.#o.logger.info({ dock: device.id }, 'dock attached');
    dock.loop = this.#run(dock);
    this.#emit();
  }

  async #detach(id: string): Promise<void> {
    const dock = this.#docks.get(id);
    if (!dock) return;
    dock.stop.abort(new DriverError('device.disconnectedMidRead', 'dock detached'));
    dock.current?.abort(new DriverError('device.disconnectedMidRead', 'dock detached'));
    await dock.loop;
    await dock.device.dispose?.().catch(() => undefined);
    this.#docks.delete(id);
    this.#o.logger.info({ dock: id }, 'dock detached');
    this.#emit();
  }

  #setSlot(dock: AttachedDock, view: SlotView): void {
    const i = dock.view.slots.findIndex((s) => s.slot === view.slot);
    if (i >= 0) dock.view.slots[i] = view;
    else dock.view.slots.push(view);
    dock.view.slots.sort((a, b) => a.slot - b.slot);
    this.#emit();
  }

  async #run(dock: AttachedDock): Promise<void> {
    const signal = dock.stop.signal;
    while (!signal.aborted) {
      const link = new DockLink(dock.device.createTransport());
      try {
        await link.open();
        dock.view.connected = true;
        dock.view.error = null;
        this.#emit();
        let seen = new Set<number>();
        // A pen that stayed busy through the link's retries is read again at the next poll
        // (spec §6.1), one too weak to send after a minute's charge, while it stays docked.
        const retryAt = new Map<number, number>();
        while (!signal.aborted) {
          const occupied = await this.#occupiedSlots(link, dock, signal);
          for (const slot of occupied) {
            const due = (retryAt.get(slot) ?? Number.POSITIVE_INFINITY) <= Date.now();
            if ((seen.has(slot) && !due) || signal.aborted) continue;
            retryAt.delete(slot);
            const outcome = await this.#readSlot(dock, link, slot);
            const code = outcome.error?.code;
            if (code === 'device.disconnectedMidRead' || code === 'device.unplugRetry') throw outcome.error;
            if (code === 'device.penBusy') retryAt.set(slot, Date.now());
            if (code === 'device.batteryCritical')
              retryAt.set(slot, Date.now() + (this.#o.batteryRetryMs ?? 60_000));
          }
          // A slot seen empty forgets its last result, so the next pen put there is read.
          dock.view.slots = dock.view.slots.filter((s) => occupied.includes(s.slot));
          for (const slot of [...retryAt.keys()]) if (!occupied.includes(slot)) retryAt.delete(slot);
          seen = new Set(occupied);
          this.#emit();
          await sleep(this.#o.pollMs ?? 2000, signal);
        }
      } catch (caught) {
        if (signal.aborted) break;
        const error = toDriverError(caught, 'device.unplugRetry', 'dock failed');
        this.#o.logger.warn({ dock: dock.device.id, code: error.code, err: error }, 'dock failed');
        dock.view.connected = false;
        dock.view.error = errorBodyOf(error, { port: dock.device.port });
        this.#emit();
        await sleep(this.#o.retryMs ?? 10_000, signal);
      } finally {
        await link.close().catch(() => undefined);
      }
    }
  }

  async #occupiedSlots(link: DockLink, dock: AttachedDock, signal: AbortSignal): Promise<number[]> {
    const info = await link.dockInfo(signal);
    dock.view.slotCount = info.slotCount;
    if (info.occupancyKnown) return info.occupiedSlots;
    // A single-slot dock without dock info (NAK 01): only the pen can say it is there (spec §7).
    const { reply } = await link.request(1, { type: 'identify' }, signal);
    return reply.type === 'nak' && reply.code === NAK_CODE.slotEmpty ? [] : [1];
  }

  async #readSlot(dock: AttachedDock, link: DockLink, slot: number): Promise<PenOutcome> {
    const current = new AbortController();
    const onStop = () => current.abort(dock.stop.signal.reason);
    dock.stop.signal.addEventListener('abort', onStop, { once: true });
    dock.current = current;
    try {
      const outcome = await readPen(this.#o, link, slot, dock.device, current.signal, (view) =>
        this.#setSlot(dock, view),
      );
      if (outcome.error)
        this.#o.logger.warn({ dock: dock.device.id, slot, code: outcome.error.code }, 'pen session failed');
      else
        this.#o.logger.info(
          { dock: dock.device.id, slot, pen: outcome.penSerial, ...outcome.counts },
          'pen docked',
        );
      return outcome;
    } finally {
      dock.current = null;
      dock.stop.signal.removeEventListener('abort', onStop);
    }
  }
}

/** One docking pass without the manager: the CLI's `caredock dock`. Reads every occupied slot once. */
export async function dockOnce(
  deps: ReadPenDeps,
  transport: Transport,
  label: string,
  signal: AbortSignal,
): Promise<PenOutcome[]> {
  const link = new DockLink(transport);
  await link.open();
  try {
    // A single-slot dock without dock info answers NAK 01: its one slot is slot 1 (spec §4.5).
    const slots = (await link.dockInfo(signal)).occupiedSlots;
    const outcomes: PenOutcome[] = [];
    for (const slot of slots)
      outcomes.push(await readPen(deps, link, slot, { label, port: label }, signal, () => undefined));
    return outcomes;
  } finally {
    await link.close().catch(() => undefined);
  }
}
