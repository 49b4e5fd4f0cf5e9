// `caredock sim pen --tcp 0 …` as its own process, the way a trainer or support shows a case.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface SimulatedPen {
  /** tcp://127.0.0.1:PORT, to add under Admin → Devices. */
  path: string;
  stop(): Promise<void>;
}

/** Starts the simulator on a free loopback port; it stops by itself after a minute idle. */
export async function startSimulatedPen(args: string[]): Promise<SimulatedPen> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/caredock.mjs', 'sim', 'pen', '--tcp', '0', '--idle-exit', '60', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /on tcp 127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}): ${out}`));
    });
  });
  return {
    path: `tcp://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
