// A throwaway PostgreSQL cluster from Debian's binaries: initdb in a temp dir, listening on
// 127.0.0.1 on a free port, stopped by the caller (afterAll). As root, the binaries run as the
// `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../helpers/ports.ts';

export function findPostgresBin(): string | null {
  const candidates = [
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
    '/usr/local/bin',
    '/usr/bin',
  ];
  return (
    candidates.find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl'))) ?? null
  );
}

export interface PgCluster {
  /** A URL for a fresh, empty database in the cluster. */
  createDatabase(name: string): Promise<string>;
  /** The postmaster and every process it has started (to trace them). */
  processes(): number[];
  /** An immediate shutdown (no checkpoint, like a crash) and a start again, on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `durable: true` runs with fsync on (PostgreSQL's default); otherwise fsync is off, which is
 * what most tests want: a throwaway cluster, faster.
 */
export async function startPgCluster(bin: string, opts: { durable?: boolean } = {}): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'caredock-pg-'));
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : -1;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) : -1;
  if (asRoot) chownSync(dir, uid, gid);
  const run = (cmd: string, args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const [file, argv] = asRoot
        ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
        : [path.join(bin, cmd), args];
      execFile(file, argv, { timeout: 60_000 }, (err, _out, stderr) =>
        err ? reject(new Error(`${cmd}: ${stderr || err.message}`)) : resolve(),
      );
    });
  const data = path.join(dir, 'data');
  await run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${opts.durable ? 'on' : 'off'} -c max_connections=100`;
  await run('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', 'start']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    processes() {
      const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const children = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((d) => {
          try {
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ")".
            const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
          } catch {
            return false;
          }
        })
        .map(Number);
      return [postmaster, ...children];
    },
    async restart() {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      await run('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', 'start']);
    },
    async stop() {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
