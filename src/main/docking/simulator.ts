// A simulated dock attached by hand (Admin → Devices or Docking, headless host): its pens are
// named and seeded from the request, so the same request gives the same pens.
import type { DockingManager } from './manager.ts';
import { simulatedDock } from './sources.ts';

export interface SimulatorRequest {
  pens: number;
  records: number;
  seed: number;
  clockOffsetSeconds: number;
  /** 0: as fast as the transport goes; otherwise paced like a serial line. */
  baudRate: number;
}

/** Attaches the dock and returns its id. */
export function attachSimulator(docking: DockingManager, input: SimulatorRequest): string {
  const pens = Array.from({ length: input.pens }, (_, i) => ({
    serial: `SIM${String(input.seed).padStart(3, '0')}-${i + 1}`,
    records: input.records,
    seed: input.seed + i,
    clockOffsetSeconds: input.clockOffsetSeconds,
  }));
  const device = simulatedDock({
    pens,
    seed: input.seed,
    ...(input.baudRate > 0 ? { baudRate: input.baudRate } : {}),
  });
  docking.addManual(device);
  return device.id;
}
