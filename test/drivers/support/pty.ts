import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export const socatAvailable = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface PtyPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

/** `socat -d -d pty,raw,echo=0 pty,raw,echo=0`: two linked pseudo-terminals, each a real tty. */
export async function openPtyPair(): Promise<PtyPair> {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths: string[] = [];
  let log = '';
  await new Promise<void>((resolve, reject) => {
    socat.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      for (const match of log.matchAll(/PTY is (\S+)/g))
        if (match[1] && !paths.includes(match[1])) paths.push(match[1]);
      if (/starting data transfer loop/.test(log) && paths.length === 2) resolve();
    });
    socat.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
  });
  return {
    a: paths[0] ?? '',
    b: paths[1] ?? '',
    close: () => stop(socat),
  };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The simulator in its own process, as `caredock sim pen` runs it. Resolves once it listens. */
export async function spawnSimulator(args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const cli = new URL('../../../drivers/simulator/cli.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(cli)}); process.exitCode = await m.simPenMain(process.argv.slice(1));`,
      '--',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('simulator:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
  return { child, output: () => out };
}
