import { describe, expect, it } from 'vitest';
import {
  createTcpTransport,
  isDriverError,
  parseSimPenArgs,
  runPenSession,
  runSimulator,
} from '../../drivers/index.ts';
import { range } from './support/harness.ts';
import { spawnSimulator, stop } from './support/pty.ts';

describe('simulator over TCP and its command line', () => {
  it('serves a dock on 127.0.0.1 and stops by itself after one connection with --once', async () => {
    const sim = await runSimulator({ tcpPort: 0, once: true, pens: [{ records: 250 }] });
    expect(sim.tcpPort).toBeGreaterThan(0);
    const seen: number[] = [];
    const result = await runPenSession({
      transport: createTcpTransport({ port: sim.tcpPort ?? 0 }),
      commit: async (records) => {
        seen.push(...records.map((r) => r.seq));
      },
    });
    expect(result.recordsAcknowledged).toBe(250);
    expect(seen).toEqual(range(1, 250));
    await sim.done;
    const refused = await createTcpTransport({ port: sim.tcpPort ?? 0 })
      .open()
      .catch((e: unknown) => e);
    expect(isDriverError(refused, 'device.notFound')).toBe(true);
  });

  it('runs as its own process (caredock sim pen --tcp) with a multi-slot dock', async () => {
    const sim = await spawnSimulator([
      '--tcp',
      '0',
      '--pens',
      '3',
      '--empty-slots',
      '2',
      '--records',
      '40',
      '--once',
      '--idle-exit',
      '20',
    ]);
    try {
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(sim.output())?.[1]);
      expect(sim.output()).toContain('2 pen(s) in 3 slot(s)');
      const result = await runPenSession({
        transport: createTcpTransport({ port }),
        slot: 3,
        commit: async () => undefined,
      });
      expect(result.recordsAcknowledged).toBe(40);
    } finally {
      await stop(sim.child);
    }
  });

  it('parses sim pen arguments and refuses bad ones', () => {
    expect(
      parseSimPenArgs([
        '--serial',
        '/dev/pts/4',
        '--records',
        '5000',
        '--baud',
        '115200',
        '--corrupt-crc-every',
        '7',
        '--clock-offset=-1200',
      ]),
    ).toEqual({
      serialPath: '/dev/pts/4',
      pens: [{ records: 5000, clockOffsetSeconds: -1200 }],
      baudRate: 115200,
      faults: { corruptCrcEvery: 7 },
      idleTimeoutMs: 1_800_000,
    });
    expect(() => parseSimPenArgs(['--records', '5'])).toThrow(/--serial PATH or --tcp PORT/);
    expect(() => parseSimPenArgs(['--tcp', '1', '--records', 'many'])).toThrow(/whole number/);
    expect(() => parseSimPenArgs(['--tcp', '1', '--bogus'])).toThrow();
  });

  it('rejects impossible simulator options', async () => {
    await expect(runSimulator({ tcpPort: 0, pens: [{ battery: 140 }] })).rejects.toThrow();
    await expect(runSimulator({ pens: [{}] })).rejects.toThrow(/exactly one/);
  });
});
