// The core a one-shot command (install, sync, dock) works on: the data folder given or the
// default one, no device watching, no background sync, quiet logs.
import path from 'node:path';
import type { CoreConfigInput } from '../main/config.ts';
import { createCore, type Core } from '../main/core.ts';
import { defaultDataDir } from '../main/paths.ts';
import { backupProgressPrinter } from './output.ts';
import { readVersion } from './version.ts';

/**
 * Tests only, as in `caredock serve`: renewal judges the certificate's age this far ahead, so a
 * test can make a fresh certificate due for renewal in `caredock sync --once` too. 0 outside
 * NODE_ENV=test, so an installed PC never renews early because of a stray variable.
 */
export function renewalClockOffsetFromEnv(env: NodeJS.ProcessEnv): number {
  if (env.NODE_ENV !== 'test') return 0;
  const ms = Number(env.CAREDOCK_RENEWAL_CLOCK_OFFSET_MS ?? 0);
  return Number.isInteger(ms) && ms > 0 ? ms : 0;
}

export function oneShotCore(
  dataDir: string | undefined,
  overrides: Partial<Omit<CoreConfigInput, 'dataDir' | 'shell'>> = {},
): Promise<Core> {
  return createCore({
    dataDir: dataDir ? path.resolve(dataDir) : defaultDataDir(),
    shell: 'cli',
    version: readVersion(),
    watchDevices: false,
    syncIntervalSeconds: 0,
    logLevel: 'warn',
    onBackupProgress: backupProgressPrinter(),
    renewalClockOffsetMs: renewalClockOffsetFromEnv(process.env),
    ...overrides,
  });
}
