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
import { readServerConfig, writeServerConfig, type ServerConfig } from '../../../src/server/config.ts';
import { dataPaths } from '../../../src/server/paths.ts';

const run = promisify(execFile);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ConsoleServer {
  dataDir: string;
  consoleUrl: string;
  syncUrl: string;
  /** `caredock server …` on this data dir; resolves with stdout. */
  cli(args: string[]): Promise<string>;
  /** `caredock …` (the workstation's commands), e.g. install; `env` adds to the test's env. */
  caredock(args: string[], env?: Record<string, string>): Promise<string>;
  /**
   * Stops the server and starts it again on the same ports and data, with `configure` applied to
   * server.json first: the server reads its config only at start, as an administrator's change.
   */
  restart(configure?: Configure): Promise<void>;
  stop(): Promise<void>;
}

/** Changes server.json between `server init` and `server start` (e.g. single sign-on). */
export type Configure = (config: ServerConfig, dataDir: string) => ServerConfig;

export interface ConsoleServerOptions {
  timeoutMs?: number;
  configure?: Configure;
  /**
   * The console's port, fixed before init so a test can name the console's address ahead of
   * time (console.publicUrl, an identity provider's redirect URI). Unset: a free one.
   */
  consolePort?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export async function startConsoleServer(opts: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-console-'));
  const bin = path.join(root, 'bin', 'caredock.mjs');
  const caredock = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
    const { stdout } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', ...env },
    });
    return stdout;
  };
  const cli = (args: string[]) => caredock(['server', ...args, '--data', dataDir]);
  // A fixed port, so the install profile the console hands out names the address that answers.
  const port = await freePort();
  const consolePort = opts.consolePort ?? (await freePort());
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
  const paths = dataPaths(dataDir);
  const reconfigure = (configure: Configure): void =>
    writeServerConfig(paths, configure(readServerConfig(paths), dataDir));
  if (opts.configure) reconfigure(opts.configure);

  const runFile = path.join(dataDir, 'server.run.json');
  let child: ChildProcess | null = null;
  let output = '';
  const halt = async (): Promise<void> => {
    const c = child;
    if (c === null || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async (): Promise<void> => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const launch = async (): Promise<{ port: number; consolePort?: number }> => {
    // A run file left by the last start would say "up" before this one is.
    rmSync(runFile, { force: true });
    output = '';
    const c = spawn(
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
        String(consolePort),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
    );
    child = c;
    c.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    c.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(runFile)) {
      if (c.exitCode !== null) throw new Error(`caredock server start exited early\n${output}`);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`caredock server start wrote no run file in ${timeoutMs} ms\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return JSON.parse(readFileSync(runFile, 'utf8')) as { port: number; consolePort?: number };
  };
  const info = await launch();
  if (info.consolePort === undefined) {
    await stop();
    throw new Error('the server started without its console');
  }
  const restart = async (configure?: Configure): Promise<void> => {
    await halt();
    if (configure) reconfigure(configure);
    await launch();
  };
  return {
    dataDir,
    consoleUrl: `https://127.0.0.1:${info.consolePort}/`,
    syncUrl: `https://127.0.0.1:${info.port}/`,
    cli,
    caredock,
    restart,
    stop,
  };
}
