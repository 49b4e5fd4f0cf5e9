import {
  createMemoryPair,
  createSimulatedDock,
  runPenSession,
  runSimulator,
} from '../../../drivers/index.ts';
import type {
  PenRecord,
  PenSessionOptions,
  RejectedRecord,
  PenSessionResult,
  SimulatorOptions,
  VirtualDock,
} from '../../../drivers/index.ts';

export interface Upload {
  result?: PenSessionResult;
  error?: unknown;
  committed: PenRecord[][];
  /** Records that broke the spec, handed to the commit to be quarantined. */
  rejected: RejectedRecord[];
  raw: Uint8Array[];
}

/** Docks once: a fresh in-memory cable between the (possibly reused) dock and a session. */
export async function dockOnce(
  dock: VirtualDock,
  options: Partial<PenSessionOptions> = {},
  sim: Pick<SimulatorOptions, 'baudRate'> = {},
): Promise<Upload> {
  const pair = createMemoryPair();
  const running = await runSimulator({ transport: pair.device, dock, ...sim });
  const upload: Upload = { committed: [], rejected: [], raw: [] };
  try {
    upload.result = await runPenSession({
      transport: pair.host,
      replyTimeoutMs: 200,
      interByteTimeoutMs: 20,
      commit: async (records, raw, context) => {
        upload.committed.push([...records]);
        upload.rejected.push(...context.rejected);
        upload.raw.push(raw);
      },
      ...options,
    });
  } catch (error) {
    upload.error = error;
  } finally {
    await running.stop();
  }
  return upload;
}

export function makeDock(config: Parameters<typeof createSimulatedDock>[0]): VirtualDock {
  return createSimulatedDock(config);
}

export function seqs(batches: PenRecord[][]): number[] {
  return batches.flat().map((r) => r.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
