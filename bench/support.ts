import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../src/main/core.ts';

/** A real core on a throw-away data folder, quiet, with no device watching. */
export async function benchCore(): Promise<{ core: Core; dir: string; done(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-'));
  const core = await createCore({ dataDir: dir, shell: 'cli', logLevel: 'silent', watchDevices: false });
  return {
    core,
    dir,
    async done() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prints the summary line and returns whether the figure meets its floor. */
export function report(line: string, meets: boolean): boolean {
  console.log(`${line}${meets ? '' : '  ← UNDER FLOOR'}`);
  return meets;
}
