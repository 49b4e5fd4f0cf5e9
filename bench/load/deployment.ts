// The hosting deployment the load generator runs against: one PostgreSQL cluster, N
// `caredock server start` processes (each with its own copy of one data directory, as on
// separate machines), and Debian's haproxy in front passing TLS through with the PROXY protocol.
// Municipalities, providers and one fixed address per simulated workstation are set up here.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnrolmentCode } from '../../src/server/admin/enrolmentCodes.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../../src/server/admin/organisations.ts';
import { openContext } from '../../src/server/bootstrap.ts';
import { readServerConfig, writeServerConfig } from '../../src/server/config.ts';
import { initServer } from '../../src/server/init.ts';
import { createLogger } from '../../src/server/log.ts';
import { dataPaths } from '../../src/server/paths.ts';
import { freePort, listening } from '../../test/helpers/ports.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? null;

export interface Seat {
  address: string;
  municipalityId: string;
  code: string;
}

export interface Deployment {
  port: number;
  ca: string;
  seats: Seat[];
  url: string;
  kill(i: number): void;
  restart(i: number): Promise<void>;
  /** CPU seconds (user + system) the server processes have used so far, the killed ones included. */
  cpuSeconds(): number;
  close(): Promise<void>;
}

/** 127.(10+m).x.y, never .0 or .255: one address per workstation. */
export const seatAddress = (m: number, j: number): string =>
  `127.${10 + m}.${1 + Math.floor(j / 250)}.${1 + (j % 250)}`;

const cpuOf = (pid: number | undefined): number => {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of /proc/PID/stat; here 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
};

export async function startDeployment(o: {
  url: string;
  processes: number;
  municipalities: number;
  workstations: number;
}): Promise<Deployment> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'caredock-load-'));
  const log = createLogger({ level: 'silent' });
  const database = { engine: 'postgres' as const, url: o.url };
  const seedDir = path.join(base, 'seed');
  await initServer({ dataDir: seedDir, port: 0, database, log });
  const paths = dataPaths(seedDir);
  const cfg = readServerConfig(paths);
  writeServerConfig(paths, {
    ...cfg,
    proxyProtocolFrom: ['127.0.0.1'],
    console: { ...cfg.console, enabled: false },
  });
  const ctx = await openContext({ dataDir: seedDir, database, log });
  const seats: Seat[] = [];
  try {
    for (let m = 0; m < o.municipalities; m++) {
      const municipalityId = String(9001 + m);
      const providerId = `load-${m}`;
      await addMunicipality(ctx, { id: municipalityId, name: `Lastkommun ${m + 1}` });
      await addProvider(ctx, { id: providerId, municipalityId, name: `Lastomsorg ${m + 1}` });
      const here =
        Math.floor(o.workstations / o.municipalities) + (m < o.workstations % o.municipalities ? 1 : 0);
      for (let j = 0; j < here; j++) {
        const address = seatAddress(m, j);
        await addProviderAddress(ctx, { providerId, address });
        const { code } = await createEnrolmentCode(ctx, { providerId });
        seats.push({ address, municipalityId, code });
      }
    }
  } finally {
    await ctx.database.close();
  }
  const ca = readFileSync(paths.caCert, 'utf8');

  const ports: number[] = [];
  const children: (ChildProcess | null)[] = [];
  let cpuOfDead = 0;
  const startOne = async (i: number): Promise<void> => {
    const dir = path.join(base, `server-${i}`);
    if (!existsSync(dir)) cpSync(seedDir, dir, { recursive: true });
    rmSync(path.join(dir, 'server.run.json'), { force: true });
    const child = spawn(
      process.execPath,
      [
        'bin/caredock.mjs',
        'server',
        'start',
        '--data',
        dir,
        '--port',
        String(ports[i]),
        '--allow-non-durable',
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: o.url, CAREDOCK_SERVER_LOG: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children[i] = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server ${i} did not start: ${out}`)), 60_000);
      const onData = (c: Buffer): void => {
        out += c.toString();
        if (out.includes('CareDock server ready at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server ${i} exited ${code}: ${out}`));
      });
    });
  };
  for (let i = 0; i < o.processes; i++) ports.push(await freePort());
  for (let i = 0; i < o.processes; i++) await startOne(i);

  if (HAPROXY === null) throw new Error("no haproxy (install Debian's haproxy package)");
  const port = await freePort();
  const cfgFile = path.join(base, 'haproxy.cfg');
  writeFileSync(
    cfgFile,
    [
      'global',
      '  maxconn 8192',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  retries 2',
      '  option redispatch',
      'frontend sync',
      `  bind 127.0.0.1:${port}`,
      '  default_backend servers',
      'backend servers',
      '  balance roundrobin',
      ...ports.map((p, i) => `  server s${i} 127.0.0.1:${p} send-proxy-v2 check inter 500 fall 2 rise 2`),
      '',
    ].join('\n'),
  );
  const haproxy = spawn(HAPROXY, ['-db', '-f', cfgFile], { stdio: 'ignore' });
  await listening(port, 10_000);

  return {
    port,
    ca,
    seats,
    url: o.url,
    kill(i) {
      const c = children[i];
      cpuOfDead += cpuOf(c?.pid);
      c?.kill('SIGKILL');
      children[i] = null;
    },
    restart: (i) => startOne(i),
    cpuSeconds: () => cpuOfDead + children.reduce((sum, c) => sum + cpuOf(c?.pid), 0),
    async close() {
      haproxy.kill('SIGKILL');
      for (const c of children) c?.kill('SIGTERM');
      await Promise.all(
        children.map((c) =>
          c && c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve(),
        ),
      );
      rmSync(base, { recursive: true, force: true });
    },
  };
}
