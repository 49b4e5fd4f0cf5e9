// `caredock serve --demo` for the sync UI tests: a workstation installed against an embedded
// central server (PGlite, in <data>/demo-server). Also a small client of that server's admin API
// (loopback, CA pinned, bearer token), for an install profile and one-time enrolment codes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readyLine = /^CareDock ready at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

export interface DemoHost {
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Starts the demo host and resolves at its single ready line. The first start seeds PGlite. */
export async function startDemoHost(timeoutMs = 110_000): Promise<DemoHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-sync-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/caredock.mjs', 'serve', '--demo', '--data', dataDir, '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
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
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`caredock serve --demo printed no ready line in ${timeoutMs} ms\n${stderr}`)),
        timeoutMs,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = readyLine.exec(line.trim());
        if (!match?.[1]) return;
        clearTimeout(timer);
        resolve(match[1]);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`caredock serve --demo exited with ${code} before it was ready\n${stderr}`));
      });
    });
    return { url, origin: new URL(url).origin, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The demo's central server admin API, on its own loopback listener (from the server's run file). */
export function demoAdmin(dataDir: string, serverUrl: string) {
  const serverDir = path.join(dataDir, 'demo-server');
  const ca = readFileSync(path.join(serverDir, 'pki', 'ca.crt'), 'utf8');
  const token = readFileSync(path.join(serverDir, 'admin-token'), 'utf8').trim();
  const run = JSON.parse(readFileSync(path.join(serverDir, 'server.run.json'), 'utf8')) as {
    adminPort: number;
  };
  const port = run.adminPort;

  function call<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: urlPath,
          servername: 'localhost',
          ca,
          minVersion: 'TLSv1.3',
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 400)
              reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text) as T);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  return {
    /** The install profile file's text, as the municipality hands it out. */
    async profile(municipalityId: string): Promise<string> {
      const profile = await call<unknown>(
        'GET',
        `/admin/municipalities/${encodeURIComponent(municipalityId)}/profile?serverUrl=${encodeURIComponent(serverUrl)}`,
      );
      return JSON.stringify(profile, null, 2);
    },
    async enrolmentCode(providerId: string): Promise<string> {
      const answer = await call<{ code: string }>(
        'POST',
        `/admin/providers/${encodeURIComponent(providerId)}/enrolment-codes`,
        {},
      );
      return answer.code;
    },
    /** Erases a person on the server, which sends the confirmation down by sync. */
    async erasePerson(providerId: string, personalIdentityNumber: string): Promise<unknown> {
      return call<unknown>('POST', `/admin/providers/${encodeURIComponent(providerId)}/people/erase`, {
        personalIdentityNumber,
      });
    },
  };
}
