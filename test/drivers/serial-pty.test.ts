import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSerialTransport, isDriverError, runPenSession } from '../../drivers/index.ts';
import type { PenRecord } from '../../drivers/index.ts';
import { openPtyPair, socatAvailable, spawnSimulator, stop } from './support/pty.ts';
import { range } from './support/harness.ts';

async function upload(path: string, options: { batchSize?: number } = {}) {
  const committed: PenRecord[] = [];
  const started = performance.now();
  try {
    const result = await runPenSession({
      transport: createSerialTransport({ path }),
      batchSize: options.batchSize ?? 200,
      // Generous: the simulator is another process on a shared 2-core machine, and a loaded
      // scheduler can pause it longer than the protocol's own timeouts expect of real hardware.
      replyTimeoutMs: 2000,
      interByteTimeoutMs: 300,
      commit: async (records) => {
        committed.push(...records);
      },
    });
    return { result, committed, ms: performance.now() - started };
  } catch (error) {
    return { error, committed, ms: performance.now() - started };
  }
}

// Skipped only where socat is missing: it makes the pty pair the serial transport is tested on.
const suite = socatAvailable ? describe : describe.skip;
const name = socatAvailable
  ? 'serial over a real pty pair (socat), simulator in its own process'
  : 'serial over a real pty pair — skipped: socat is not installed (apt-get install -y socat)';

suite(name, () => {
  it('uploads paced at 115200 baud, no faster than the wire allows', async () => {
    const pty = await openPtyPair();
    let sim: Awaited<ReturnType<typeof spawnSimulator>> | undefined;
    try {
      sim = await spawnSimulator([
        '--serial',
        pty.a,
        '--records',
        '600',
        '--baud',
        '115200',
        '--idle-exit',
        '20',
      ]);
      const got = await upload(pty.b);
      expect(got.error).toBeUndefined();
      expect(got.committed.map((r) => r.seq)).toEqual(range(1, 600));
      // 600 records with mixed UIDs are ~12 kB: ~1 s at 115200 baud, 8N1.
      expect(got.ms).toBeGreaterThan(900);
    } finally {
      if (sim) await stop(sim.child);
      await pty.close();
    }
  });

  it('corrupt CRCs and dropped bytes: every record exactly once', async () => {
    const pty = await openPtyPair();
    let sim: Awaited<ReturnType<typeof spawnSimulator>> | undefined;
    try {
      sim = await spawnSimulator([
        '--serial',
        pty.a,
        '--records',
        '400',
        '--corrupt-crc-every',
        '3',
        '--drop-byte-every',
        '5',
        '--idle-exit',
        '20',
      ]);
      const got = await upload(pty.b, { batchSize: 50 });
      expect(got.error).toBeUndefined();
      expect(got.committed.map((r) => r.seq)).toEqual(range(1, 400));
    } finally {
      if (sim) await stop(sim.child);
      await pty.close();
    }
  });

  it('slow answers and a reset clock', async () => {
    const pty = await openPtyPair();
    let sim: Awaited<ReturnType<typeof spawnSimulator>> | undefined;
    try {
      sim = await spawnSimulator([
        '--serial',
        pty.a,
        '--records',
        '50',
        '--slow-ms',
        '100',
        '--clock-reset',
        '--idle-exit',
        '20',
      ]);
      const got = await upload(pty.b, { batchSize: 25 });
      expect(got.error).toBeUndefined();
      expect(got.result?.clock).toMatchObject({ reset: true, drifted: true });
      expect(got.result?.clock.setTo).toBeDefined();
      expect(got.committed.some((r) => r.clockReset)).toBe(true);
    } finally {
      if (sim) await stop(sim.child);
      await pty.close();
    }
  });

  it('the simulator going away after n records ends the session with the first n committed', async () => {
    const pty = await openPtyPair();
    let sim: Awaited<ReturnType<typeof spawnSimulator>> | undefined;
    try {
      sim = await spawnSimulator([
        '--serial',
        pty.a,
        '--records',
        '300',
        '--disconnect-after',
        '100',
        '--once',
        '--idle-exit',
        '20',
      ]);
      const exited = once(sim.child, 'exit');
      const got = await upload(pty.b, { batchSize: 50 });
      expect(got.committed.map((r) => r.seq)).toEqual(range(1, 100));
      // A pty has no modem lines: the far end going away is seen as silence (all four attempts
      // unanswered), not as a hang-up as a USB-serial adapter reports it. Either way nothing
      // past record 100 was committed or acknowledged.
      expect(isDriverError(got.error), String(got.error)).toBe(true);
      expect(
        isDriverError(got.error) && ['device.disconnectedMidRead', 'device.timeout'].includes(got.error.code),
        String(got.error),
      ).toBe(true);
      await exited;
    } finally {
      if (sim) await stop(sim.child);
      await pty.close();
    }
  });

  it('a port held by another program is reported as portBusy', async () => {
    const pty = await openPtyPair();
    const holder = createSerialTransport({ path: pty.b });
    try {
      await holder.open();
      const error = await createSerialTransport({ path: pty.b })
        .open()
        .catch((e: unknown) => e);
      expect(isDriverError(error, 'device.portBusy'), String(error)).toBe(true);
      const missing = await createSerialTransport({ path: '/dev/does-not-exist' })
        .open()
        .catch((e: unknown) => e);
      expect(isDriverError(missing, 'device.notFound'), String(missing)).toBe(true);
    } finally {
      await holder.close();
      await pty.close();
    }
  });
});
