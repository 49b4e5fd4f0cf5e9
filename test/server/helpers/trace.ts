// Reading `strace -f -ttt -T -yy` output: which file each fsync/fdatasync flushed and when, and
// which TCP connection each write went to. Enough to ask "was the WAL on disk before the server
// answered this push?" from outside the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Syscall {
  pid: number;
  /** Entry time, seconds since the epoch (strace -ttt). */
  at: number;
  /** Time spent in the call, seconds (strace -T). */
  took: number;
  name: string;
  /** What strace -y/-yy printed for the first argument: a path, or TCP:[local->remote]. */
  target: string;
  result: number;
}

// The fd's annotation: TCP:[a:p->b:q] (holds a ">") or a path.
const FD = String.raw`(\d+)<((?:TCPv?6?|UDP):\[[^\]]*\]|[^>]*)>`;
const LINE = new RegExp(String.raw`^(\d+)\s+(\d+\.\d+)\s+(\w+)\(${FD}.*\)\s+=\s+(-?\d+).*<(\d+\.\d+)>$`);
const UNFINISHED = new RegExp(String.raw`^(\d+)\s+(\d+\.\d+)\s+(\w+)\(${FD}.*<unfinished \.\.\.>$`);
const RESUMED = /^(\d+)\s+\d+\.\d+\s+<\.\.\. (\w+) resumed>.*\)\s+=\s+(-?\d+).*<(\d+\.\d+)>$/;

export function parseStrace(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const pending = new Map<string, Omit<Syscall, 'result' | 'took'>>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) {
      calls.push({
        pid: Number(m[1]),
        at: Number(m[2]),
        name: m[3] ?? '',
        target: m[5] ?? '',
        result: Number(m[6]),
        took: Number(m[7]),
      });
      continue;
    }
    const u = UNFINISHED.exec(line);
    if (u) {
      pending.set(`${u[1]}:${u[3]}`, {
        pid: Number(u[1]),
        at: Number(u[2]),
        name: u[3] ?? '',
        target: u[5] ?? '',
      });
      continue;
    }
    const r = RESUMED.exec(line);
    if (r) {
      const start = pending.get(`${r[1]}:${r[2]}`);
      if (start) {
        pending.delete(`${r[1]}:${r[2]}`);
        calls.push({ ...start, result: Number(r[3]), took: Number(r[4]) });
      }
    }
  }
  return calls.sort((a, b) => a.at - b.at);
}

export const isWalFlush = (c: Syscall): boolean =>
  (c.name === 'fsync' || c.name === 'fdatasync') &&
  c.result === 0 &&
  /\/pg_wal\/[0-9A-F]{24}$/.test(c.target);

/** A write to the TCP connection whose far end is this (client) port. */
export const isWriteTo =
  (clientPort: number) =>
  (c: Syscall): boolean =>
    (c.name === 'write' || c.name === 'writev') && c.result > 0 && c.target.endsWith(`:${clientPort}]`);

export interface AckedPush {
  /** The client's local port: one connection per push. */
  clientPort: number;
  /** When the client sent the request (epoch seconds). */
  sentAt: number;
}

/**
 * For each acknowledged push: the response is the largest write on its connection; a WAL flush
 * must have finished after the request was sent and before that write began. Returns the pushes
 * for which none did (empty: every acknowledgement came after its WAL reached the disk).
 */
export function unflushedAcks(server: Syscall[], flushes: Syscall[], acks: AckedPush[]): AckedPush[] {
  const wal = flushes.filter(isWalFlush);
  return acks.filter((ack) => {
    const writes = server.filter(isWriteTo(ack.clientPort));
    const response = writes.reduce<Syscall | null>(
      (big, w) => (big && big.result >= w.result ? big : w),
      null,
    );
    if (!response) return true;
    return !wal.some((f) => f.at >= ack.sentAt && f.at + f.took <= response.at);
  });
}

export function findStrace(): string | null {
  return ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p)) ?? null;
}

/** Attaches strace to running processes (e.g. every process of a PostgreSQL cluster). */
export async function attachStrace(
  strace: string,
  pids: number[],
  outFile: string,
): Promise<{ stop(): Promise<Syscall[]> }> {
  const child: ChildProcess = spawn(
    strace,
    [
      '-f',
      '-ttt',
      '-T',
      '-y',
      '-e',
      'trace=fsync,fdatasync',
      '-o',
      outFile,
      ...pids.flatMap((p) => ['-p', String(p)]),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    let settled = 0;
    const timer = setTimeout(() => reject(new Error(`strace did not attach: ${err}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      // A process that ended meanwhile (a backend closing) cannot be attached: count it as done.
      settled = (err.match(/Process \d+ attached|No such process/g) ?? []).length;
      if (settled >= pids.length) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`strace exited ${code}: ${err}`));
    });
  });
  return {
    async stop() {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT'); // detaches, the traced processes run on
      await done;
      return parseStrace(readFileSync(outFile, 'utf8'));
    },
  };
}
