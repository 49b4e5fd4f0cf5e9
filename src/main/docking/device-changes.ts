import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../log/logger.ts';

export interface DeviceChanges {
  /** True when the OS's devices may have changed since the last time this said true. */
  changed(): boolean;
  close(): void;
}

/**
 * Tells when the serial port list is worth reading again. On Linux, serialport reads it by
 * running udevadm: a fork of this process, which stalled it for over 100 ms (profiled) once it held
 * a busy day in memory, and a stall every scan is felt in every click. There the list is read when
 * /dev changes (a dock plugged in or out) and for a few seconds after, while udev fills in the
 * port's details, and once a minute in case an event was missed.
 * Elsewhere the list is a cheap native call and is read every scan.
 */
export function deviceChanges(
  logger: Logger,
  options: {
    platform?: NodeJS.Platform;
    dir?: string;
    fallbackMs?: number;
    settleMs?: number;
    now?: () => number;
  } = {},
): DeviceChanges {
  const {
    platform = process.platform,
    dir = '/dev',
    fallbackMs = 60_000,
    settleMs = 10_000,
    now = Date.now,
  } = options;
  if (platform !== 'linux') return { changed: () => true, close: () => {} };
  let watcher: FSWatcher;
  let settledAt = -Infinity;
  let fallback = fallbackMs;
  let last = -Infinity;
  try {
    watcher = watch(dir, { persistent: false }, () => {
      settledAt = now() + settleMs;
    });
    watcher.on('error', (error) => {
      logger.debug({ err: error }, 'device folder watch failed; reading the port list every scan');
      watcher.close();
      fallback = 0;
    });
  } catch (error) {
    logger.debug({ err: error }, 'device folder cannot be watched; reading the port list every scan');
    return { changed: () => true, close: () => {} };
  }
  return {
    changed() {
      const t = now();
      if (t < settledAt || t - last >= fallback) {
        last = t;
        return true;
      }
      return false;
    },
    close: () => watcher.close(),
  };
}
