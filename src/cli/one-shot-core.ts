// The core a one-shot command (install, sync, dock) works on: the data folder given or the
// default one, no device watching, no background sync, quiet logs.
import path from 'node:path';
import type { CoreConfigInput } from '../main/config.ts';
import { createCore, type Core } from '../main/core.ts';
import { defaultDataDir } from '../main/paths.ts';
import { backupProgressPrinter } from './output.ts';
import { readVersion } from './version.ts';

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
    ...overrides,
  });
}
