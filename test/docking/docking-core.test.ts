import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIVER_ERROR_CODES } from '../../drivers/errors.ts';
import { createMemoryPair } from '../../drivers/transports/memory.ts';
import { createSimulatedDock, runSimulator } from '../../drivers/simulator/run.ts';
import type { DockingState } from '../../src/shared/api/index.ts';
import { catalogue } from '../../src/shared/errors/index.ts';
import { dockOnce } from '../../src/main/docking/manager.ts';
import { ingestStores, RegistrationIngest } from '../../src/main/docking/ingest.ts';
import { DockingData } from '../../src/main/docking/data.ts';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ watchDevices: false, dockPollMs: 50 });
});
afterEach(async () => {
  await t.cleanup();
});

function count(sql: string, ...params: unknown[]): number {
  return (
    (t.core.database.sqlite
      .prepare(sql)
      .pluck()
      .get(...params) as number) ?? 0
  );
}

function waitForDock(
  client: ReturnType<TestCore['core']['connect']>,
  done: (s: DockingState) => boolean,
): Promise<DockingState> {
  return new Promise((resolve) => {
    const stop = client.subscribe((m) => {
      if (m.event === 'docking.changed' && done(m.payload as DockingState)) {
        stop();
        resolve(m.payload as DockingState);
      }
    });
  });
}

describe('docking in the core', () => {
  it('has a catalogue message for every driver error code', () => {
    for (const code of DRIVER_ERROR_CODES) expect(Object.hasOwn(catalogue, code), code).toBe(true);
  });

  it('docks a simulated pen from the API, streams progress, and stores each registration once', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    const states: DockingState[] = [];
    // Every step from the manager itself (the UI stream coalesces steps closer than 100 ms).
    t.core.docking.onChange((s) => states.push(s));
    const finished = waitForDock(admin, (s) => s.docks.some((d) => d.slots.some((x) => x.state === 'done')));
    const { dockId } = await ok(admin, 'docking.attachSimulator', {
      pens: 1,
      records: 500,
      seed: 7,
      clockOffsetSeconds: 0,
    });
    const state = await finished;
    const slot = state.docks.find((d) => d.id === dockId)!.slots[0]!;
    expect(slot.result).toEqual({ new: 500, duplicates: 0, flagged: 500, quarantined: 0 }); // no staff and no tags enrolled yet
    expect(slot.penSerial).toBe('SIM007-1');
    expect(
      states.some((s) => s.docks.some((d) => d.slots.some((x) => x.state === 'reading' && x.total === 500))),
    ).toBe(true);
    expect(count('select count(*) from registrations')).toBe(500);
    expect(count('select count(distinct sequence) from registrations')).toBe(500);
    expect(count("select count(*) from outbox where kind = 'registration'")).toBe(500);
    expect(count('select count(*) from dock_session_bytes')).toBeGreaterThan(0);
    const history = await ok(admin, 'docking.history', { limit: 10 });
    expect(history[0]).toMatchObject({ penSerial: 'SIM007-1', status: 'done', newCount: 500 });
    const pens = await ok(admin, 'pens.list', {});
    expect(pens.map((p) => p.serial)).toEqual(['SIM007-1']);
  });

  it('attributes registrations to the staff member holding the pen and to the tagged home', async () => {
    const sqlite = t.core.database.sqlite;
    const ingest = new RegistrationIngest(ingestStores(sqlite));
    const sessions = new DockingData(sqlite);
    const dock = createSimulatedDock({ pens: [{ serial: 'P-1', records: 20, seed: 3 }], seed: 3 });
    // First docking teaches CareDock the pen and its tags.
    const first = createMemoryPair();
    void runSimulator({ transport: first.device, dock });
    const deps = {
      ingest,
      sessions,
      seePen: (id: { serial: string; model: string; firmware: string; batteryPercent: number }) =>
        t.core.staff.seePen(id),
      staffNameOf: () => null,
    };
    const [outcome] = await dockOnce(deps, first.host, 'test', new AbortController().signal);
    expect(outcome!.error).toBeNull();
    expect(outcome!.counts.inserted).toBe(20);
    // A re-read of the same pen is a no-op: the pen forgot what it acknowledged.
    const again = createMemoryPair();
    void runSimulator({ transport: again.device, dock });
    const [second] = await dockOnce(deps, again.host, 'test', new AbortController().signal);
    expect(second!.counts).toMatchObject({ inserted: 0, duplicates: 0, flagged: 0, quarantined: 0 });
    expect(count('select count(*) from registrations')).toBe(20);
  });
});
