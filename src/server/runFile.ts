// DATA/server.run.json while a server runs: embedded PGlite must have one process only, so admin
// commands go through the running server's admin API instead of opening the database.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DataPaths } from './paths.ts';

const runInfoSchema = z.object({
  pid: z.number().int(),
  port: z.number().int(),
  host: z.string(),
  /** The admin API's listener, on 127.0.0.1. */
  adminPort: z.number().int(),
  /** The console's listener, when it runs. */
  consolePort: z.number().int().optional(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

const runFile = (paths: DataPaths): string => path.join(paths.root, 'server.run.json');

export function writeRunInfo(paths: DataPaths, info: RunInfo): void {
  writeFileSync(runFile(paths), JSON.stringify(info), { mode: 0o600 });
}

export function removeRunInfo(paths: DataPaths): void {
  rmSync(runFile(paths), { force: true });
}

/**
 * The running server's info, or null when none runs (a stale file from a crash is ignored).
 * Throws when a live process left a file this version cannot read (a server started by an
 * older CareDock): opening its embedded database beside it would corrupt it.
 */
export function readRunInfo(paths: DataPaths): RunInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(runFile(paths), 'utf8'));
  } catch {
    return null;
  }
  const pid = z.object({ pid: z.number().int() }).safeParse(raw);
  if (!pid.success || !alive(pid.data.pid)) return null;
  const info = runInfoSchema.safeParse(raw);
  if (!info.success)
    throw new Error(
      `a server started by another CareDock version runs on ${paths.root} (pid ${pid.data.pid}); restart it with this version first`,
    );
  return info.data;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
