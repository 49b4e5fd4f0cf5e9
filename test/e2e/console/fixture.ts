// A central server with its console for the console's browser tests: `caredock server init` and
// `caredock server start` as an administrator runs them (embedded PGlite, free ports), plus the
// CLI for what the test sets up and checks. Browsers are told to accept the console's
// self-signed certificate; everything listens on loopback and stops with the test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer } from 'node:net';

const run = promisify(execFile);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ConsoleServer {
  dataDir: string;
  consoleUrl: string;
  syncUrl: string;
  /** `caredock server …` on this data dir; resolves with stdout. */
  cli(args: string[]): Promise<string>;
  /** `caredock …` (the workstation's commands), e.g. install. */
  caredock(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export async function startConsoleServer(timeoutMs = 90_000): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-console-'));
  const bin = path.join(root, 'bin', 'caredock.mjs');
  const caredock = async (args: string[]): Promise<string> => {
    const { stdout } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test' },
    });
    return stdout;
  };
  const cli = (args: string[]) => caredock(['server', ...args, '--data', dataDir]);
  // A fixed port, so the install profile the console hands out names the address that answers.
  const port = await freePort();
  await caredock([
    'server',
    'init',
    '--data',
    dataDir,
    '--port',
    String(port),
    '--url',
    `https://127.0.0.1:${port}/`,
  ]);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      bin,
      'server',
      'start',
      '--data',
      dataDir,
      '--host',
      '127.0.0.1',
      '--console-port',
      String(await freePort()),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const runFile = path.join(dataDir, 'server.run.json');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(runFile)) {
    if (child.exitCode !== null) throw new Error(`caredock server start exited early\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`caredock server start wrote no run file in ${timeoutMs} ms\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const info = JSON.parse(readFileSync(runFile, 'utf8')) as { port: number; consolePort?: number };
  if (info.consolePort === undefined) {
    await stop();
    throw new Error('the server started without its console');
  }
  return {
    dataDir,
    consoleUrl: `https://127.0.0.1:${info.consolePort}/`,
    syncUrl: `https://127.0.0.1:${info.port}/`,
    cli,
    caredock,
    stop,
  };
}
