import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialPortInfo } from '../../drivers/transports/serial.ts';
import { deviceChanges, type DeviceChanges } from '../../src/main/docking/device-changes.ts';
import { serialListSource } from '../../src/main/docking/sources.ts';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('device changes', () => {
  it('on Linux says yes at first, then while the device folder settles after a change, or after a minute', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'caredock-dev-'));
    dirs.push(dir);
    let clock = 0;
    const changes = deviceChanges(logger, {
      platform: 'linux',
      dir,
      fallbackMs: 60_000,
      settleMs: 10_000,
      now: () => clock,
    });
    try {
      expect(changes.changed()).toBe(true);
      expect(changes.changed()).toBe(false);
      clock = 30_000;
      expect(changes.changed()).toBe(false);

      writeFileSync(path.join(dir, 'ttyUSB0'), '');
      let seen = false;
      for (let i = 0; i < 100 && !seen; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = changes.changed();
      }
      expect(seen).toBe(true);
      // udev may still be filling in the port's details: keep looking for a while.
      clock = 35_000;
      expect(changes.changed()).toBe(true);
      clock = 41_000;
      expect(changes.changed()).toBe(false);

      clock = 35_000 + 60_000;
      expect(changes.changed()).toBe(true);
      expect(changes.changed()).toBe(false);
    } finally {
      changes.close();
    }
  });

  it('elsewhere, or without a folder to watch, always says yes', () => {
    const windows = deviceChanges(logger, { platform: 'win32' });
    expect([windows.changed(), windows.changed()]).toEqual([true, true]);
    const missing = deviceChanges(logger, { platform: 'linux', dir: '/nonexistent/caredock' });
    expect([missing.changed(), missing.changed()]).toEqual([true, true]);
  });
});

describe('serial list source', () => {
  it('reads the port list only when devices changed, and keeps the docks it found', async () => {
    let lists = 0;
    const ports: SerialPortInfo[] = [
      { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'CareDock AB' },
    ];
    const list = () => {
      lists++;
      return Promise.resolve(ports);
    };
    const answers = [true, false, false, true];
    let closed = false;
    const changes: DeviceChanges = { changed: () => answers.shift() ?? false, close: () => (closed = true) };
    const source = serialListSource(logger, list, changes);

    const first = await source.scan();
    const second = await source.scan();
    const third = await source.scan();
    expect(lists).toBe(1);
    expect(first.map((d) => d.port)).toEqual(['/dev/ttyUSB0']);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    ports.length = 0;
    expect(await source.scan()).toEqual([]);
    expect(lists).toBe(2);
    source.close?.();
    expect(closed).toBe(true);
  });
});
