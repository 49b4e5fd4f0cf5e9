import { DriverError } from '../errors.ts';
import { createSerialTransport } from '../transports/serial.ts';
import { listenTcp } from '../transports/tcp.ts';
import type { Transport } from '../transports/transport.ts';
import { simulatorConfigSchema } from './options.ts';
import type { SimulatorConfig } from './options.ts';
import { serveDock } from './serve.ts';
import type { ServedConnection } from './serve.ts';
import { VirtualDock } from './virtual-dock.ts';
import type { VirtualPenConfig } from './virtual-pen.ts';

export interface SimulatorOptions extends SimulatorConfig {
  /** Exactly one of transport, serialPath or tcpPort says where the dock is. */
  transport?: Transport;
  serialPath?: string;
  /** 0 picks a free port; always bound to 127.0.0.1. */
  tcpPort?: number;
  /** Stop after the first connection ends. */
  once?: boolean;
  /** Stop when no request came for this long. */
  idleTimeoutMs?: number;
  /** Reuse a dock (and its pens' state) across runs, e.g. to dock again after a disconnect. */
  dock?: VirtualDock;
  /** Real time in ms; injectable for deterministic transcripts. */
  now?: () => number;
}

export interface RunningSimulator {
  dock: VirtualDock;
  /** The bound TCP port when serving TCP. */
  tcpPort?: number;
  /** Resolves when the simulator has stopped. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function createSimulatedDock(config: SimulatorConfig & { now?: () => number }): VirtualDock {
  const parsed = simulatorConfigSchema.parse({
    pens: config.pens,
    slots: config.slots,
    baudRate: config.baudRate,
    faults: config.faults,
    seed: config.seed,
    dockInfo: config.dockInfo,
    liftedMs: config.liftedMs,
  });
  const seed = parsed.seed ?? 1;
  const pens = parsed.pens ?? [{}];
  const slots = Math.max(parsed.slots ?? pens.length, pens.length);
  const penConfigs: (VirtualPenConfig | undefined)[] = [];
  for (let slot = 1; slot <= slots; slot++) {
    const pen = pens[slot - 1];
    const lastSeq = (pen?.firstSeq ?? 1) + (pen?.records ?? 100) - 1;
    if (pen && lastSeq > 0xffff_ffff)
      throw new RangeError(`slot ${slot}: records past sequence 4294967295, the last a pen can use`);
    penConfigs.push(
      pen
        ? {
            serial: pen.serial ?? `SIM${String(seed).padStart(4, '0')}-${slot}`,
            model: pen.model ?? 'CDP-100',
            firmware: pen.firmware ?? '1.0.0',
            batteryPercent: pen.battery ?? 80,
            recordCount: pen.records ?? 100,
            firstSeq: pen.firstSeq ?? 1,
            seed: pen.seed ?? seed * 100 + slot,
            clockOffsetSeconds: pen.clockOffsetSeconds ?? 0,
            clockReset: pen.clockReset ?? false,
            clockResetKept: pen.clockResetKept ?? false,
            busy: pen.busy ?? 0,
            badRecords: pen.badRecords ?? [],
            shiftAfterClockSet: pen.shiftAfterClockSet ?? 0,
          }
        : undefined,
    );
  }
  const dockConfig: ConstructorParameters<typeof VirtualDock>[0] = { pens: penConfigs, seed };
  if (parsed.dockInfo !== undefined) dockConfig.dockInfo = parsed.dockInfo;
  if (parsed.liftedMs !== undefined) dockConfig.liftedMs = parsed.liftedMs;
  if (parsed.faults) dockConfig.faults = parsed.faults;
  if (config.now) dockConfig.now = config.now;
  return new VirtualDock(dockConfig);
}

/** Runs a virtual dock with one or more pens on a transport, a serial path or TCP. */
export async function runSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const places = [options.transport, options.serialPath, options.tcpPort].filter(
    (p) => p !== undefined,
  ).length;
  if (places !== 1) throw new TypeError('runSimulator needs exactly one of transport, serialPath or tcpPort');
  const dock = options.dock ?? createSimulatedDock(options);
  const baudRate = options.baudRate ?? 0;
  const connections = new Set<ServedConnection>();
  let closeListener: (() => Promise<void>) | undefined;
  let stopped = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const stop = async (): Promise<void> => {
    if (stopped) return done;
    stopped = true;
    clearTimeout(idleTimer);
    offEvents();
    await closeListener?.();
    await Promise.all([...connections].map((c) => c.stop()));
    finish();
  };
  const armIdle = (): void => {
    if (options.idleTimeoutMs === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stop(), options.idleTimeoutMs);
  };
  const offEvents = dock.onEvent((event) => {
    if (event.type === 'request') armIdle();
  });
  const track = (connection: ServedConnection, lastOne: boolean): void => {
    connections.add(connection);
    void connection.done.then(() => {
      connections.delete(connection);
      if (lastOne) void stop();
    });
  };

  armIdle();
  if (options.tcpPort !== undefined) {
    const listener = await listenTcp({ port: options.tcpPort }, (transport) => {
      if (stopped) return void transport.close();
      void serveDock(dock, transport, { baudRate }).then((c) => track(c, options.once === true));
    });
    closeListener = () => listener.close();
    return { dock, tcpPort: listener.port, done, stop };
  }
  const transport =
    options.transport ??
    createSerialTransport({ path: options.serialPath ?? '', baudRate: baudRate || 115200 });
  try {
    track(await serveDock(dock, transport, { baudRate }), true);
  } catch (error) {
    await stop();
    throw error instanceof DriverError
      ? error
      : new DriverError('device.unplugRetry', 'simulator could not open its port', { cause: error });
  }
  return { dock, done, stop };
}
