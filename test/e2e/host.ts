// Starts `caredock serve` as a child process on a fresh data directory, once per test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readyLine = /^CareDock ready at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;
const linkLine = /^CareDock link: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;

export interface Host {
  /** The link the host printed, with the token. It opens one browser session, once. */
  readonly url: string;
  /** Another one-time link, as a person gets one by pressing Enter at the host's terminal. */
  newLink(): Promise<string>;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** `caredock serve` on a given data folder, once it has printed its ready line; stop() ends it. */
export async function serveAt(dataDir: string, timeoutMs = 30_000): Promise<Omit<Host, 'dataDir'>> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/caredock.mjs', 'serve', '--data', dataDir, '--port', '0'],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  const waiting: ((link: string) => void)[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`caredock serve printed no ready line in ${timeoutMs} ms\n${stderr}`)),
      timeoutMs,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const link = linkLine.exec(line.trim())?.[1];
      if (link) waiting.shift()?.(link);
      const match = readyLine.exec(line.trim());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`caredock serve exited with ${code} before it was ready\n${stderr}`));
    });
  });

  const parsed = new URL(url);
  return {
    url,
    newLink: () =>
      new Promise<string>((resolve) => {
        waiting.push(resolve);
        child.stdin?.write('\n');
      }),
    origin: parsed.origin,
    port: Number(parsed.port),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `caredock serve` on a fresh data folder, removed again on stop(). */
export async function startHost(timeoutMs = 30_000): Promise<Host> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-e2e-'));
  const running = await serveAt(dataDir, timeoutMs);
  return {
    ...running,
    dataDir,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers beforeAll/afterAll hooks that run one host for the calling test file. */
export function useHost(): () => Host {
  let host: Host | undefined;
  test.beforeAll(async () => {
    host = await startHost();
  });
  test.afterAll(async () => {
    await host?.stop();
    host = undefined;
  });
  return () => {
    if (!host) throw new Error('the host is not running (useHost() registers it in beforeAll)');
    return host;
  };
}
