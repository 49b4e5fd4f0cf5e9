// The pieces every kill -9 test shares: a seeded random source for the kill times, and a child
// process that says "running" once it works and may be killed at any point after.
import { spawn, type ChildProcess } from 'node:child_process';

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface KillableWorker {
  child: ChildProcess;
  /** Resolves once the worker printed "running" (or ended before it). */
  running: Promise<void>;
  /** Its output, once it was killed or ended with 0; rejects on any other end. */
  exit: Promise<string>;
}

export function startWorker(script: string, args: string[]): KillableWorker {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onRunning: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (onRunning = resolve));
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('running')) onRunning();
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<string>((resolve, reject) =>
    child.on('exit', (code, signal) => {
      onRunning();
      if (signal === 'SIGKILL' || code === 0) resolve(out);
      else reject(new Error(`worker exited ${code}: ${err}`));
    }),
  );
  return { child, running, exit };
}
